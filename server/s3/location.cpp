#include "s3/location.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <stdexcept>

namespace lenslet::s3 {
namespace {

[[noreturn]] void Refuse(const std::string& why) {
  throw std::invalid_argument("--media-store: " + why +
                              " (expected s3://bucket/prefix?endpoint=http://host:port&region=name)");
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// S3's rules for new buckets: 3-63 of [a-z0-9.-], a letter or digit at each
// end, no "..".
void CheckBucket(std::string_view bucket) {
  bool ok = bucket.size() >= 3 && bucket.size() <= 63 && IsLowerAlnum(bucket.front()) &&
            IsLowerAlnum(bucket.back()) && bucket.find("..") == std::string_view::npos;
  for (char c : bucket) ok = ok && (IsLowerAlnum(c) || c == '.' || c == '-');
  if (!ok) Refuse("'" + std::string(bucket) + "' is not a valid bucket name (3-63 of a-z, 0-9, '.', '-')");
}

std::string CheckPrefix(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.size() > 512) Refuse("the prefix is longer than 512 characters");
  std::size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") Refuse("the prefix has an empty, '.' or '..' segment");
    for (char c : segment) {
      if (!(IsLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-')) {
        Refuse("the prefix may only hold A-Z, a-z, 0-9, '.', '_', '-' and '/'");
      }
    }
    start = end + 1;
  }
  return std::string(path);
}

void CheckRegion(std::string_view region) {
  bool ok = !region.empty() && region.size() <= 64;
  for (char c : region) ok = ok && (IsLowerAlnum(c) || c == '-');
  if (!ok) Refuse("'" + std::string(region) + "' is not a region name (a-z, 0-9, '-')");
}

void SetEndpoint(Location& location, std::string_view text) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) Refuse("endpoint '" + std::string(text) + "' is not a URL");
  const auto& url = *parsed;
  const std::string scheme(url.scheme());
  if (scheme != "http" && scheme != "https") Refuse("endpoint must start with http:// or https://");
  if (url.host().empty() || url.has_userinfo()) Refuse("endpoint must be http(s)://host[:port]");
  if (!(url.path().empty() || url.path() == "/") || url.has_query() || url.has_fragment()) {
    Refuse("endpoint must be http(s)://host[:port], without a path (requests are path-style)");
  }
  if (url.has_port() && (url.port_number() == 0)) Refuse("endpoint has an invalid port");
  location.host = std::string(url.encoded_host_and_port());
  location.endpoint = scheme + "://" + location.host;
}

}  // namespace

std::string Location::ObjectKey(std::string_view name) const {
  if (prefix.empty()) return std::string(name);
  return prefix + "/" + std::string(name);
}

std::string Location::Describe() const {
  return "s3://" + bucket + (prefix.empty() ? "" : "/" + prefix) + " at " + endpoint + " (" + region + ")";
}

Location ParseLocation(std::string_view text) {
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) Refuse("'" + std::string(text) + "' is not a URL");
  const auto& url = *parsed;
  if (url.scheme() != "s3") Refuse("only s3:// URLs are supported");
  if (url.has_userinfo() || url.has_port()) {
    Refuse("keys go in LENSLET_S3_ACCESS_KEY and LENSLET_S3_SECRET_KEY, and the port in endpoint=, not in the URL");
  }
  if (url.has_fragment()) Refuse("a fragment (#) has no meaning here");
  Location location;
  location.bucket = std::string(url.host());
  CheckBucket(location.bucket);
  if (url.encoded_path().find('%') != boost::core::string_view::npos) Refuse("the prefix may not be percent-encoded");
  location.prefix = CheckPrefix(std::string_view(url.encoded_path()));

  std::string endpoint;
  for (const auto& param : url.params()) {
    if (param.key == "endpoint") {
      endpoint = param.value;
    } else if (param.key == "region") {
      location.region = param.value;
    } else {
      Refuse("unknown parameter '" + std::string(param.key) + "'");
    }
  }
  CheckRegion(location.region);
  if (endpoint.empty()) endpoint = "https://s3." + location.region + ".amazonaws.com";
  SetEndpoint(location, endpoint);
  return location;
}

}  // namespace lenslet::s3

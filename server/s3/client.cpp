#include "s3/client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <mutex>
#include <utility>

#include "core/error.hpp"

namespace lenslet::s3 {
namespace {

using core::Error;
using core::ErrorCode;

// Bodies the server reads back are media renditions: anything far bigger is
// not ours, and is refused rather than held in memory.
constexpr std::size_t kMaxBody = 64u << 20;

struct Exchange {
  long status = 0;
  std::string body;
  std::string etag;
  std::optional<std::uint64_t> content_length;
  bool too_big = false;
};

struct Upload {
  std::string_view rest;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (exchange.body.size() + n > kMaxBody) {
    exchange.too_big = true;
    return 0;  // aborts the transfer
  }
  exchange.body.append(data, n);
  return n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (name == "etag") exchange.etag = std::string(value);
  if (name == "content-length") {
    std::uint64_t length = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), length).ec == std::errc()) {
      exchange.content_length = length;
    }
  }
  return n;
}

std::size_t OnRead(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload.rest.size());
  std::memcpy(buffer, upload.rest.data(), n);
  upload.rest.remove_prefix(n);
  return n;
}

// One easy handle per thread, reset between requests: keeps the connection
// to the store alive across the pool thread's requests.
CURL* ThreadHandle() {
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  struct Handle {
    CURL* curl = curl_easy_init();
    ~Handle() { curl_easy_cleanup(curl); }
  };
  thread_local Handle handle;
  if (handle.curl == nullptr) throw Error(ErrorCode::kInternal, "Internal error", {}, "curl_easy_init failed");
  curl_easy_reset(handle.curl);
  return handle.curl;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void Add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

std::string Snippet(std::string_view body) {
  // The store's <Code> says why (SignatureDoesNotMatch, NoSuchBucket, ...).
  const auto start = body.find("<Code>");
  const auto end = body.find("</Code>");
  if (start != std::string_view::npos && end != std::string_view::npos && end > start) {
    return std::string(body.substr(start + 6, end - start - 6));
  }
  return std::string(body.substr(0, 120));
}

struct Call {
  std::string method;
  std::string key;  // empty: the bucket itself
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;  // signed, beside host and x-amz-*
  std::optional<std::string_view> body;                     // PUT
  std::string content_type;
};

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    out += out.empty() ? "?" : "&";
    out += UriEncode(name, true) + "=" + UriEncode(value, true);
  }
  return out;
}

}  // namespace

Client::Client(Location location, Credentials credentials, ClientOptions options)
    : location_(std::move(location)), credentials_(std::move(credentials)), options_(options) {}

namespace {

Exchange Perform(const Location& location, const Credentials& credentials, const ClientOptions& options,
                 const Call& call) {
  const std::string path = "/" + location.bucket + (call.key.empty() ? "" : "/" + UriEncode(call.key, false));
  const std::string amz_date = AmzDate(std::chrono::system_clock::now());
  const std::string payload_hash = call.body ? Sha256Hex(*call.body) : std::string(kEmptySha256);

  RequestToSign request{.method = call.method,
                        .encoded_path = path,
                        .query = call.query,
                        .headers = call.headers,
                        .payload_hash = payload_hash};
  request.headers.emplace_back("host", location.host);
  request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  request.headers.emplace_back("x-amz-date", amz_date);
  const Signed signed_request = SignV4(request, credentials, Scope{location.region, "s3"}, amz_date);

  CURL* curl = ThreadHandle();
  HeaderList headers;
  // Exactly the headers signed, Host included (curl would leave a default port out).
  for (const auto& [name, value] : request.headers) headers.Add(name + ": " + value);
  headers.Add("Authorization: " + signed_request.authorization);
  headers.Add("Expect:");  // no 100-continue round trip: bodies are small
  if (!call.content_type.empty()) headers.Add("Content-Type: " + call.content_type);

  const std::string url = location.endpoint + path + QueryString(call.query);
  Exchange exchange;
  Upload upload{call.body.value_or(std::string_view())};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  if (call.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (call.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.rest.size()));
  } else if (call.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  }

  const CURLcode code = curl_easy_perform(curl);
  const std::string what = call.method + " " + location.Describe() + " " + call.key;
  if (exchange.too_big) {
    throw Error(ErrorCode::kInternal, "Internal error", {}, "S3 " + what + ": answer larger than expected");
  }
  if (code != CURLE_OK) {
    throw Error(ErrorCode::kUnavailable, "The media store is unavailable, try again later", {},
                "S3 " + what + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &exchange.status);
  return exchange;
}

[[noreturn]] void ThrowFor(const Exchange& exchange, const Call& call, const Location& location) {
  const std::string internal = "S3 " + call.method + " " + location.Describe() + " " + call.key + ": HTTP " +
                               std::to_string(exchange.status) + " " + Snippet(exchange.body);
  if (exchange.status == 507) {
    throw Error(ErrorCode::kInsufficientStorage, "The server is out of storage space, try again later", {},
                internal);
  }
  throw Error(ErrorCode::kUnavailable, "The media store is unavailable, try again later", {}, internal);
}

bool Ok(long status) { return status >= 200 && status < 300; }

std::string DecodeEntities(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const auto end = text.find(';', i);
    const auto entity = end == std::string_view::npos ? std::string_view() : text.substr(i, end - i + 1);
    if (entity == "&amp;") out.push_back('&');
    else if (entity == "&lt;") out.push_back('<');
    else if (entity == "&gt;") out.push_back('>');
    else if (entity == "&quot;") out.push_back('"');
    else if (entity == "&apos;") out.push_back('\'');
    else {
      out.push_back('&');
      continue;
    }
    i = end;
  }
  return out;
}

std::string_view Element(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  const auto end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  return xml.substr(start + open.size(), end - start - open.size());
}

}  // namespace

std::vector<ListedObject> ParseListing(std::string_view xml) {
  std::vector<ListedObject> out;
  std::size_t pos = 0;
  while ((pos = xml.find("<Contents>", pos)) != std::string_view::npos) {
    const auto end = xml.find("</Contents>", pos);
    if (end == std::string_view::npos) break;
    const auto entry = xml.substr(pos, end - pos);
    ListedObject object{.key = DecodeEntities(Element(entry, "Key"))};
    const auto size = Element(entry, "Size");
    std::from_chars(size.data(), size.data() + size.size(), object.size);
    if (!object.key.empty()) out.push_back(std::move(object));
    pos = end;
  }
  return out;
}

void Client::Put(std::string_view key, std::string_view body, std::string_view content_type) const {
  const Call call{.method = "PUT", .key = std::string(key), .body = body, .content_type = std::string(content_type)};
  const auto exchange = Perform(location_, credentials_, options_, call);
  if (!Ok(exchange.status)) ThrowFor(exchange, call, location_);
}

std::optional<ObjectInfo> Client::Head(std::string_view key) const {
  const Call call{.method = "HEAD", .key = std::string(key)};
  const auto exchange = Perform(location_, credentials_, options_, call);
  if (exchange.status == 404) return std::nullopt;
  if (!Ok(exchange.status)) ThrowFor(exchange, call, location_);
  return ObjectInfo{.size = exchange.content_length.value_or(0), .etag = exchange.etag};
}

std::optional<std::string> Client::Get(std::string_view key) const {
  const Call call{.method = "GET", .key = std::string(key)};
  auto exchange = Perform(location_, credentials_, options_, call);
  if (exchange.status == 404) return std::nullopt;
  if (!Ok(exchange.status)) ThrowFor(exchange, call, location_);
  return std::move(exchange.body);
}

std::optional<std::string> Client::GetRange(std::string_view key, std::uint64_t first, std::uint64_t last) const {
  const Call call{.method = "GET",
                  .key = std::string(key),
                  .headers = {{"range", "bytes=" + std::to_string(first) + "-" + std::to_string(last)}}};
  auto exchange = Perform(location_, credentials_, options_, call);
  if (exchange.status == 404) return std::nullopt;
  // 200 is a store that ignored the range: the slice is taken here.
  if (exchange.status == 200) {
    if (first >= exchange.body.size()) return std::string();
    return exchange.body.substr(first, last - first + 1);
  }
  if (exchange.status != 206) ThrowFor(exchange, call, location_);
  return std::move(exchange.body);
}

void Client::Delete(std::string_view key) const {
  const Call call{.method = "DELETE", .key = std::string(key)};
  const auto exchange = Perform(location_, credentials_, options_, call);
  if (exchange.status == 404 && exchange.body.find("NoSuchKey") != std::string::npos) return;
  if (!Ok(exchange.status)) ThrowFor(exchange, call, location_);
}

std::vector<ListedObject> Client::List(std::string_view prefix, std::string_view start_after, int max_keys) const {
  Call call{.method = "GET",
            .query = {{"list-type", "2"}, {"max-keys", std::to_string(max_keys)}, {"prefix", std::string(prefix)}}};
  if (!start_after.empty()) call.query.emplace_back("start-after", std::string(start_after));
  std::sort(call.query.begin(), call.query.end());
  const auto exchange = Perform(location_, credentials_, options_, call);
  if (!Ok(exchange.status)) ThrowFor(exchange, call, location_);
  return ParseListing(exchange.body);
}

}  // namespace lenslet::s3

#pragma once
// Where media objects live: `--media-store s3://bucket/prefix?endpoint=http://host:port&region=…`
// (API.md "Operations"). Requests are path-style (endpoint + /bucket/key), so
// any S3-compatible server works, whatever its DNS.
#include <string>
#include <string_view>

namespace lenslet::s3 {

struct Location {
  std::string bucket;
  std::string prefix;    // "" or segments without leading or trailing '/': "lenslet/media"
  std::string endpoint;  // scheme://host[:port], no path: "http://127.0.0.1:9000"
  std::string host;      // the Host header the endpoint implies: "127.0.0.1:9000"
  std::string region = "us-east-1";

  // The object key of a name inside the prefix.
  std::string ObjectKey(std::string_view name) const;
  // For log lines and messages: "s3://bucket/prefix at http://host:port (region)".
  std::string Describe() const;
};

// Throws std::invalid_argument with a message that names what is wrong: the
// scheme, a bucket name S3 would refuse, a prefix with empty, "." or ".."
// segments or characters outside [A-Za-z0-9._-], an endpoint that is not
// http(s)://host[:port], a malformed region or an unknown parameter. Without
// `endpoint`, AWS's own endpoint of the region is used.
Location ParseLocation(std::string_view url);

}  // namespace lenslet::s3

#pragma once
// The media files themselves: GET/HEAD /media/{key...} (outside /api/v1).
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::media_files {

boost::asio::awaitable<http::Response> ServeMedia(Services& services, http::Request& request);

// A single byte range of a `size`-byte file, from a Range header value.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};
enum class RangeOutcome { kWhole, kPartial, kUnsatisfiable };
// kWhole for no header, another unit, several ranges or a malformed value
// (RFC 9110 14.2: a server may ignore Range), kUnsatisfiable when the one
// range starts past the end (or asks for a zero-length suffix).
RangeOutcome ParseRange(std::string_view header, std::uint64_t size, ByteRange& range);

// 416 with the error envelope and `Content-Range: bytes */size`.
http::Response RangeNotSatisfiable(std::uint64_t size);

// Whether an If-None-Match value (a list of entity tags, possibly weak, or
// "*") names `etag`.
bool MatchesETag(std::string_view header, std::string_view etag);

}  // namespace lenslet::api::media_files

// GET/HEAD /media/{key...}: a stored rendition by its key.
//
// Media URLs are capability URLs (docs/architecture.md "Media"): no session is
// checked, because the key is 256 random bits made for one upload, so it can be
// neither guessed nor derived from the image; the API hands a post's URLs only
// to those who may see the post, and the file goes with its post. The bytes
// never change for a key, so they are cached for a year (immutable), with the
// key's hex as a strong ETag (If-None-Match → 304) and single byte ranges.
//
// Only keys of the exact stored shape are served (media::IsValidBlobKey), and
// the raw path may hold no percent-escape, so "..", encoded slashes and other
// path tricks end in 404 before the store is touched. The bytes come from the
// blob store (the data folder or S3, media/blob_store.hpp), always on the files
// pool, never on a network thread: a whole rendition (at most a few hundred KB)
// or, for a Range request, its size and then only the asked bytes. The same
// answers either way, so an instance serves media another instance stored; an
// unreachable object store gives 503. A 304 needs no store at all.
#include <charconv>

#include "api/media/media.hpp"
#include "core/error.hpp"
#include "media/blob_store.hpp"

namespace lenslet::api::media_files {
namespace {

constexpr std::string_view kCacheControl = "public, max-age=31536000, immutable";

std::string_view ContentTypeOf(std::string_view key) {
  const auto ext = key.substr(key.rfind('.') + 1);
  if (ext == "webp") return "image/webp";
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "avif") return "image/avif";
  return "application/octet-stream";
}

// The 64 hex digits of the key: "ab/cd/<hash>.<ext>".
std::string ETagOf(std::string_view key) {
  const auto name = key.substr(key.rfind('/') + 1);
  return "\"" + std::string(name.substr(0, name.find('.'))) + "\"";
}

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

http::Response CachedResponse(int status, std::string_view key) {
  http::Response response;
  response.status = status;
  response.WithHeader("Cache-Control", std::string(kCacheControl))
      .WithHeader("ETag", ETagOf(key))
      .WithHeader("X-Content-Type-Options", "nosniff")
      .WithHeader("Accept-Ranges", "bytes");
  return response;
}

}  // namespace

bool MatchesETag(std::string_view header, std::string_view etag) {
  // A list of entity tags, possibly weak (W/"..."), or "*".
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    auto item = header.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    pos = end + 1;
  }
  return false;
}

http::Response RangeNotSatisfiable(std::uint64_t size) {
  auto response = http::Response::Json(416, {{"error",
                                              {{"code", "range_not_satisfiable"},
                                               {"message", "The requested range is outside the file"}}}});
  response.WithHeader("Content-Range", "bytes */" + std::to_string(size));
  return response;
}

RangeOutcome ParseRange(std::string_view header, std::uint64_t size, ByteRange& range) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.empty() || !header.starts_with(kUnit)) return RangeOutcome::kWhole;
  const auto spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return RangeOutcome::kWhole;
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeOutcome::kWhole;
  const auto first_text = spec.substr(0, dash);
  const auto last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // "-n": the last n bytes
    const auto suffix = ParseNumber(last_text);
    if (!suffix) return RangeOutcome::kWhole;
    if (*suffix == 0 || size == 0) return RangeOutcome::kUnsatisfiable;
    range = {size - std::min(*suffix, size), size - 1};
    return RangeOutcome::kPartial;
  }
  const auto first = ParseNumber(first_text);
  if (!first) return RangeOutcome::kWhole;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto parsed = ParseNumber(last_text);
    if (!parsed || *parsed < *first) return RangeOutcome::kWhole;
    last = std::min(*parsed, last);
  }
  if (*first >= size) return RangeOutcome::kUnsatisfiable;
  range = {*first, last};
  return RangeOutcome::kPartial;
}

boost::asio::awaitable<http::Response> ServeMedia(Services& services, http::Request& request) {
  const std::string& key = request.Param("key");
  const std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find('?'));
  if (services.media == nullptr || raw_path.find('%') != std::string_view::npos ||
      !lenslet::media::IsValidBlobKey(key)) {
    core::ThrowNotFound("No such file");
  }
  if (MatchesETag(request.Header("If-None-Match"), ETagOf(key))) co_return CachedResponse(304, key);

  auto& blobs = services.media->blobs;
  auto& files = services.media->files;
  const std::string range_header(request.Header("Range"));
  std::optional<std::string> bytes;
  ByteRange range;
  RangeOutcome outcome = RangeOutcome::kWhole;
  std::uint64_t size = 0;
  if (range_header.empty()) {
    bytes = co_await files.Run([&blobs, &key] { return blobs.Read(key); });
    if (!bytes) core::ThrowNotFound("No such file");
    size = bytes->size();
  } else {
    // The size first, so that only the asked bytes leave the store.
    const auto info = co_await files.Run([&blobs, &key] { return blobs.Stat(key); });
    if (!info) core::ThrowNotFound("No such file");
    size = info->size;
    outcome = ParseRange(range_header, size, range);
    if (outcome != RangeOutcome::kUnsatisfiable) {
      bytes = co_await files.Run([&blobs, &key, outcome, range] {
        return outcome == RangeOutcome::kPartial ? blobs.ReadRange(key, range.first, range.last) : blobs.Read(key);
      });
      if (!bytes) core::ThrowNotFound("No such file");
    }
  }

  switch (outcome) {
    case RangeOutcome::kWhole: {
      auto response = CachedResponse(200, key);
      response.content_type = ContentTypeOf(key);
      response.body = std::move(*bytes);
      co_return response;
    }
    case RangeOutcome::kPartial: {
      auto response = CachedResponse(206, key);
      response.content_type = ContentTypeOf(key);
      response.WithHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                               std::to_string(range.last) + "/" + std::to_string(size));
      response.body = std::move(*bytes);
      co_return response;
    }
    case RangeOutcome::kUnsatisfiable:
      break;
  }
  co_return RangeNotSatisfiable(size);
}

}  // namespace lenslet::api::media_files

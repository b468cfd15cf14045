#include "media/s3_blob_store.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace lenslet::media {
namespace {

using core::Error;
using core::ErrorCode;

void RequireKey(std::string_view key, ErrorCode code) {
  if (!IsValidBlobKey(key)) throw Error(code, code == ErrorCode::kNotFound ? "Not found" : "Invalid key", {},
                                        "blob key: " + std::string(key));
}

std::string_view ContentTypeOf(std::string_view key) {
  const auto ext = key.substr(key.rfind('.') + 1);
  if (ext == "webp") return "image/webp";
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "avif") return "image/avif";
  return "application/octet-stream";
}

}  // namespace

S3BlobStore::S3BlobStore(s3::Client client) : client_(std::move(client)) {}

void S3BlobStore::PutAs(std::string_view key, std::string_view bytes) {
  RequireKey(key, ErrorCode::kInvalidValue);
  client_.Put(client_.location().ObjectKey(key), bytes, ContentTypeOf(key));
}

std::optional<BlobInfo> S3BlobStore::Stat(std::string_view key) const {
  if (!IsValidBlobKey(key)) return std::nullopt;
  const auto info = client_.Head(client_.location().ObjectKey(key));
  if (!info) return std::nullopt;
  return BlobInfo{.size = info->size, .etag = info->etag};
}

void S3BlobStore::Delete(std::string_view key) {
  RequireKey(key, ErrorCode::kNotFound);
  client_.Delete(client_.location().ObjectKey(key));
}

std::optional<std::string> S3BlobStore::Read(std::string_view key) const {
  RequireKey(key, ErrorCode::kNotFound);
  return client_.Get(client_.location().ObjectKey(key));
}

std::optional<std::string> S3BlobStore::ReadRange(std::string_view key, std::uint64_t first,
                                                  std::uint64_t last) const {
  RequireKey(key, ErrorCode::kNotFound);
  if (last < first) return std::string();
  return client_.GetRange(client_.location().ObjectKey(key), first, last);
}

std::vector<std::string> S3BlobStore::KeysAfter(std::string_view after, int limit) const {
  const auto& location = client_.location();
  const std::string prefix = location.prefix.empty() ? "" : location.prefix + "/";
  std::vector<std::string> keys;
  std::string start_after = after.empty() ? std::string() : prefix + std::string(after);
  // Pages of at most 1000 (S3's cap); objects of another shape under the
  // prefix are skipped, so a page may need another.
  while (static_cast<int>(keys.size()) < limit) {
    const int want = std::min(1000, limit - static_cast<int>(keys.size()));
    const auto page = client_.List(prefix, start_after, want);
    if (page.empty()) break;
    for (const auto& object : page) {
      std::string key = object.key.substr(prefix.size());
      if (IsValidBlobKey(key)) keys.push_back(std::move(key));
    }
    start_after = page.back().key;
    if (static_cast<int>(page.size()) < want) break;
  }
  return keys;
}

}  // namespace lenslet::media

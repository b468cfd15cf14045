#pragma once
// Media in an S3-compatible object store (`--media-store s3://…`): the same
// keys as on disk, each an object under the location's prefix. A PUT is
// atomic in S3, so there is no temporary name to rename; every call is one
// blocking request (s3/client.hpp), run on the files pool by the callers.
#include "media/blob_store.hpp"
#include "s3/client.hpp"

namespace lenslet::media {

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(s3::Client client);

  void PutAs(std::string_view key, std::string_view bytes) override;
  std::optional<BlobInfo> Stat(std::string_view key) const override;
  void Delete(std::string_view key) override;
  std::optional<std::string> Read(std::string_view key) const override;
  std::optional<std::string> ReadRange(std::string_view key, std::uint64_t first,
                                       std::uint64_t last) const override;
  std::vector<std::string> KeysAfter(std::string_view after, int limit) const override;

  const s3::Location& location() const { return client_.location(); }

 private:
  s3::Client client_;
};

}  // namespace lenslet::media

#include "app/blob_store_config.hpp"

#include <filesystem>

#include "media/s3_blob_store.hpp"
#include "s3/location.hpp"

namespace lenslet::app {

std::unique_ptr<media::BlobStore> OpenBlobStore(const Config& config) {
  if (config.media_store.empty()) {
    return std::make_unique<media::DiskBlobStore>(std::filesystem::path(config.data_dir) / "media");
  }
  return std::make_unique<media::S3BlobStore>(
      s3::Client(s3::ParseLocation(config.media_store), s3::Credentials{config.s3_access_key, config.s3_secret_key}));
}

std::string DescribeBlobStore(const Config& config) {
  if (config.media_store.empty()) return "the data folder " + (std::filesystem::path(config.data_dir) / "media").string();
  return s3::ParseLocation(config.media_store).Describe();
}

}  // namespace lenslet::app

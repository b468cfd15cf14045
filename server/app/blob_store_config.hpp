#pragma once
// The blob store a configuration names: the data folder's media/ (default) or
// the S3-compatible store of --media-store (API.md "Operations").
#include <memory>

#include "app/config.hpp"
#include "media/blob_store.hpp"

namespace lenslet::app {

// Throws std::invalid_argument for a --media-store the parser should already
// have refused.
std::unique_ptr<media::BlobStore> OpenBlobStore(const Config& config);

// "the data folder <dir>/media" or "s3://bucket/prefix at http://host:port (region)".
std::string DescribeBlobStore(const Config& config);

}  // namespace lenslet::app

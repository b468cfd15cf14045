#pragma once
// The two halves around a write unit that references media files (posts,
// avatars, message images); api/media/ingest.hpp is the way in. Whether a file
// may be deleted is decided by media_blobs' reference counts
// (store/media_store.hpp):
//
//   auto stored = co_await PutImages(services, images);     // files first (a post
//   co_await WriteReferencing(services, stored, unit);      // exists only when all
//                                                            // its media exist)
//   co_await DeleteUnreferenced(services, released);         // after a delete commits
//
// Every Put gets a fresh random key (media/blob_store.hpp), so a new file is
// referenced by its own upload only and nothing else can release it. Keys
// stored before that change were content-addressed and may be shared by
// several rows: for those the reference counts still decide, and
// DeleteUnreferenced checks the rows again just before unlinking.
//
// The namespace is media_files, not media, so that lenslet::media stays
// visible by its short name inside api/.
#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "api/services.hpp"
#include "media/image_processor.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::media_files {

// The renditions of one processed image as stored: variants with their keys,
// and the bytes of each key (kept until the unit commits, for EnsureStored).
struct StoredImage {
  store::PostMediaRow row;  // position and alt left for the caller
};

struct StoredImages {
  std::vector<StoredImage> images;
  std::map<std::string, std::string> bytes_by_key;

  std::vector<std::string> keys() const;
};

// Puts every variant of every image in the blob store, on the files pool. On
// failure the files it wrote that no row references are deleted again.
boost::asio::awaitable<StoredImages> PutImages(Services& services,
                                               std::vector<lenslet::media::ProcessedImage> images);

// Inside the write unit (a database worker thread): writes again the files of
// `new_keys` that are missing. Belt and braces since keys are random (nothing
// else can release a fresh key); kept for the message door (detail::Send).
void EnsureStored(lenslet::media::BlobStore& blobs, const std::vector<std::string>& new_keys,
                  const std::map<std::string, std::string>& bytes_by_key);

// Deletes the files of those `keys` that no row references; call it after the
// unit that released them committed (post deletion, avatar change, account
// purge). Tries up to three times with a short pause when the store fails,
// then logs the keys left behind (an error line naming each). Never throws: a
// file left behind is garbage, not an error for the caller.
boost::asio::awaitable<void> DeleteUnreferenced(Services& services, std::vector<std::string> keys);

// The first bytes of a spooled upload, enough to tell its type by content
// (media::RequireImageType). Disk I/O: run it on the files pool.
std::string ReadUploadHead(const std::filesystem::path& path);

}  // namespace lenslet::api::media_files

#pragma once
// The archive of one export (issue 14.7, API.md "Accounts for real life"): a
// ZIP of JSON files and photos, built in bounded memory.
//
//   README.txt        what is where
//   profile.json      the account (email included) and its avatar's file
//   posts.json        the user's posts: caption, hashtags, alt texts, dates,
//                     and the file of each photo in media/posts/
//   comments.json     comments the user wrote
//   likes.json        posts the user liked; saves.json: posts they saved
//   followers.json    who follows them (or asked to); following.json: whom they follow
//   conversations.json the conversations they are in, with the messages they
//                     can see there (what GET /conversations/{id}/messages
//                     shows them: nothing of someone in a block with them,
//                     nothing up to where they deleted the conversation), and
//                     of each participant what the conversation view shows
//   media/            posts/<postId>-<n>.<ext>, messages/<messageId>.<ext>, avatar.<ext>
//
// Photos are the largest stored rendition, byte for byte: Lenslet does not
// keep the uploaded file itself (uploads are re-encoded and stripped of EXIF,
// DESIGN.md "Security defaults"), so that is the best copy there is.
//
// JSON files are written to "<dir>/<id>.staging/" a page at a time, then the
// archive streams them and the photos into "<dir>/<id>.zip" (ZipWriter:
// complete or absent). Blocking: run it on a worker pool.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "media/blob_store.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

struct ArchiveJob {
  store::ExportId id;
  core::UserId user;
  std::filesystem::path dir;  // <data-dir>/exports
  // Bytes read per second while writing the archive (0: as fast as the disk
  // goes), so an export does not starve the instance's disk.
  std::uint64_t bytes_per_second = 0;
  // Called between pieces of work; throws (ExportCancelled) to stop: a
  // shutdown, or a lease that is no longer ours. What was written is removed.
  std::function<void()> check;
};

struct ExportCancelled : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BuiltArchive {
  std::filesystem::path path;
  std::uint64_t size = 0;
};

// The complete archive's file name for an export id: "<id>.zip".
std::filesystem::path ArchivePath(const std::filesystem::path& dir, store::ExportId id);

// Removes every file of export `id` in `dir` (the archive, libzip's
// temporaries "<id>.zip.*", the staging folder). Returns how many went.
std::size_t RemoveExportFiles(const std::filesystem::path& dir, store::ExportId id);

// Builds the archive of job.user. Leftovers of an earlier attempt are removed
// first; on any failure nothing of this attempt is left. The archive is
// fsynced (file and folder) before this returns.
BuiltArchive BuildArchive(db::Database& db, const media::BlobStore& blobs, const ArchiveJob& job);

}  // namespace lenslet::api::exports

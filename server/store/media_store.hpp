#pragma once
// Reference counts of the content-addressed media files (media_blobs): one
// reference per post_media_variants row, per message_media_variants row and
// per users.avatar_key. Files are written by media::BlobStore BEFORE the unit
// that references them, and deleted
// AFTER the unit that released them commits — the database decides, the blob
// store only stores (see api/media/blob_refs.hpp for the two halves around a unit).
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class MediaStore {
 public:
  // One reference per occurrence of a key in `keys`. Returns the keys that had
  // no row before (nobody referenced them): their files may have been deleted
  // by a concurrent release, so the caller makes sure they exist. Keys are
  // locked in sorted order, so two units cannot deadlock on PostgreSQL.
  std::vector<std::string> AddRefs(db::Connection& c, const std::vector<std::string>& keys) const;
  // Drops one reference per occurrence. Returns the keys nobody references any
  // more (their rows are gone): delete their files once the unit has committed.
  std::vector<std::string> Release(db::Connection& c, const std::vector<std::string>& keys) const;
  // The subset of `keys` that some row references.
  std::vector<std::string> Referenced(db::Connection& c, const std::vector<std::string>& keys) const;
  // Every referenced key after `after` (exclusive; "" from the start), in key
  // order, at most `limit`: how a backup walks all media a few thousand at a
  // time.
  std::vector<std::string> KeysAfter(db::Connection& c, const std::string& after, int limit) const;

  // Sets (or with nullopt clears) the user's avatar_key, references the new key
  // and releases the old one. Returns the released keys (see Release). Throws
  // Error(kNotFound) when there is no such user.
  std::vector<std::string> ReplaceAvatar(db::Connection& c, core::UserId user,
                                         const std::optional<std::string>& key, core::Millis now) const;
};

}  // namespace lenslet::store

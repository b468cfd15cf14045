#pragma once
// What an export archive holds of its owner (issue 14.7), read a page at a
// time in keyset order so an account of any size is exported in bounded
// memory. Posts, conversations and messages come from their own stores
// (PostStore::LoadPage, ConversationStore::ListForMember, MessageStore::
// ListAfter), which already apply what the owner may see; this store reads the
// rest: the account, their comments, likes, saves and follows.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

// The account as its owner knows it (the email included).
struct ExportProfileRow {
  core::UserId id;
  std::string username;
  std::string email;
  std::string display_name;
  std::string bio;
  std::string website;
  std::optional<std::string> avatar_key;
  bool is_private = false;
  std::int64_t post_count = 0;
  std::int64_t follower_count = 0;
  std::int64_t following_count = 0;
  core::Millis created_at = 0;
};

struct ExportCommentRow {
  core::CommentId id;
  core::PostId post;
  std::string text;
  core::Millis created_at = 0;
};

// A like or a save: the post and when.
struct ExportMarkRow {
  core::PostId post;
  core::Millis created_at = 0;
};

// One side of a follow: the other person, and whether it is accepted (else a
// pending request).
struct ExportFollowRow {
  core::UserId user;
  std::string username;
  bool accepted = true;
  core::Millis created_at = 0;
};

struct ExportHashtagRow {
  core::PostId post;
  std::string name;
};

class ExportDataStore {
 public:
  std::optional<ExportProfileRow> Profile(db::Connection& c, core::UserId user) const;
  // The ids of the user's posts after `after` (0: from the first), oldest first.
  std::vector<core::PostId> PostIds(db::Connection& c, core::UserId user, core::PostId after, int limit) const;
  // The hashtags of the user's posts with ids in [first, last]. One statement.
  std::vector<ExportHashtagRow> Hashtags(db::Connection& c, core::UserId user, core::PostId first,
                                         core::PostId last) const;
  // Comments the user wrote, after comment `after`, oldest first.
  std::vector<ExportCommentRow> Comments(db::Connection& c, core::UserId user, core::CommentId after,
                                         int limit) const;
  // Likes / saves of the user, by post id after `after`.
  std::vector<ExportMarkRow> Likes(db::Connection& c, core::UserId user, core::PostId after, int limit) const;
  std::vector<ExportMarkRow> Saves(db::Connection& c, core::UserId user, core::PostId after, int limit) const;
  // Who follows (or asked to follow) the user / whom the user follows (or
  // asked to), by the other's id after `after`.
  std::vector<ExportFollowRow> Followers(db::Connection& c, core::UserId user, core::UserId after, int limit) const;
  std::vector<ExportFollowRow> Following(db::Connection& c, core::UserId user, core::UserId after, int limit) const;
};

}  // namespace lenslet::store

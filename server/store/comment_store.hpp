#pragma once
// Comments, with posts.comment_count kept exact in the same unit. The count is
// what everyone sees: restricted comments (written while the post's author
// restricted their author, visible only to the two of them) are not in it.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/seen_user.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

struct CommentRow {
  core::CommentId id;
  core::PostId post;
  PublicUserRow author;
  std::string text;
  core::Millis created_at = 0;
};

// Enough to authorise a delete.
struct CommentHeader {
  core::CommentId id;
  core::PostId post;
  core::UserId author;
};

// A post as its viewer sees it (store/seen_user.hpp) with a page of its comments.
struct CommentsOfSeenPost {
  SeenPost post;
  bool author_has_hidden_words = false;  // false: no hidden word of the author's can hide a comment
  std::vector<CommentRow> comments;
};

class CommentStore {
 public:
  // Inserts the comment and counts it unless `restricted`. Returns the new id.
  core::CommentId Insert(db::Connection& c, core::PostId post, core::UserId author, std::string_view text,
                         core::Millis now, bool restricted = false) const;
  std::optional<CommentHeader> FindHeader(db::Connection& c, core::CommentId id) const;
  // Deletes the comment and the notifications about it, and uncounts it.
  // False when there was no such comment.
  bool Delete(db::Connection& c, core::CommentId id) const;

  // The post's comments, OLDEST first, with ids above `after` (all when
  // nullopt), leaving out authors blocked either way with `viewer` (0:
  // anonymous) and restricted comments unless the viewer wrote them or the
  // post. One statement whatever `limit` is.
  std::vector<CommentRow> List(db::Connection& c, core::PostId post, core::UserId viewer,
                               std::optional<core::CommentId> after, int limit) const;
  // In ONE statement: the post as `viewer` sees it (SeenUserStore::FindPost),
  // whether its author keeps hidden words, and what List gives. nullopt when
  // there is no such post. Whether the viewer may see the post is the
  // caller's decision (api/posts/detail/post_access.hpp): when not, the
  // comments were read for nothing and must not be shown.
  std::optional<CommentsOfSeenPost> ListWithPost(db::Connection& c, core::PostId post, core::UserId viewer,
                                                 std::optional<core::CommentId> after, int limit) const;
  // The comments of `ids` (any order, unknown ones skipped): one statement.
  std::vector<CommentRow> FindMany(db::Connection& c, std::span<const core::CommentId> ids) const;
};

}  // namespace lenslet::store

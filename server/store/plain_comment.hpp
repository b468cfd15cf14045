#pragma once
// A comment in ONE statement on PostgreSQL (issue 16.3): the write unit of a
// comment and the push's read were six round trips, each a wait on the
// database a cluster shares. Beside CommentStore, as LikeStore::LikeIfVisible
// is beside the like's unit.
#include <optional>
#include <string_view>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/notification_push_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// What CommentIfPlain wrote.
struct CommentWritten {
  core::CommentId id;
  core::UserId post_author;
  PublicUserRow commenter;                           // as the new comment shows them
  std::optional<core::NotificationId> notification;  // the post author's new "comment"
  // That notification as the live push shows it (store::FindForPush's row,
  // the comment's text included), read in the same statement; nullopt when
  // the author's list leaves it out.
  std::optional<PushRow> pushed;
};

// PostgreSQL only, ONE statement for db::WriteStatementNow: the comment, its
// count and the post author's "comment" notification (NotificationStore::
// Upsert's row) with its push, written only in the plain case: the post
// plainly is one `commenter` may see (LikeStore::LikeIfVisible's rule), and
// the comment is neither restricted nor one the author's hidden words could
// hide — the commenter wrote the post, or its author neither restricts them
// nor keeps hidden words. The caller leaves comments with mentions to the
// unit. nullopt otherwise, with nothing written: the caller runs its full
// unit (api/posts/detail/engagement.hpp StoreComment), which decides every
// case as before.
std::optional<CommentWritten> CommentIfPlain(db::Connection& c, core::UserId commenter, core::PostId post,
                                             std::string_view text, core::Millis now);

}  // namespace lenslet::store

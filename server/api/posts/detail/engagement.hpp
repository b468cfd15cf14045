#pragma once
// The write units of a like, an unlike and a comment, apart from their HTTP
// doors so that engagement_statements_dbtest.cpp can count what each costs the
// database (issue 16: every statement is a round trip on the shared database).
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/notifications/push.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/like_store.hpp"

namespace lenslet::api::posts::detail {

struct LikeOutcome {
  store::LikeChange change;
  // Whether the caller may see the post (an unlike of a post that turned
  // invisible still removes the like, and answers without the count).
  bool visible = true;
  std::vector<notifications::Created> notified;
  // Pushes the write already rendered from what its statement read
  // (notifications::EmitRendered); the others are in `notified`.
  std::vector<std::pair<core::UserId, boost::json::object>> rendered;
};

// POST /posts/{id}/like inside the caller's write unit: 404 for a post the
// caller cannot see; the like, its count and the author's notification.
LikeOutcome StoreLike(db::Connection& c, core::UserId me, core::PostId post, core::Millis now);

// DELETE /posts/{id}/like inside the caller's write unit: 404 for no such post,
// and for one the caller cannot see and held no like on.
LikeOutcome RemoveLike(db::Connection& c, core::UserId me, core::PostId post);

// The whole write of a like (an unlike) as LikePost (UnlikePost) runs it,
// blocking — on the database's worker pool: on PostgreSQL ONE round trip when
// the post plainly is one the caller may see (store::LikeStore::LikeIfVisible
// in autocommit, db::WriteStatementNow), else StoreLike (RemoveLike) in a
// write unit — SQLite, or any case the statement leaves to the unit. The same
// answers and errors either way. The one statement also reads the author's
// push: rendered at once when PostMediaCache holds the post's images.
LikeOutcome LikeNow(db::Database& db, core::UserId me, core::PostId post, core::Millis now);
LikeOutcome UnlikeNow(db::Database& db, core::UserId me, core::PostId post);

struct CommentOutcome {
  boost::json::object comment;  // as the answer shows it
  std::vector<notifications::Created> notified;
  // Pushes already rendered for their recipients, to emit as they are
  // (notifications::EmitRendered); the others are in `notified`.
  std::vector<std::pair<core::UserId, boost::json::object>> rendered;
};

// POST /posts/{id}/comments inside the caller's write unit (`text` validated,
// `mentions` parsed from it): 404 for a post the caller cannot see; the
// comment, its count, the author's and the mentioned users' notifications
// (api/users/visibility.hpp: none for a restricted comment, none to an author
// whose hidden words it holds).
CommentOutcome StoreComment(db::Connection& c, core::UserId me, core::PostId post, const std::string& text,
                            const std::vector<std::string>& mentions, core::Millis now);

// The whole write of a comment as CreateComment runs it, blocking — on the
// database's worker pool: on PostgreSQL ONE round trip in the plain case
// (store::CommentIfPlain in autocommit, db::WriteStatementNow; a comment
// without mentions), else StoreComment in a write unit and the push's read —
// SQLite, or any case the statement leaves to the unit. The same answers and
// errors either way.
CommentOutcome CommentNow(db::Database& db, core::UserId me, core::PostId post, const std::string& text,
                          const std::vector<std::string>& mentions, core::Millis now);

}  // namespace lenslet::api::posts::detail

#include "api/posts/detail/show_post.hpp"

#include <array>

#include "api/posts/detail/post_access.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/post_store.hpp"
#include "store/seen_user.hpp"

namespace lenslet::api::posts::detail {
namespace {

// The unit GET /posts/{id} ran before issue 16: what the statement's form
// falls back to, and the rule it must agree with.
boost::json::object ShowInUnit(db::Database& db, std::optional<core::UserId> viewer, core::PostId id) {
  return db.ReadNow([&](db::Connection& c) {
    LoadVisiblePost(c, viewer, id);
    const auto post = store::PostStore().Load(c, id, viewer.value_or(core::UserId()));
    if (!post) core::ThrowNotFound("No such post");
    return views::Post(*post);
  });
}

}  // namespace

boost::json::object ShowPostNow(db::Database& db, std::optional<core::UserId> viewer, core::PostId id) {
  std::uint64_t database = 0;  // the key of the images' cache: the connection knows it
  bool needs_role = false;
  auto post = db::ReadStatementNow(db, [&](db::Connection& c) -> std::optional<store::PostRow> {
    database = c.database_id();
    auto found = store::SeenUserStore().FindPostToShow(c, id, viewer.value_or(core::UserId()));
    if (!found) core::ThrowNotFound("No such post");
    // Deciding for a hidden author may read the viewer's role: a second
    // statement, which this unit may not run.
    if (found->seen.author.seen.hidden && viewer != found->seen.author.user.id) {
      needs_role = true;
      return std::nullopt;
    }
    VisiblePostOf(c, viewer, std::move(found->seen));  // throws kNotFound, runs no statement
    return std::move(found->post);
  });
  if (needs_role) return ShowInUnit(db, viewer, id);

  std::vector<store::PostRow> shown{std::move(*post)};
  const store::PostStore store;
  if (const auto missing = store.MediaFromCache(database, shown); !missing.empty()) {
    db::ReadStatementNow(db, [&](db::Connection& c) { store.ReadMedia(c, shown, missing); });
  }
  // Deleted between the two statements.
  if (shown.empty()) core::ThrowNotFound("No such post");
  return views::Post(shown.front());
}

}  // namespace lenslet::api::posts::detail

#include "api/posts/detail/show_post.hpp"

#include "api/detail/post_json.hpp"
#include "api/posts/detail/post_access.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/post_store.hpp"
#include "store/seen_user.hpp"

namespace lenslet::api::posts::detail {

http::JsonText ShowPostNow(db::Database& db, std::optional<core::UserId> viewer, core::PostId id) {
  const auto me = viewer.value_or(core::UserId());
  std::uint64_t database = 0;  // the key of the images' cache: the connection knows it
  auto post = db::ReadStatementOrUnitNow(
      db,
      [&](db::Connection& c) -> std::optional<store::PostRow> {
        database = c.database_id();
        auto found = store::SeenUserStore().FindPostToShow(c, id, me);
        if (!found) core::ThrowNotFound("No such post");
        // Deciding for a hidden author may read the viewer's role: a second
        // statement, which this unit may not run.
        if (found->seen.author.seen.hidden && viewer != found->seen.author.user.id) return std::nullopt;
        VisiblePostOf(c, viewer, std::move(found->seen));  // throws kNotFound, runs no statement
        return std::move(found->post);
      },
      // The unit GET /posts/{id} ran before issue 16 (its images cached by the load).
      [&](db::Connection& c) {
        LoadVisiblePost(c, viewer, id);
        auto loaded = store::PostStore().Load(c, id, me);
        if (!loaded) core::ThrowNotFound("No such post");
        return std::move(*loaded);
      });
  std::vector<store::PostRow> shown{std::move(post)};
  const auto fragments = api::detail::RenderPostsNow(db, database, shown);
  if (shown.empty()) core::ThrowNotFound("No such post");  // deleted between the two statements
  return api::detail::PostDocument(shown.front(), *fragments.front());
}

}  // namespace lenslet::api::posts::detail

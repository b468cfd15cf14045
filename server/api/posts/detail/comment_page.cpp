#include "api/posts/detail/comment_page.hpp"

#include "api/posts/detail/post_access.hpp"
#include "api/users/visibility.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/comment_store.hpp"

namespace lenslet::api::posts::detail {

boost::json::object CommentPage(db::Connection& c, std::optional<core::UserId> viewer, core::PostId id,
                                const api::detail::PageRequest& page) {
  const auto post = LoadVisiblePost(c, viewer, id);
  const auto filter = users::CommentFilter::For(c, viewer, post.post.author);
  const store::CommentStore comments;
  const auto limit = static_cast<std::size_t>(page.limit);
  std::optional<core::CommentId> scanned =
      page.first_page() ? std::nullopt : std::optional(core::CommentId(page.after[0]));
  std::vector<store::CommentRow> shown;
  // The store is asked for one row more than the page holds: its presence
  // says there is a next page. Rows the filter hides do not fill the page,
  // so a page the filter thinned asks again after the last row it looked at.
  bool exhausted = false;
  for (int batch = 0; batch < kMaxCommentBatches && shown.size() <= limit && !exhausted; ++batch) {
    auto rows = comments.List(c, id, viewer.value_or(core::UserId()), scanned, page.limit + 1);
    exhausted = rows.size() <= limit;
    for (auto& row : rows) {
      scanned = row.id;
      if (!filter.Hides(row.author.id, row.text)) shown.push_back(std::move(row));
      if (shown.size() > limit) break;
    }
  }
  std::optional<std::vector<std::int64_t>> next;
  if (shown.size() > limit) {
    shown.resize(limit);
    next = std::vector<std::int64_t>{shown.back().id.value};
  } else if (!exhausted && scanned) {
    next = std::vector<std::int64_t>{scanned->value};  // gave up thinning: go on from there
  }
  boost::json::array items;
  items.reserve(shown.size());
  for (const auto& row : shown) items.push_back(views::Comment(row));
  return api::detail::Page(std::move(items), next);
}

boost::json::object CommentPageNow(db::Database& db, std::optional<core::UserId> viewer, core::PostId id,
                                   const api::detail::PageRequest& page) {
  const auto after = page.first_page() ? std::nullopt : std::optional(core::CommentId(page.after[0]));
  const auto statement = [&](db::Connection& c) -> std::optional<boost::json::object> {
    auto found = store::CommentStore().ListWithPost(c, id, viewer.value_or(core::UserId()), after, page.limit + 1);
    if (!found) core::ThrowNotFound("No such post");
    const auto author = found->post.author.user.id;
    // Deciding for a hidden author may read the viewer's role, and the
    // author's own view may be thinned by their hidden words: both need more
    // statements than this unit may run.
    if (found->post.author.seen.hidden && viewer != author) return std::nullopt;
    VisiblePostOf(c, viewer, std::move(found->post));  // throws kNotFound, runs no statement
    if (viewer == author && found->author_has_hidden_words) return std::nullopt;
    return api::detail::PageById(std::move(found->comments), page.limit,
                                 [](const store::CommentRow& row) { return views::Comment(row); });
  };
  return db::ReadStatementOrUnitNow(db, statement,
                                    [&](db::Connection& c) { return CommentPage(c, viewer, id, page); });
}

}  // namespace lenslet::api::posts::detail

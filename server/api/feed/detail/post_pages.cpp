#include "api/feed/detail/post_pages.hpp"

#include <algorithm>
#include <cctype>

#include "api/detail/post_json.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/feed_store.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::feed::detail {
namespace {

constexpr std::size_t kMaxTagLength = 100;

std::optional<store::PostPosition> Before(const api::detail::PageRequest& page) {
  if (page.first_page()) return std::nullopt;
  return store::PostPosition{page.after[0], core::PostId(page.after[1])};
}

// The store was asked for limit + 1 ids; the extra one says there is a next
// page, whose cursor is the position of the last id served.
template <typename Row, typename PositionOf>
http::JsonText ToPage(db::Connection& c, core::UserId viewer, std::vector<Row> rows,
                      const api::detail::PageRequest& page, PositionOf position_of) {
  std::optional<std::vector<std::int64_t>> next;
  if (rows.size() > static_cast<std::size_t>(page.limit)) {
    rows.resize(static_cast<std::size_t>(page.limit));
    next = position_of(rows.back());
  }
  std::vector<core::PostId> ids;
  ids.reserve(rows.size());
  for (const auto& row : rows) {
    if constexpr (std::is_same_v<Row, core::PostId>) {
      ids.push_back(row);
    } else {
      ids.push_back(row.id);
    }
  }
  auto posts = store::PostStore().LoadPage(c, ids, viewer);
  const auto fragments = api::detail::RenderPosts(c, posts);
  return api::detail::PostsPage(posts, fragments, next);
}

// A page of a list by date: the cursor is the last post's (created_at, id),
// read from the page's own rows.
http::JsonText DatedPage(db::Connection& c, core::UserId viewer, std::vector<core::PostId> ids,
                         const api::detail::PageRequest& page) {
  const bool more = ids.size() > static_cast<std::size_t>(page.limit);
  if (more) ids.resize(static_cast<std::size_t>(page.limit));
  auto posts = store::PostStore().LoadPage(c, ids, viewer);
  std::optional<std::vector<std::int64_t>> next;
  if (more && !posts.empty())
    next = std::vector<std::int64_t>{posts.back().created_at, posts.back().id.value};
  const auto fragments = api::detail::RenderPosts(c, posts);
  return api::detail::PostsPage(posts, fragments, next);
}

// A page by date of posts already loaded (limit + 1 of them when there is a
// next page), images still to read: `render` renders the posts shown
// (api/detail/post_json.hpp), which may drop a post deleted since the page's
// statement.
template <typename Render>
http::JsonText DatedPostsPage(std::vector<store::PostRow> posts, const api::detail::PageRequest& page,
                              Render render) {
  std::optional<std::vector<std::int64_t>> next;
  if (posts.size() > static_cast<std::size_t>(page.limit)) {
    posts.resize(static_cast<std::size_t>(page.limit));
    next = std::vector<std::int64_t>{posts.back().created_at, posts.back().id.value};
  }
  const auto fragments = render(posts);
  return api::detail::PostsPage(posts, fragments, next);
}

// The same with the posts loaded by `load`'s one statement, and their images
// by one more when the caches lack some: each a one-statement unit.
template <typename Load>
http::JsonText DatedPostsPageNow(db::Database& db, const api::detail::PageRequest& page, Load load) {
  std::uint64_t database = 0;  // the key of the images' cache: the connection knows it
  auto posts = db::ReadStatementNow(db, [&](db::Connection& c) {
    database = c.database_id();
    return load(c);
  });
  return DatedPostsPage(std::move(posts), page, [&](std::vector<store::PostRow>& shown) {
    return api::detail::RenderPostsNow(db, database, shown);
  });
}

}  // namespace

std::optional<std::string> NormaliseTag(std::string_view tag) {
  if (tag.starts_with('#')) tag.remove_prefix(1);
  if (tag.empty() || tag.size() > kMaxTagLength) return std::nullopt;
  std::string name(tag);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return name;
}

http::JsonText HomePage(db::Connection& c, core::UserId viewer, const api::detail::PageRequest& page) {
  auto posts = store::FeedStore().HomePosts(c, viewer, Before(page), page.limit + 1);
  return DatedPostsPage(std::move(posts), page, [&](std::vector<store::PostRow>& shown) {
    return api::detail::RenderPosts(c, shown);
  });
}

http::JsonText HomePageNow(db::Database& db, core::UserId viewer, const api::detail::PageRequest& page) {
  // FeedStore::HomePosts as statements: the window's page, and only when it
  // is short and older posts may lie below the window, the page below it.
  const auto before = Before(page);
  const int limit = page.limit + 1;
  std::uint64_t database = 0;
  auto window = db::ReadStatementNow(db, [&](db::Connection& c) {
    database = c.database_id();
    return store::FeedStore().HomeFeedPosts(c, viewer, before, limit);
  });
  const bool below_too = window.NeedsBelow(limit);
  auto posts = std::move(window.posts);
  if (below_too) {
    auto below = db::ReadStatementNow(
        db, [&](db::Connection& c) { return store::FeedStore().HomeBelowWindowPosts(c, viewer, before, limit); });
    posts = store::MergeHomePages(std::move(posts), std::move(below), limit);
  }
  return DatedPostsPage(std::move(posts), page, [&](std::vector<store::PostRow>& shown) {
    return api::detail::RenderPostsNow(db, database, shown);
  });
}

http::JsonText ExplorePage(db::Connection& c, std::optional<core::UserId> viewer,
                           const api::detail::PageRequest& page, core::Millis now) {
  const auto me = viewer.value_or(core::UserId(0));
  const core::Millis as_of = page.first_page() ? now : page.after[0];
  std::optional<store::ExplorePosition> after;
  if (!page.first_page()) after = store::ExplorePosition{page.after[1], core::PostId(page.after[2])};
  return RankedExplorePage(c, me, store::FeedStore().Explore(c, me, as_of, after, page.limit + 1), page,
                           as_of);
}

http::JsonText RankedExplorePage(db::Connection& c, core::UserId viewer, std::vector<store::RankedPost> rows,
                                 const api::detail::PageRequest& page, core::Millis as_of) {
  return ToPage(c, viewer, std::move(rows), page, [as_of](const store::RankedPost& post) {
    return std::vector<std::int64_t>{as_of, post.score, post.id.value};
  });
}

http::JsonText TagPage(db::Connection& c, std::optional<core::UserId> viewer, std::string_view tag,
                       const api::detail::PageRequest& page) {
  const auto name = NormaliseTag(tag);
  if (!name) return api::detail::PostsPage({}, {}, std::nullopt);
  const auto me = viewer.value_or(core::UserId(0));
  return DatedPage(c, me, store::FeedStore().Tagged(c, *name, me, Before(page), page.limit + 1), page);
}

http::JsonText UserPostsPage(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username,
                             const api::detail::PageRequest& page) {
  const auto owner = users::LoadProfile(c, viewer, username);
  // 404, not 403: a private account's posts do not exist for strangers (API.md "Privacy").
  if (!owner.can_see_content) core::ThrowNotFound("No such user");
  const auto me = viewer.value_or(core::UserId(0));
  return DatedPage(c, me, store::FeedStore().ByAuthor(c, owner.user.id, Before(page), page.limit + 1), page);
}

http::JsonText UserPostsPageNow(db::Database& db, std::optional<core::UserId> viewer,
                                std::string_view username, const api::detail::PageRequest& page) {
  const auto owner = users::LoadProfileNow(db, viewer, username);
  if (!owner.can_see_content) core::ThrowNotFound("No such user");
  const auto me = viewer.value_or(core::UserId(0));
  return DatedPostsPageNow(db, page, [&](db::Connection& c) {
    return store::FeedStore().ByAuthorPosts(c, me, owner.user.id, Before(page), page.limit + 1);
  });
}

http::JsonText SavedPage(db::Connection& c, core::UserId viewer, const api::detail::PageRequest& page) {
  std::optional<store::SavedPosition> after;
  if (!page.first_page()) after = store::SavedPosition{page.after[0], core::PostId(page.after[1])};
  auto rows = store::FeedStore().Saved(c, viewer, after, page.limit + 1);
  return ToPage(c, viewer, std::move(rows), page, [](const store::SavedPost& post) {
    return std::vector<std::int64_t>{post.saved_at, post.id.value};
  });
}

}  // namespace lenslet::api::feed::detail

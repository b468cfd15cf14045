#pragma once
// The unit bodies of the post-list actions (feed, explore, tag pages, a user's
// posts, saved), apart from their handlers so that post_pages_dbtest.cpp can
// count their statements: one statement picks the page's post ids (store/
// feed_store.hpp, with visibility decided there), PostStore::LoadPage loads
// them (three more), whatever the page size; the home feed picks and loads
// in one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "http/response.hpp"
#include "store/feed_store.hpp"

namespace lenslet::api::feed::detail {

// Cursor fields: {created_at, id} for the lists by date (home feed, a user's
// posts, tag pages), {as_of, score, id} for explore (as_of fixes the time the
// scores are computed at), {saved_at, id} for saved posts.
inline constexpr std::size_t kDatedCursorFields = 2;
inline constexpr std::size_t kExploreCursorFields = 3;
inline constexpr std::size_t kSavedCursorFields = 2;

// The home feed: one statement (store::FeedStore::HomePosts), and one more
// for the images the cache lacks. HomePage runs both in the caller's unit;
// HomePageNow runs each as a one-statement unit (db/statement_unit.hpp: on
// PostgreSQL no BEGIN and COMMIT), blocking: call it on the database pool.
http::JsonText HomePage(db::Connection& c, core::UserId viewer, const api::detail::PageRequest& page);
http::JsonText HomePageNow(db::Database& db, core::UserId viewer, const api::detail::PageRequest& page);

// `now` is used on the first page only; later pages keep the first page's time.
// The full ranking query; api/feed/explore_snapshots.hpp serves most pages
// from a shared ranking instead.
http::JsonText ExplorePage(db::Connection& c, std::optional<core::UserId> viewer,
                           const api::detail::PageRequest& page, core::Millis now);

// The explore page of `rows`, ranked at `as_of` (limit + 1 of them when there
// is a next page): the posts loaded for `viewer`, cursors {as_of, score, id}.
http::JsonText RankedExplorePage(db::Connection& c, core::UserId viewer, std::vector<store::RankedPost> rows,
                                 const api::detail::PageRequest& page, core::Millis as_of);

// `tag` as it came in the URL: a leading '#' and upper case are allowed; a
// tag that cannot exist is an empty page.
http::JsonText TagPage(db::Connection& c, std::optional<core::UserId> viewer, std::string_view tag,
                       const api::detail::PageRequest& page);

// Throws Error(kNotFound) for unknown and blocked-either-way users, and for a
// private account the viewer may not see.
http::JsonText UserPostsPage(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username,
                             const api::detail::PageRequest& page);
// The same as the handler runs it, blocking (call it on the database pool):
// users::LoadProfileNow, then the page in one statement
// (store::FeedStore::ByAuthorPosts) and its missing images in one more, each
// a one-statement unit (on PostgreSQL no BEGIN and COMMIT). The decision and
// the page are two snapshots a moment apart, as two requests would be.
http::JsonText UserPostsPageNow(db::Database& db, std::optional<core::UserId> viewer,
                                std::string_view username, const api::detail::PageRequest& page);

http::JsonText SavedPage(db::Connection& c, core::UserId viewer, const api::detail::PageRequest& page);

// The tag name `tag` stands for: without one leading '#', ASCII lowercased;
// nullopt when no tag can have that name (empty, longer than 100 bytes).
std::optional<std::string> NormaliseTag(std::string_view tag);

}  // namespace lenslet::api::feed::detail

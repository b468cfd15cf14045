#pragma once
// Which posts a list shows, as keyset pages of post ids: the home feed, a
// user's posts, a tag page, explore and the caller's saved posts. Every query
// here decides visibility itself (blocks either way, private accounts); the
// rows are then loaded by PostStore::LoadPage, so a page costs this one
// statement plus LoadPage's three, whatever its size.
//
// Callers ask for limit + 1 rows: the extra row says there is a next page.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {

// Explore looks at posts of this window before the snapshot time.
inline constexpr core::Millis kExploreWindowMs = 7LL * 24 * 60 * 60'000;

// Keyset position in explore: (score, id) descending, both computed against
// the snapshot time `as_of` that the first page fixed (see ExploreScore).
struct ExplorePosition {
  std::int64_t score = 0;
  core::PostId id;
};

// Keyset position in the lists ordered by date, newest first: (created_at,
// id) descending. Imported posts keep their original dates (issue 14.8), so
// the id alone is not in date order.
struct PostPosition {
  core::Millis created_at = 0;
  core::PostId id;
};

struct RankedPost {
  core::PostId id;
  std::int64_t score = 0;
};

// Keyset position in the saved list: newest save first.
struct SavedPosition {
  core::Millis saved_at = 0;
  core::PostId id;
};

struct SavedPost {
  core::PostId id;
  core::Millis saved_at = 0;
};

// The explore score of a post at time `as_of`, as the SQL computes it (kept
// here too for tests and docs):
//
//   engagement = min(likes + 2 × comments, 1,000,000)
//   score      = (engagement + 1) × 10^12 / (age_ms + 2 h)      (integer division)
//
// i.e. engagement per hour of age, with two hours' head start so a brand-new
// post is not infinitely hot, and +1 so posts nobody reacted to still rank by
// freshness. Integer arithmetic gives the same number on both databases.
std::int64_t ExploreScore(std::int64_t likes, std::int64_t comments, core::Millis age_ms);

// A page of the home feed within the viewer's window, and where the window
// starts (read with it; -1 when no row came back to carry it).
struct HomeWindowPage {
  std::vector<PostRow> posts;
  std::int64_t feed_since = -1;
  // Whether the page below the window has to be read for a page of `limit`.
  bool NeedsBelow(int limit) const;
};

// A window page and the page below it as one page of `limit`, newest first:
// read in two snapshots (two statements on PostgreSQL), a post may come in
// both when the window rose between them; it is shown once.
std::vector<PostRow> MergeHomePages(std::vector<PostRow> window, std::vector<PostRow> below, int limit);

class FeedStore {
 public:
  // The viewer's own and accepted followees' posts before `before`
  // (nullopt: from the newest), newest first by date; followees the viewer
  // muted are left out. Read by fan-out on read: one index descent per
  // account followed. The rule the materialised pages below are held to.
  std::vector<core::PostId> Home(db::Connection& c, core::UserId viewer,
                                 const std::optional<PostPosition>& before, int limit) const;
  // The same page as Home, loaded with the posts (PostStore::LoadDated:
  // authors and the viewer's flags, images left to PostStore::MediaFromCache
  // and ReadMedia), read from the materialised feed (home_feed_store.hpp):
  // HomeFeedPosts, and when that page is short, HomeBelowWindowPosts merged
  // in (MergeHomePages). Each is one statement, so that on PostgreSQL a full
  // page needs no transaction (issue 16).
  std::vector<PostRow> HomePosts(db::Connection& c, core::UserId viewer,
                                 const std::optional<PostPosition>& before, int limit) const;
  // The page within the viewer's window (users.feed_since), from home_feed.
  HomeWindowPage HomeFeedPosts(db::Connection& c, core::UserId viewer,
                               const std::optional<PostPosition>& before, int limit) const;
  // The page below the window, by fan-out on read.
  std::vector<PostRow> HomeBelowWindowPosts(db::Connection& c, core::UserId viewer,
                                            const std::optional<PostPosition>& before, int limit) const;
  // One author's posts, newest first by date. Visibility is the caller's job
  // (api/users/visibility.hpp decides who may see an account's posts).
  std::vector<core::PostId> ByAuthor(db::Connection& c, core::UserId author,
                                     const std::optional<PostPosition>& before, int limit) const;
  // The same page loaded in the same statement for `viewer` (0: anonymous),
  // as HomePosts loads the home feed's.
  std::vector<PostRow> ByAuthorPosts(db::Connection& c, core::UserId viewer, core::UserId author,
                                     const std::optional<PostPosition>& before, int limit) const;
  // Posts tagged `tag` (normalised name) by public accounts that are not
  // blocked either way with `viewer` (0: anonymous), newest first by date.
  std::vector<core::PostId> Tagged(db::Connection& c, std::string_view tag, core::UserId viewer,
                                   const std::optional<PostPosition>& before, int limit) const;
  // Public posts created in (as_of - kExploreWindowMs, as_of] by accounts the
  // viewer does not follow, not the viewer's own, not blocked either way;
  // highest score first.
  std::vector<RankedPost> Explore(db::Connection& c, core::UserId viewer, core::Millis as_of,
                                  const std::optional<ExplorePosition>& after, int limit) const;
  // Of `ids` (posts of an explore ranking, api/feed/explore_snapshots.hpp),
  // those Explore may show `viewer` now: the same rule as Explore's but the
  // window and the ranking, checked against the current rows. One statement;
  // order kept.
  std::vector<core::PostId> ExploreAmong(db::Connection& c, core::UserId viewer,
                                         std::span<const core::PostId> ids) const;
  // The same posts loaded, for PostStore::LoadDated's reader (authors and
  // the viewer's flags; images not read): one statement, order kept.
  std::vector<PostRow> ExploreAmongPosts(db::Connection& c, core::UserId viewer,
                                         std::span<const core::PostId> ids) const;
  // The viewer's saved posts they may still see, newest save first.
  std::vector<SavedPost> Saved(db::Connection& c, core::UserId viewer,
                               const std::optional<SavedPosition>& after, int limit) const;
};

}  // namespace lenslet::store

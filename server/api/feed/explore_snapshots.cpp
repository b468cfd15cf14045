#include "api/feed/explore_snapshots.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "api/detail/post_json.hpp"
#include "api/feed/detail/post_pages.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::feed {
namespace {

// Ids checked per statement: a page and half as many again for what the
// viewer's follows and blocks take out of it (a tenth or so of a ranking on
// the capacity network), in one round trip most of the time. Each id checked
// costs PostgreSQL ~3 buffer reads: twice the page (64 ids after padding, the
// in-list size class) read 211 buffers a call, this (32) about half.
constexpr std::size_t kMinChunk = 32;

}  // namespace

ExploreSnapshots::ExploreSnapshots(core::Millis refresh_ms, std::size_t depth)
    : refresh_ms_(std::max<core::Millis>(refresh_ms, 0)), depth_(std::max<std::size_t>(depth, 1)) {}

std::shared_ptr<const ExploreSnapshots::Snapshot> ExploreSnapshots::Rank(db::Connection& c,
                                                                         core::Millis now) const {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->as_of = now;
  // Viewer 0 follows and blocks nobody: the ranking of the public window.
  snapshot->ranked =
      store::FeedStore().Explore(c, core::UserId(0), now, std::nullopt, static_cast<int>(depth_));
  snapshot->whole = snapshot->ranked.size() < depth_;
  return snapshot;
}

std::shared_ptr<const ExploreSnapshots::Snapshot> ExploreSnapshots::Fresh(core::Millis now) {
  const std::lock_guard lock(mutex_);
  return current_ && IsFresh(*current_, now) ? current_ : nullptr;
}

std::shared_ptr<const ExploreSnapshots::Snapshot> ExploreSnapshots::Publish(
    std::shared_ptr<const Snapshot> ranked) {
  const std::lock_guard lock(mutex_);
  if (!current_ || ranked->as_of > current_->as_of) previous_ = std::exchange(current_, ranked);
  return ranked;
}

boost::asio::awaitable<std::shared_ptr<const ExploreSnapshots::Snapshot>> ExploreSnapshots::FirstPageSnapshot(
    db::Database& db, core::Millis now) {
  const auto rank = [this, &db, now]() -> boost::asio::awaitable<std::shared_ptr<const Snapshot>> {
    co_return Publish(co_await db.Read([this, now](db::Connection& c) { return Rank(c, now); }));
  };
  if (refresh_ms_ == 0) co_return co_await rank();
  std::shared_ptr<const Snapshot> held;
  {
    const std::lock_guard lock(mutex_);
    // Another first page is ranking: this one takes the snapshot it replaces
    // (at most a ranking's time older than `refresh`) instead of waiting.
    if (current_ && (IsFresh(*current_, now) || ranking_.InFlight())) held = current_;
  }
  if (held) co_return held;
  co_return co_await ranking_.Run([&]() -> boost::asio::awaitable<std::shared_ptr<const Snapshot>> {
    // A ranking landed between this page's look and its flight: no second one.
    if (auto fresh = Fresh(now)) co_return fresh;
    co_return co_await rank();
  });
}

boost::asio::awaitable<http::JsonText> ExploreSnapshots::Serve(db::Database& db,
                                                               std::optional<core::UserId> viewer,
                                                               api::detail::PageRequest page,
                                                               core::Millis now) {
  std::shared_ptr<const Snapshot> first;
  if (page.first_page()) first = co_await FirstPageSnapshot(db, now);
  co_return co_await db::RunOnPool(db, false, [&] { return PageNow(db, viewer, page, now, first); });
}

std::shared_ptr<const ExploreSnapshots::Snapshot> ExploreSnapshots::Find(core::Millis as_of) {
  const std::lock_guard lock(mutex_);
  if (current_ && current_->as_of == as_of) return current_;
  if (previous_ && previous_->as_of == as_of) return previous_;
  return nullptr;
}

ExploreSnapshots::Start ExploreSnapshots::StartOf(const api::detail::PageRequest& page,
                                                  const std::shared_ptr<const Snapshot>& first) {
  if (page.first_page()) {
    if (!first) {
      throw std::logic_error("ExploreSnapshots: a first page needs FirstPageSnapshot's ranking");
    }
    return {first, 0};
  }
  auto snapshot = Find(page.after[0]);
  if (!snapshot) return {};
  const store::RankedPost cursor{core::PostId(page.after[2]), page.after[1]};
  const auto& ranked = snapshot->ranked;
  const auto next = std::partition_point(ranked.begin(), ranked.end(), [&](const store::RankedPost& post) {
    return post.score > cursor.score || (post.score == cursor.score && post.id.value >= cursor.id.value);
  });
  return {std::move(snapshot), static_cast<std::size_t>(next - ranked.begin())};
}

std::size_t ExploreSnapshots::ChunkFor(const api::detail::PageRequest& page) {
  const auto wanted = static_cast<std::size_t>(page.limit) + 1;
  return std::max(kMinChunk, wanted + wanted / 2);
}

http::JsonText ExploreSnapshots::PageNow(db::Database& db, std::optional<core::UserId> viewer,
                                         const api::detail::PageRequest& page, core::Millis now,
                                         const std::shared_ptr<const Snapshot>& first) {
  const auto in_a_unit = [&] {
    return db.ReadNow([&](db::Connection& c) { return Page(c, viewer, page, now, first); });
  };
  const auto start = StartOf(page, first);
  if (!start.snapshot) return in_a_unit();
  const auto& ranked = start.snapshot->ranked;
  const auto wanted = static_cast<std::size_t>(page.limit) + 1;
  const auto end = std::min(ranked.size(), start.next + ChunkFor(page));
  std::vector<core::PostId> ids;
  for (auto i = start.next; i < end; ++i) ids.push_back(ranked[i].id);

  const auto me = viewer.value_or(core::UserId(0));
  std::uint64_t database = 0;  // the key of the rendered posts' cache: the connection knows it
  std::vector<store::PostRow> shown;
  if (!ids.empty()) {  // past the ranking's end there is nothing to ask (a unit runs no empty statement)
    shown = db::ReadStatementNow(db, [&](db::Connection& c) {
      database = c.database_id();
      return store::FeedStore().ExploreAmongPosts(c, me, ids);
    });
  }
  // Too few in this chunk while more may follow (further in the ranking, or
  // past its depth): Page's unit reads as many chunks as the page needs.
  if (shown.size() < wanted && (end < ranked.size() || !start.snapshot->whole)) return in_a_unit();

  std::optional<std::vector<std::int64_t>> next;
  if (shown.size() > static_cast<std::size_t>(page.limit)) {
    shown.resize(static_cast<std::size_t>(page.limit));
    const auto last = std::find_if(ranked.begin() + static_cast<std::ptrdiff_t>(start.next), ranked.end(),
                                   [&](const store::RankedPost& post) { return post.id == shown.back().id; });
    next = std::vector<std::int64_t>{start.snapshot->as_of, last->score, last->id.value};
  }
  const auto fragments = api::detail::RenderPostsNow(db, database, shown);
  return api::detail::PostsPage(shown, fragments, next);
}

http::JsonText ExploreSnapshots::Page(db::Connection& c, std::optional<core::UserId> viewer,
                                      const api::detail::PageRequest& page, core::Millis now,
                                      const std::shared_ptr<const Snapshot>& first) {
  const auto start = StartOf(page, first);
  if (!start.snapshot) return detail::ExplorePage(c, viewer, page, now);
  const auto& snapshot = start.snapshot;
  std::size_t next = start.next;  // the first ranked post after the cursor

  const auto me = viewer.value_or(core::UserId(0));
  const auto wanted = static_cast<std::size_t>(page.limit) + 1;
  const auto& ranked = snapshot->ranked;
  const auto chunk = ChunkFor(page);
  std::vector<store::RankedPost> rows;
  while (rows.size() < wanted && next < ranked.size()) {
    const auto end = std::min(ranked.size(), next + chunk);
    std::vector<core::PostId> ids;
    ids.reserve(end - next);
    for (auto i = next; i < end; ++i) ids.push_back(ranked[i].id);
    const auto shown_ids = store::FeedStore().ExploreAmong(c, me, ids);
    const std::unordered_set<std::int64_t> shown = [&] {
      std::unordered_set<std::int64_t> out;
      for (const auto id : shown_ids) out.insert(id.value);
      return out;
    }();
    for (auto i = next; i < end && rows.size() < wanted; ++i) {
      if (shown.contains(ranked[i].id.value)) rows.push_back(ranked[i]);
    }
    next = end;
  }
  if (rows.size() < wanted && !snapshot->whole && !ranked.empty()) {
    // Past the snapshot's depth: the ranking goes on in the full query, at the
    // snapshot's time, from its last post or from the cursor if that is
    // further (a page served by this very query before).
    store::ExplorePosition after{ranked.back().score, ranked.back().id};
    if (!page.first_page() &&
        (page.after[1] < after.score || (page.after[1] == after.score && page.after[2] < after.id.value))) {
      after = {page.after[1], core::PostId(page.after[2])};
    }
    auto more =
        store::FeedStore().Explore(c, me, snapshot->as_of, after, static_cast<int>(wanted - rows.size()));
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return detail::RankedExplorePage(c, me, std::move(rows), page, snapshot->as_of);
}

}  // namespace lenslet::api::feed

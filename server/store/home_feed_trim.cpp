#include "store/home_feed_trim.hpp"

#include <string_view>

namespace lenslet::store {
namespace {

// $1..$2 the owners, $3 over: an (over + 1)-th row in the window.
constexpr std::string_view kOverfull =
    "SELECT u.id FROM users u WHERE u.id BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM home_feed h "
    "WHERE h.owner_id = u.id AND h.created_at >= u.feed_since LIMIT 1 OFFSET $3) ORDER BY u.id";

// The created_at of the newest row past the first `keep` ($2) of the window.
constexpr std::string_view kCut =
    "SELECT h.created_at FROM home_feed h JOIN users o ON o.id = h.owner_id "
    "WHERE h.owner_id = $1 AND h.created_at >= o.feed_since "
    "ORDER BY h.created_at DESC, h.post_id DESC LIMIT 1 OFFSET $2";

// Never lowers it: a follow that closed the window higher meanwhile wins.
constexpr std::string_view kRaise =
    "UPDATE users SET feed_since = CASE WHEN feed_since > CAST($2 AS BIGINT) THEN feed_since "
    "ELSE CAST($2 AS BIGINT) END WHERE id = $1";

// Below the window as it now is, a batch at a time (rows races or old-dated
// imports left there go too). By the primary key's owner prefix.
constexpr std::string_view kDropBelow =
    "DELETE FROM home_feed WHERE (owner_id, created_at, post_id) IN (SELECT h.owner_id, h.created_at, "
    "h.post_id FROM home_feed h WHERE h.owner_id = $1 AND h.created_at < (SELECT o.feed_since FROM users o "
    "WHERE o.id = $1) LIMIT $2)";

constexpr std::string_view kLastUser = "SELECT coalesce(max(id), 0) FROM users";

}  // namespace

std::vector<core::UserId> HomeFeedTrim::Overfull(db::Connection& c, core::UserId first, core::UserId last,
                                                 std::int64_t over) const {
  const auto result = c.Exec(kOverfull, first, last, over);
  std::vector<core::UserId> owners;
  owners.reserve(result.rows.size());
  for (const auto& row : result.rows) owners.emplace_back(row.Int(0));
  return owners;
}

bool HomeFeedTrim::RaiseWindow(db::Connection& c, core::UserId owner, std::int64_t keep) const {
  const auto cut = c.Exec(kCut, owner, keep).first();
  if (!cut) return false;
  // The window starts just above the first row left out: every row created
  // at or after it stays, so no post of the window loses its row.
  c.Exec(kRaise, owner, cut->Int(0) + 1);
  return true;
}

std::int64_t HomeFeedTrim::DropBelowWindow(db::Connection& c, core::UserId owner, std::int64_t limit) const {
  return c.Exec(kDropBelow, owner, limit).affected;
}

core::UserId HomeFeedTrim::LastUser(db::Connection& c) const {
  return core::UserId(c.Exec(kLastUser).one().Int(0));
}

}  // namespace lenslet::store

#include "store/block_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsertBlock =
    "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

constexpr std::string_view kDeleteBlock = "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2";

// Two primary-key probes.
constexpr std::string_view kEitherBlocks =
    "SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = "
    "$1) "
    "LIMIT 1";

}  // namespace

bool BlockStore::Block(db::Connection& c, core::UserId blocker, core::UserId blocked,
                       core::Millis now) const {
  return c.Exec(kInsertBlock, blocker, blocked, now).affected > 0;
}

bool BlockStore::Unblock(db::Connection& c, core::UserId blocker, core::UserId blocked) const {
  return c.Exec(kDeleteBlock, blocker, blocked).affected > 0;
}

bool BlockStore::EitherBlocks(db::Connection& c, core::UserId a, core::UserId b) const {
  if (a.value == 0 || b.value == 0) return false;
  return !c.Exec(kEitherBlocks, a, b).empty();
}

}  // namespace lenslet::store

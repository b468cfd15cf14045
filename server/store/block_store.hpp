#pragma once
// Blocks: blocker_id blocked blocked_id. Either direction hides the two users
// from each other (api/users/visibility.hpp); removing the follows between
// them is the caller's job, in the same unit (api/users/block.cpp).
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class BlockStore {
 public:
  // True when this call created the block (false: it already existed).
  bool Block(db::Connection& c, core::UserId blocker, core::UserId blocked, core::Millis now) const;
  // True when there was a block to remove.
  bool Unblock(db::Connection& c, core::UserId blocker, core::UserId blocked) const;
  // Whether a blocked b or b blocked a. Always false when either is 0 (anonymous).
  bool EitherBlocks(db::Connection& c, core::UserId a, core::UserId b) const;
};

}  // namespace lenslet::store

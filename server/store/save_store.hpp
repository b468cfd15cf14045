#pragma once
// Saved posts (bookmarks): private to the user who saved them; nothing counts them.
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class SaveStore {
 public:
  // True when the row was inserted / deleted by this call.
  bool Save(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const;
  bool Unsave(db::Connection& c, core::UserId user, core::PostId post) const;
};

}  // namespace lenslet::store

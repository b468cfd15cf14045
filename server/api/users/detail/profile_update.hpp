#pragma once
// The write unit of PATCH /users/me, apart from its HTTP door so that
// profile_race_dbtest.cpp can race it with follows.
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users::detail {

// Inside the caller's write unit: `update` (bio and website validated; the
// display name raw, blank meaning the username); going from private to
// public accepts every pending request, counters and notifications included.
// 401 when the caller's account is gone. Returns the caller's row after it.
store::UserRow StoreProfileUpdate(db::Connection& c, core::UserId me, store::ProfileUpdate update);

}  // namespace lenslet::api::users::detail

#include "api/users/detail/profile_update.hpp"

#include "auth/validation.hpp"
#include "core/error.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users::detail {

store::UserRow StoreProfileUpdate(db::Connection& c, core::UserId me, store::ProfileUpdate update) {
  const auto current = store::UserStore().FindById(c, me);
  if (!current) throw core::Error(core::ErrorCode::kUnauthenticated, "Please sign in again");
  // Blank display name → the username, as at registration.
  if (update.display_name)
    update.display_name = auth::ValidateDisplayName(update.display_name, current->username);
  const bool going_public = current->is_private && update.is_private == false;
  // Before the UPDATE takes this account's row: see LockForAcceptAll. A
  // request that read the account as private and commits after AcceptAll
  // accepts itself (FollowStore::FollowAsRead waits for this row, then reads it).
  if (going_public) store::FollowStore().LockForAcceptAll(c, me);
  auto updated = *store::UserProfileStore().UpdateProfile(c, me, update);
  if (going_public && !store::FollowStore().AcceptAll(c, me, update.now).empty()) {
    store::NotificationStore().ConvertFollowRequests(c, me, std::nullopt);
    updated = *store::UserStore().FindById(c, me);  // the counters just changed
  }
  return updated;
}

}  // namespace lenslet::api::users::detail

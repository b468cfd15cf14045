#include "api/notifications/targets.hpp"

namespace lenslet::api::notifications {

views::NotificationTargets LoadNotificationTargets(db::Connection& /*c*/, core::UserId /*recipient*/,
                                                   const std::vector<store::NotificationRow>& /*rows*/) {
  return {};
}

}  // namespace lenslet::api::notifications

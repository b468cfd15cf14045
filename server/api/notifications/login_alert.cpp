#include "api/notifications/login_alert.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>
#include <vector>

#include "api/notifications/push.hpp"
#include "core/time.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::notifications {

boost::asio::awaitable<void> AlertFailedLogins(Services& services, core::UserId owner) {
  try {
    const core::Millis now = core::NowMillis();
    std::vector<Created> created;
    co_await services.db.Write([&](db::Connection& c) {
      created.clear();  // the unit may run again
      const store::NotificationStore notifications;
      notifications.Remove(c, owner, store::NotificationType::kSecurity, owner);
      Collect(created, owner,
              notifications.Upsert(c, {.recipient = owner, .type = store::NotificationType::kSecurity,
                                       .actor = owner, .now = now}));
    });
    co_await Push(services, std::move(created));
  } catch (const std::exception& e) {
    spdlog::warn("notifications: failed-login alert for user {} not written: {}", owner.value, e.what());
  }
}

}  // namespace lenslet::api::notifications

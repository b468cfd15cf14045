#pragma once
// Live notifications (API.md "Real time": notification:new). The actions that
// create notifications collect what NotificationStore::Upsert returned inside
// their write unit and push it after the commit:
//
//   std::vector<notifications::Created> created;
//   co_await services.db.Write([&](db::Connection& c) { …; Collect(created, recipient, store.Upsert(c, …));
//   }); co_await notifications::Push(services, created);
//
// Each recipient's devices get {notification, unreadCount} — the object exactly
// as GET /notifications shows it to them, plus the badge count.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/services.hpp"
#include "api/views/notification_view.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "db/statement_unit.hpp"
#include "store/notification_push_store.hpp"

namespace lenslet::api::notifications {

struct Created {
  core::UserId recipient;
  core::NotificationId id;
};

// Adds `id` when Upsert inserted one (nullopt: nothing new to tell).
inline void Collect(std::vector<Created>& out, core::UserId recipient,
                    std::optional<core::NotificationId> id) {
  if (id) out.push_back({recipient, *id});
}

// Never throws: the action already succeeded, a failed push is only logged.
// One read unit for the whole batch.
boost::asio::awaitable<void> Push(Services& services, std::vector<Created> created);

// Emits pushes a write rendered from what its own statement read
// (PushMessage); never throws, like Push.
void EmitRendered(Services& services, std::vector<std::pair<core::UserId, boost::json::object>> messages);

// For a write's task on the database pool, right after its unit committed:
// renders the pushes of `created` (RenderPushes, one read unit) into
// `rendered` on the same thread, instead of Push's unit after a trip through
// the network thread and back — two hand-offs fewer per write, each a wait in
// a queue when the server is busy (issue 16). On failure it leaves `created`
// as it was, for Push (which logs). Blocking: only on the database pool.
void RenderAfterWrite(db::Database& db, std::vector<Created>& created,
                      std::vector<std::pair<core::UserId, boost::json::object>>& rendered) noexcept;

// A write unit whose outcome has `notified` (what Collect gathered), as the
// handlers of comments and follows run it: the unit and the read that renders
// its pushes on one pool task (RenderAfterWrite), then the pushes sent, those
// that could not be rendered there by Push. Returns the outcome.
template <typename F>
auto WriteAndNotify(Services& services, F write)
    -> boost::asio::awaitable<std::invoke_result_t<F&, db::Connection&>> {
  std::vector<std::pair<core::UserId, boost::json::object>> rendered;
  auto outcome = co_await db::RunOnPool(services.db, true, [&] {
    auto out = services.db.WriteNow(write);
    RenderAfterWrite(services.db, out.notified, rendered);
    return out;
  });
  EmitRendered(services, std::move(rendered));
  co_await Push(services, std::move(outcome.notified));
  co_return outcome;
}

// For a one-statement write that read its notification's push beside its
// rows (store::PushRow; LikeStore::LikeIfVisible and the like): rendered into
// `rendered` at once when `targets` came with it (CachedPushTargets), else by
// a read unit (RenderAfterWrite), whose failure leaves it in `notified` for
// Push. No `pushed` row: nothing to tell (the recipient's list leaves it out).
// Blocking: only on the database pool.
void RenderWrittenPush(db::Database& db, core::UserId recipient, std::optional<core::NotificationId> id,
                       const std::optional<store::PushRow>& pushed,
                       const std::optional<views::NotificationTargets>& targets,
                       std::vector<Created>& notified,
                       std::vector<std::pair<core::UserId, boost::json::object>>& rendered);

// {notification, unreadCount}: the push of `found` (store::FindForPush's
// row) with its targets.
boost::json::object PushMessage(const store::PushRow& found, const views::NotificationTargets& targets);

// Push's read unit: each notification still there, rendered for its recipient,
// with their unread count. One statement per notification
// (store::FindForPush), and one more for a post whose images PostMediaCache
// does not hold.
std::vector<std::pair<core::UserId, boost::json::object>> RenderPushes(db::Connection& c,
                                                                       const std::vector<Created>& created);

}  // namespace lenslet::api::notifications

// POST /api/v1/notifications/read → 204. No body (or {}) marks all the
// caller's notifications read; {upTo: "<id>"} marks those with id ≤ upTo, so a
// client can mark what it has shown without racing newer arrivals.
#include <algorithm>

#include "api/notifications/notifications.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::notifications {
namespace {

bool IsBlank(std::string_view body) {
  return std::all_of(body.begin(), body.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

}  // namespace

boost::asio::awaitable<http::Response> MarkRead(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  std::optional<core::NotificationId> up_to;
  if (!IsBlank(request.body)) {
    const auto body = http::ParseJsonObject(request);
    if (const auto* value = body.if_contains("upTo"); value != nullptr && !value->is_null()) {
      // Ids are strings on the wire (API.md "Conventions").
      if (!value->is_string()) core::ThrowInvalid("upTo", "upTo must be a notification id (a string)");
      up_to = core::NotificationId::Parse(value->get_string());
      if (!up_to) core::ThrowInvalid("upTo", "upTo must be a notification id");
    }
  }
  co_await services.db.Write([&](db::Connection& c) { store::NotificationStore().MarkRead(c, me, up_to); });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::notifications

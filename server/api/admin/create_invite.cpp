// POST /api/v1/admin/invites {uses? (1–1000, default 1), expiresInDays?
// (1–365, default 7)} (or no body) → 201 {code, uses, usesLeft, expiresAt, createdAt,
// createdBy}. Anything but a whole number in range is 422 naming the field.
// Staff only, else 404.
#include <boost/json/value.hpp>

#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "api/views/registration_view.hpp"
#include "auth/registration_policy.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/registration_store.hpp"

namespace lenslet::api::admin {
namespace {

constexpr core::Millis kDay = 24LL * 60 * 60'000;

// Absent or null → fallback; a whole number in [min, max] → it; else 422.
std::int64_t OptionalWholeNumber(const boost::json::object& body, std::string_view field, std::int64_t min,
                                 std::int64_t max, std::int64_t fallback) {
  const auto* value = body.if_contains(field);
  if (!value || value->is_null()) return fallback;
  std::optional<std::int64_t> number;
  if (value->is_int64()) number = value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(max)) {
    number = static_cast<std::int64_t>(value->get_uint64());
  }
  if (!number || *number < min || *number > max) {
    core::ThrowInvalid(std::string(field), std::string(field) + " must be a whole number from " +
                                               std::to_string(min) + " to " + std::to_string(max));
  }
  return *number;
}

}  // namespace

boost::asio::awaitable<http::Response> CreateInvite(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto now = core::NowMillis();
  const auto invite = co_await services.db.Write([&](db::Connection& c) {
    RequireStaff(c, me);
    // After the guard, so that a non-staff caller's 404 never depends on the body.
    // No body is the defaults, like {}.
    const bool blank = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
    const auto body = blank ? boost::json::object() : http::ParseJsonObject(request);
    const auto uses = OptionalWholeNumber(body, "uses", 1, 1000, 1);
    const auto days = OptionalWholeNumber(body, "expiresInDays", 1, 365, 7);
    return store::InviteStore().Insert(c, store::NewInvite{.code = auth::GenerateInviteCode(),
                                                           .created_by = me,
                                                           .uses = static_cast<int>(uses),
                                                           .expires_at = now + days * kDay,
                                                           .now = now});
  });
  co_return http::Response::Json(201, views::Invite(invite));
}

}  // namespace lenslet::api::admin

// PATCH /api/v1/users/me {displayName?, bio?, website?, isPrivate?} → 200 {user}
// (the caller's own view, with email). Absent or null fields stay as they are;
// other fields are ignored. Going from private to public accepts every pending
// follow request in the same unit (as Instagram does), counters included, and
// their follow_request notifications become follow ones.
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "api/users/detail/profile_update.hpp"
#include "api/users/profile_rules.hpp"
#include "api/users/users.hpp"
#include "api/views/user_view.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> UpdateProfile(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "profile changes");
  const auto body = http::ParseJsonObject(request);
  const auto display_name = api::detail::OptionalString(body, "displayName");
  auto bio = api::detail::OptionalString(body, "bio");
  auto website = api::detail::OptionalString(body, "website");
  const auto is_private = api::detail::OptionalBool(body, "isPrivate");
  if (bio) bio = ValidateBio(*bio);
  if (website) website = ValidateWebsite(*website);

  const auto now = core::NowMillis();
  // Not braced in the co_await (GCC 12).
  const store::ProfileUpdate update{
      .display_name = display_name, .bio = bio, .website = website, .is_private = is_private, .now = now};
  const auto user = co_await services.db.Write(
      [&](db::Connection& c) { return detail::StoreProfileUpdate(c, me, update); });
  co_return http::Response::Json(200, {{"user", views::OwnUser(user)}});
}

}  // namespace lenslet::api::users

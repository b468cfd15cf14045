// PATCH /api/v1/users/me {displayName?, bio?, website?, isPrivate?} → 200 {user}
// (the caller's own view, with email). Absent or null fields stay as they are;
// other fields are ignored. Going from private to public accepts every pending
// follow request in the same unit (as Instagram does), counters included, and
// their follow_request notifications become follow ones.
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "api/users/profile_rules.hpp"
#include "api/users/users.hpp"
#include "api/views/user_view.hpp"
#include "auth/validation.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

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
  const auto user = co_await services.db.Write([&](db::Connection& c) {
    const auto current = store::UserStore().FindById(c, me);
    if (!current) throw core::Error(core::ErrorCode::kUnauthenticated, "Please sign in again");
    store::ProfileUpdate update{.bio = bio, .website = website, .is_private = is_private, .now = now};
    // Blank display name → the username, as at registration.
    if (display_name) update.display_name = auth::ValidateDisplayName(display_name, current->username);
    // Known race (PostgreSQL, READ COMMITTED): a follow that read this account
    // as private before this unit commits still adds a pending request after
    // it; the owner can accept it from /follow-requests like any other.
    auto updated = *store::UserProfileStore().UpdateProfile(c, me, update);
    if (current->is_private && is_private == false && !store::FollowStore().AcceptAll(c, me, now).empty()) {
      store::NotificationStore().ConvertFollowRequests(c, me, std::nullopt);
      updated = *store::UserStore().FindById(c, me);  // the counters just changed
    }
    return updated;
  });
  co_return http::Response::Json(200, {{"user", views::OwnUser(user)}});
}

}  // namespace lenslet::api::users

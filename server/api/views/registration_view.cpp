#include "api/views/registration_view.hpp"

#include "core/time.hpp"

namespace lenslet::api::views {

boost::json::object PendingAccount(const store::PendingAccountRow& account) {
  return {
      {"id", account.id.ToString()},
      {"username", account.username},
      {"email", account.email},
      {"displayName", account.display_name},
      {"createdAt", core::ToIso8601(account.created_at)},
  };
}

boost::json::object Invite(const store::InviteRow& invite) {
  boost::json::value created_by = nullptr;
  if (invite.created_by) created_by = boost::json::string(*invite.created_by);
  return {
      {"code", invite.code},
      {"uses", invite.uses},
      {"usesLeft", invite.uses_left},
      {"expiresAt", core::ToIso8601(invite.expires_at)},
      {"createdAt", core::ToIso8601(invite.created_at)},
      {"createdBy", created_by},
  };
}

}  // namespace lenslet::api::views

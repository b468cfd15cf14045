// GET /api/v1/auth/me → 200 {user} with email; 401 without a live session.
#include "api/accounts/accounts.hpp"
#include "api/views/user_view.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> Me(Services& services, http::Request& request) {
  const auto user = co_await services.auth.Me(request.RequirePrincipal().user);
  co_return http::Response::Json(200, {{"user", views::OwnUser(user)}});
}

}  // namespace lenslet::api::accounts

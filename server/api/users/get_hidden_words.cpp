// GET /api/v1/users/me/hidden-words → 200 {words}: the caller's entries as
// stored (trimmed, case folded), in byte order.
#include "api/users/users.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> GetHiddenWords(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto words =
      co_await services.db.Read([&](db::Connection& c) { return store::HiddenWordStore().List(c, me); });
  boost::json::array items;
  items.reserve(words.size());
  for (const auto& word : words) items.emplace_back(word);
  co_return http::Response::Json(200, {{"words", std::move(items)}});
}

}  // namespace lenslet::api::users

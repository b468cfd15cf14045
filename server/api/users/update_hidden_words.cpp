// PUT /api/v1/users/me/hidden-words {words} → 200 {words}: replaces the whole
// list in one unit and answers it as stored (api/users/hidden_words.hpp says
// what an entry may be and how it matches). 422 field "words" for anything
// else: not an array, more than 100 entries, a non-string, blank or over 50
// characters.
#include "api/detail/write_limits.hpp"
#include "api/users/hidden_words.hpp"
#include "api/users/users.hpp"
#include "http/json_body.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> UpdateHiddenWords(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "hidden word changes");
  const auto body = http::ParseJsonObject(request);
  const auto words = NormaliseHiddenWords(body.if_contains("words"));
  co_await services.db.Write([&](db::Connection& c) { store::HiddenWordStore().Replace(c, me, words); });
  boost::json::array items;
  items.reserve(words.size());
  for (const auto& word : words) items.emplace_back(word);
  co_return http::Response::Json(200, {{"words", std::move(items)}});
}

}  // namespace lenslet::api::users

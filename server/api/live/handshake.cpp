#include "api/live/handshake.hpp"

#include "api/accounts/session_cookies.hpp"
#include "http/origin.hpp"
#include "http/request.hpp"

namespace lenslet::api::live {

std::optional<std::string> HandshakeToken(const realtime::Handshake& handshake, const boost::json::value& auth) {
  if (const auto* object = auth.if_object()) {
    if (const auto* token = object->if_contains("token"); token && token->is_string() && !token->as_string().empty()) {
      return std::string(token->as_string());
    }
  }
  // The REST rules, so a browser's cookie and a bearer header mean the same here.
  http::Request request;
  request.headers = handshake.headers;
  auto token = accounts::AccessTokenOf(request);
  if (token && token->empty()) return std::nullopt;
  return token;
}

std::function<bool(const realtime::Handshake&)> OriginPolicy(std::string public_url) {
  return [public_url = std::move(public_url)](const realtime::Handshake& handshake) {
    return http::IsOwnOrigin(handshake.Header("Origin"), handshake.Header("Host"), public_url);
  };
}

}  // namespace lenslet::api::live

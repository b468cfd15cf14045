#include "http/response.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace lenslet::http {

Response Response::Json(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = boost::json::serialize(value);
  return response;
}

Response Response::SerializedJson(int status, JsonText document) {
  Response response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = std::move(document.text);
  return response;
}

boost::json::value JsonText::Parse() const { return boost::json::parse(text); }

Response Response::NoContent() {
  Response response;
  response.status = 204;
  return response;
}

std::string SetCookie::Serialize() const {
  std::string out = name + "=" + value;
  if (!path.empty()) out += "; Path=" + path;
  if (max_age_seconds) {
    out += "; Max-Age=" + std::to_string(*max_age_seconds);
    // Old user agents ignore Max-Age; an Expires in the past still deletes.
    if (*max_age_seconds <= 0) out += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  }
  if (http_only) out += "; HttpOnly";
  // SameSite=None is only honoured by browsers together with Secure.
  if (secure || same_site == "None") out += "; Secure";
  if (!same_site.empty()) out += "; SameSite=" + same_site;
  return out;
}

}  // namespace lenslet::http

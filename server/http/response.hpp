#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lenslet::http {

struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<long long> max_age_seconds;  // 0 deletes the cookie
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";

  std::string Serialize() const;  // the Set-Cookie header value
};

struct Response {
  int status = 200;
  std::string content_type;  // empty: none (e.g. 204)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, const boost::json::value& value);
  static Response NoContent();

  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& WithCookie(const SetCookie& cookie) { return WithHeader("Set-Cookie", cookie.Serialize()); }
};

}  // namespace lenslet::http

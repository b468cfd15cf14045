#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
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

// A body too large to hold in memory (an export archive): `length` bytes in
// all, which the session asks for a piece at a time, in order, as the client
// takes them. `read(offset, max)` returns the next piece: 1 to `max` bytes,
// never empty before `length` is reached (it throws to abort the response).
struct StreamedBody {
  std::uint64_t length = 0;
  std::function<boost::asio::awaitable<std::string>(std::uint64_t offset, std::size_t max)> read;
};

// A JSON document serialized already: pages assembled from pieces rendered
// once (api/views/rendered_posts.hpp) are never a boost::json tree.
struct JsonText {
  std::string text;
  // Parsed, for tests and the rare caller that reads it.
  boost::json::value Parse() const;
};

struct Response {
  int status = 200;
  std::string content_type;  // empty: none (e.g. 204)
  std::string body;
  // Set instead of `body` for a streamed body (never compressed).
  std::shared_ptr<StreamedBody> stream;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, const boost::json::value& value);
  static Response SerializedJson(int status, JsonText document);
  static Response NoContent();

  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& WithCookie(const SetCookie& cookie) { return WithHeader("Set-Cookie", cookie.Serialize()); }
};

}  // namespace lenslet::http

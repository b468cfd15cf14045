// In-process integration test: a real Server on an ephemeral port, spoken to
// over raw TCP, so framing, limits and timeouts are tested as clients see them.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "http/detail/gzip.hpp"
#include "http/json_body.hpp"

namespace lenslet::http {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A blocking-looking client with deadlines, so a server bug fails the test
// instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) { socket_.connect({net::ip::make_address("127.0.0.1"), port}); }

  void Send(std::string_view data) { net::write(socket_, net::buffer(data)); }

  std::optional<RawResponse> Receive(bool head = false, std::chrono::milliseconds timeout = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(deadline)) return std::nullopt;
    }
    RawResponse response;
    const std::string head_text = buffer_.substr(0, header_end);
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos && line_end < head_text.size()) {
      const std::size_t start = line_end + 2;
      line_end = head_text.find("\r\n", start);
      const std::string line =
          head_text.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers[name] = value;
    }
    buffer_.erase(0, header_end + 4);
    const std::size_t length =
        head || response.Header("content-length").empty() ? 0 : std::stoul(response.Header("content-length"));
    while (buffer_.size() < length) {
      if (!ReadMore(deadline)) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True when the server closes the connection within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto result = ReadMoreResult(deadline);
      if (result == ReadResult::kClosed) return true;
      if (result == ReadResult::kTimeout) return false;
    }
  }

 private:
  enum class ReadResult { kData, kClosed, kTimeout };

  bool ReadMore(std::chrono::steady_clock::time_point deadline) {
    return ReadMoreResult(deadline) == ReadResult::kData;
  }

  ReadResult ReadMoreResult(std::chrono::steady_clock::time_point deadline) {
    char chunk[4096];
    bool done = false;
    boost::system::error_code error;
    std::size_t got = 0;
    io_.restart();
    socket_.async_read_some(net::buffer(chunk), [&](boost::system::error_code ec, std::size_t n) {
      done = true;
      error = ec;
      got = n;
    });
    io_.run_until(deadline);
    if (!done) {
      socket_.cancel();
      io_.restart();
      io_.run();
      return ReadResult::kTimeout;
    }
    if (error) return ReadResult::kClosed;
    buffer_.append(chunk, got);
    return ReadResult::kData;
  }

  net::io_context io_;
  net::ip::tcp::socket socket_{io_};
  std::string buffer_;
};

std::string BigJson() {
  boost::json::array items;
  for (int i = 0; i < 200; ++i)
    items.push_back(boost::json::object{{"id", std::to_string(i)}, {"caption", "sunset"}});
  return boost::json::serialize(boost::json::object{{"items", std::move(items)}});
}

std::shared_ptr<Router> TestRouter() {
  auto router = std::make_shared<Router>();
  router->Add(Method::kPost, "/api/v1/echo",
              [](Request& request) -> net::awaitable<Response> {
                const auto body = ParseJsonObject(request);
                co_return Response::Json(200, boost::json::object{{"echo", body}});
              },
              {.body_limit = 64});
  router->Add(Method::kGet, "/api/v1/big", [](Request&) -> net::awaitable<Response> {
    co_return Response::Json(200, boost::json::parse(BigJson()));
  });
  router->Add(Method::kGet, "/api/v1/items/{id}", [](Request& request) -> net::awaitable<Response> {
    co_return Response::Json(
        200, boost::json::object{{"id", request.Param("id")}, {"q", request.Query("q").value_or("")}});
  });
  router->Add(Method::kGet, "/api/v1/fail", [](Request&) -> net::awaitable<Response> {
    throw core::Error(core::ErrorCode::kUsernameTaken, "That name is taken", "username", "unique index");
    co_return Response::NoContent();
  });
  router->Add(Method::kGet, "/api/v1/crash", [](Request&) -> net::awaitable<Response> {
    throw std::runtime_error("secret internals");
    co_return Response::NoContent();
  });
  router->Add(Method::kGet, "/api/v1/me",
              [](Request& request) -> net::awaitable<Response> {
                co_return Response::Json(
                    200, boost::json::object{{"user", request.RequirePrincipal().user.ToString()}});
              },
              {.auth = Auth::kRequired});
  router->Add(Method::kGet, "/api/v1/slow", [](Request&) -> net::awaitable<Response> {
    net::steady_timer timer(co_await net::this_coro::executor, 400ms);
    co_await timer.async_wait(net::use_awaitable);
    co_return Response::Json(200, boost::json::object{{"slow", true}});
  });
  return router;
}

Authenticator FakeAuthenticator() {
  return [](const Request& request) -> net::awaitable<std::optional<Principal>> {
    if (request.Header("Authorization") == "Bearer good")
      co_return Principal{core::UserId(7), core::SessionId(1)};
    co_return std::nullopt;
  };
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.header_limit = 2048;
    options.header_timeout = 300ms;
    options.idle_timeout = 2000ms;
    options.body_timeout = 1000ms;
    options.drain_timeout = 3000ms;
    server_ = std::make_unique<Server>(options, TestRouter(), FakeAuthenticator());
    server_->SetReadiness([this] { return ready_.load(); });
    server_->Listen();
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  std::string Get(const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
  }
  std::string PostEcho(const std::string& json, const std::string& extra = "") {
    return "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
           "application/json\r\nContent-Length: " +
           std::to_string(json.size()) + "\r\n" + extra + "\r\n" + json;
  }

  std::atomic<bool> ready_{true};
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Client client(port_);
  client.Send(PostEcho(R"({"n":1})"));
  auto first = client.Receive();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, R"({"echo":{"n":1}})");
  EXPECT_EQ(first->Header("content-type"), "application/json; charset=utf-8");
  client.Send(PostEcho(R"({"n":2})"));
  auto second = client.Receive();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, R"({"echo":{"n":2}})");
}

TEST_F(ServerTest, PipelinedRequestsAnswerInOrder) {
  Client client(port_);
  client.Send(PostEcho(R"({"n":1})") + Get("/api/v1/fail") + Get("/api/v1/items/a%20b?q=x+y"));
  auto first = client.Receive();
  auto second = client.Receive();
  auto third = client.Receive();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(second->body,
            R"({"error":{"code":"username_taken","message":"That name is taken","field":"username"}})");
  EXPECT_EQ(third->body, R"({"id":"a b","q":"x y"})");
}

TEST_F(ServerTest, OversizedContentLengthIs413WithoutReadingTheBody) {
  Client client(port_);
  client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("payload_too_large"), std::string::npos);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(client.ClosedWithin(2000ms));
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  Client client(port_);
  const std::string chunk(100, 'x');
  client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" +
              chunk + "\r\n0\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.ClosedWithin(2000ms));
}

TEST_F(ServerTest, SmallChunkedBodyIsRead) {
  Client client(port_);
  client.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
      "chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"echo":{"a":1}})");
}

TEST_F(ServerTest, HugeHeadersAre431) {
  Client client(port_);
  client.Send(Get("/api/v1/big", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_NE(response->body.find("headers_too_large"), std::string::npos);
  EXPECT_TRUE(client.ClosedWithin(2000ms));
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
  Client client(port_);
  client.Send("GARBAGE\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("bad_request"), std::string::npos);
  EXPECT_FALSE(response->Header("content-security-policy").empty());
  EXPECT_TRUE(client.ClosedWithin(2000ms));
}

TEST_F(ServerTest, ConflictingLengthAndChunkedIs400) {
  Client client(port_);
  client.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: "
      "chunked\r\n\r\n"
      "0\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.ClosedWithin(2000ms));
}

TEST_F(ServerTest, DuplicateDifferingContentLengthIs400) {
  Client client(port_);
  client.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST_F(ServerTest, NonChunkedTransferEncodingIs400) {
  Client client(port_);
  client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST_F(ServerTest, SlowHeaderIsDisconnectedAfterHeaderTimeout) {
  Client client(port_);
  const auto start = std::chrono::steady_clock::now();
  client.Send("GET /api/v1/big HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  EXPECT_TRUE(client.ClosedWithin(2000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  Client client(port_);
  client.Send("DELETE /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->Header("allow"), "POST");
  EXPECT_NE(response->body.find("method_not_allowed"), std::string::npos);
  client.Send("BREW /api/v1/big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto unknown = client.Receive();
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 405);
  EXPECT_EQ(unknown->Header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, UnknownPathsAre404JsonWithSecurityHeaders) {
  Client client(port_);
  client.Send(Get("/api/v1/nothing-here", "X-Request-Id: trace-42\r\n"));
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, R"({"error":{"code":"not_found","message":"Not found"}})");
  EXPECT_EQ(response->Header("x-request-id"), "trace-42");
  EXPECT_EQ(response->Header("cache-control"), "no-store");
  EXPECT_EQ(response->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response->Header("x-frame-options"), "DENY");
  EXPECT_EQ(response->Header("referrer-policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(response->Header("cross-origin-opener-policy"), "same-origin");
  EXPECT_FALSE(response->Header("permissions-policy").empty());
  EXPECT_NE(response->Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  // No web_root: the web app's paths are 404 JSON too.
  client.Send(Get("/u/alice"));
  auto page = client.Receive();
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(page->Header("x-request-id").size(), 16u);
}

TEST_F(ServerTest, AuthRequiredRouteIs401WithoutPrincipal) {
  Client client(port_);
  client.Send(Get("/api/v1/me"));
  auto anonymous = client.Receive();
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_NE(anonymous->body.find("unauthenticated"), std::string::npos);
  client.Send(Get("/api/v1/me", "Authorization: Bearer good\r\n"));
  auto signed_in = client.Receive();
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 200);
  EXPECT_EQ(signed_in->body, R"({"user":"7"})");
}

TEST_F(ServerTest, ErrorsAreEnveloped) {
  Client client(port_);
  client.Send(Get("/api/v1/crash"));
  auto crash = client.Receive();
  ASSERT_TRUE(crash);
  EXPECT_EQ(crash->status, 500);
  EXPECT_NE(crash->body.find(R"("code":"internal")"), std::string::npos);
  EXPECT_EQ(crash->body.find("secret"), std::string::npos);
  client.Send(PostEcho("[1]"));
  auto not_object = client.Receive();
  ASSERT_TRUE(not_object);
  EXPECT_EQ(not_object->status, 400);
  EXPECT_NE(not_object->body.find("malformed_json"), std::string::npos);
}

TEST_F(ServerTest, GzipWhenAcceptedAndHeadWithoutBody) {
  Client client(port_);
  client.Send(Get("/api/v1/big", "Accept-Encoding: gzip, br\r\n"));
  auto gzipped = client.Receive();
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->Header("content-encoding"), "gzip");
  EXPECT_EQ(gzipped->Header("vary"), "Accept-Encoding");
  EXPECT_EQ(detail::GzipDecompress(gzipped->body), BigJson());

  client.Send(Get("/api/v1/big", "Accept-Encoding: gzip;q=0\r\n"));
  auto plain = client.Receive();
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->Header("content-encoding"), "");
  EXPECT_EQ(plain->body, BigJson());

  client.Send("HEAD /api/v1/big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto head = client.Receive(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(BigJson().size()));
  // The connection is still in step: no stray body bytes were sent.
  client.Send(Get("/api/v1/items/9"));
  auto after = client.Receive();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, R"({"id":"9","q":""})");
}

TEST_F(ServerTest, ForeignOriginWritesAre403) {
  Client client(port_);
  client.Send(PostEcho("{}", "Origin: https://evil.test\r\n"));
  auto foreign = client.Receive();
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  EXPECT_NE(foreign->body.find("foreign_origin"), std::string::npos);
  Client second(port_);
  second.Send(PostEcho("{}", "Origin: http://127.0.0.1\r\n"));
  auto same = second.Receive();
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 200);
}

TEST_F(ServerTest, NotReadyAnswers503ExceptHealth) {
  ready_ = false;
  Client client(port_);
  client.Send(Get("/api/v1/items/1"));
  auto refused = client.Receive();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("unavailable"), std::string::npos);
  EXPECT_FALSE(refused->Header("retry-after").empty());
  client.Send(Get("/api/v1/health"));
  auto health = client.Receive();
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body, R"({"status":"starting"})");
  ready_ = true;
  client.Send(Get("/api/v1/health"));
  auto healthy = client.Receive();
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->status, 200);
  EXPECT_EQ(healthy->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, ExpectContinueGetsA100First) {
  Client client(port_);
  client.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.Receive(/*head=*/true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  client.Send("{}");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, SlowBodyIsDisconnectedAfterBodyTimeout) {
  Client client(port_);
  client.Send("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n{\"a\"");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ClosedWithin(3000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(ServerTest, MissingHostIs400) {
  Client client(port_);
  client.Send("GET /api/v1/big HTTP/1.1\r\n\r\n");
  auto response = client.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST(ServerStaticFiles, ServesTheWebAppAndRefusesTraversal) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("lenslet_web_" + std::to_string(std::random_device{}()));
  fs::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html>";
  std::ofstream(root / "assets" / "app-1.js") << "console.log(1)";
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  options.web_root = root.string();
  Server server(options, TestRouter(), FakeAuthenticator());
  server.Listen();
  std::thread runner([&] { server.Run(); });

  Client client(server.port());
  client.Send("GET /assets/app-1.js HTTP/1.1\r\nHost: x\r\n\r\n");
  auto js = client.Receive();
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js->Header("content-type"), "application/javascript; charset=utf-8");
  EXPECT_FALSE(js->Header("content-security-policy").empty());

  client.Send("HEAD /p/42 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto page = client.Receive(/*head=*/true);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->Header("cache-control"), "no-cache");
  EXPECT_EQ(page->Header("content-length"), "15");

  for (const std::string target : {"/../../etc/passwd", "/assets/..%2f..%2fetc/passwd",
                                   "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/unknown", "/media/x.jpg"}) {
    client.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto refused = client.Receive();
    ASSERT_TRUE(refused) << target;
    EXPECT_EQ(refused->status, 404) << target;
    EXPECT_EQ(refused->Header("content-type"), "application/json; charset=utf-8") << target;
  }
  server.Stop();
  runner.join();
  fs::remove_all(root);
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  Client busy(port_);
  Client idle(port_);
  idle.Send(Get("/api/v1/items/1"));
  ASSERT_TRUE(idle.Receive());
  busy.Send(Get("/api/v1/slow"));
  std::this_thread::sleep_for(100ms);  // the handler is now waiting on its timer
  const auto stop_at = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(idle.ClosedWithin(300ms));  // idle keep-alive connection: closed at once
  auto response = busy.Receive();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"slow":true})");
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(busy.ClosedWithin(1000ms));
  thread_.join();  // Run() returns after the drain
  thread_ = std::thread([] {});
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 2000ms);
  EXPECT_THROW(Client{port_}, boost::system::system_error);  // no longer accepting
}

}  // namespace
}  // namespace lenslet::http

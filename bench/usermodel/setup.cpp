#include "setup.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>

#include "http_pool.hpp"
#include "url.hpp"

namespace lenslet::bench::usermodel {
namespace {

namespace net = boost::asio;
namespace json = boost::json;
namespace http = boost::beast::http;

constexpr std::size_t kExploreReaders = 3;
constexpr std::size_t kExplorePages = 3;

struct Pair {
  std::size_t a = 0;
  std::size_t b = 0;
};

struct Job {
  const Options& options;
  World& world;
  HttpPool& http;
  std::vector<Pair> pairs;
  std::size_t next = 0;
  SetupReport report;
};

std::string Failure(const HttpResult& result) {
  if (!result.error.empty()) return result.error;
  std::string reason = "http " + std::to_string(result.status);
  boost::system::error_code ec;
  const auto body = json::parse(result.body, ec);
  if (!ec && body.is_object()) {
    if (const auto* error = body.as_object().if_contains("error"); error && error->is_object()) {
      if (const auto* code = error->as_object().if_contains("code"); code && code->is_string()) {
        reason += " " + std::string(code->as_string());
      }
    }
  }
  return reason;
}

bool Ok(const HttpResult& result) {
  return result.error.empty() && result.status >= 200 && result.status < 300;
}

net::awaitable<void> Worker(Job& job) {
  while (job.next < job.pairs.size()) {
    const auto pair = job.pairs[job.next++];
    const auto& a = job.world.accounts[pair.a];
    const auto& b = job.world.accounts[pair.b];
    // Bodies built before the co_await: GCC 12 cannot keep a braced list of
    // string literals alive across a suspension ("array used as initializer").
    json::object create;
    create["usernames"] = json::array{json::value(b.username)};
    json::object hello;
    hello["text"] = "hi!";
    hello["clientId"] = job.world.run_tag + "-hello-" + std::to_string(pair.a) + "-" + std::to_string(pair.b);
    auto created = co_await job.http.Request(http::verb::post, "/api/v1/conversations", a.access_token,
                                             "application/json", json::serialize(create));
    std::string id;
    if (Ok(created)) {
      boost::system::error_code ec;
      const auto body = json::parse(created.body, ec);
      if (!ec && body.is_object()) {
        if (const auto* conversation = body.as_object().if_contains("conversation");
            conversation && conversation->is_object()) {
          if (const auto* value = conversation->as_object().if_contains("id"); value && value->is_string()) {
            id = std::string(value->as_string());
          }
        }
      }
      if (id.empty()) ++job.report.failures["conversation: answer without conversation.id"];
    } else {
      ++job.report.failures["conversation: " + Failure(created)];
    }
    if (id.empty()) continue;
    const auto reply =
        co_await job.http.Request(http::verb::post, "/api/v1/conversations/" + id + "/messages",
                                  b.access_token, "application/json", json::serialize(hello));
    if (!Ok(reply)) ++job.report.failures["first reply: " + Failure(reply)];
    job.world.partners[pair.a].push_back({pair.b, id});
    job.world.partners[pair.b].push_back({pair.a, id});
    ++job.report.conversations;
  }
}

net::awaitable<void> ReadExplore(Job& job, const Account& reader) {
  std::string cursor;
  for (std::size_t page = 0; page < kExplorePages; ++page) {
    std::string target = "/api/v1/explore";
    if (!cursor.empty()) target += "?cursor=" + PercentEncode(cursor);
    const auto result = co_await job.http.Request(http::verb::get, target, reader.access_token);
    if (!Ok(result)) {
      ++job.report.failures["explore: " + Failure(result)];
      co_return;
    }
    boost::system::error_code ec;
    const auto body = json::parse(result.body, ec);
    if (ec || !body.is_object()) co_return;
    if (const auto* items = body.as_object().if_contains("items"); items && items->is_array()) {
      for (const auto& item : items->as_array()) {
        if (!item.is_object()) continue;
        const auto& post = item.as_object();
        PostRef ref;
        if (const auto* id = post.if_contains("id"); id && id->is_string())
          ref.id = std::string(id->as_string());
        if (const auto* author = post.if_contains("author"); author && author->is_object()) {
          if (const auto* name = author->as_object().if_contains("username"); name && name->is_string()) {
            ref.author = std::string(name->as_string());
          }
        }
        if (!ref.id.empty()) job.world.public_posts.push_back(std::move(ref));
      }
    }
    const auto* next = body.as_object().if_contains("nextCursor");
    if (!next || !next->is_string()) co_return;
    cursor = std::string(next->as_string());
  }
}

}  // namespace

SetupReport PrepareWorld(const Options& options, net::ip::tcp::endpoint server, World& world) {
  const auto began = std::chrono::steady_clock::now();
  net::io_context io;
  HttpPool http(io, server, options.host + ":" + std::to_string(options.port), options.setup_connections,
                options.request_timeout, options.gzip);
  Job job{options, world, http, {}};
  // A ring: person i talks with i±1 … i±partners/2, so everyone has the same
  // number of regular partners and each pair one conversation.
  world.partners.assign(world.people, {});
  for (std::size_t i = 0; i < world.people; ++i) {
    for (std::size_t step = 1; step <= options.partners / 2; ++step)
      job.pairs.push_back({i, (i + step) % world.people});
  }
  for (std::size_t w = 0; w < options.setup_connections; ++w) net::co_spawn(io, Worker(job), net::detached);
  for (std::size_t r = 0; r < kExploreReaders && r < world.people; ++r) {
    net::co_spawn(io, ReadExplore(job, world.accounts[r * world.people / kExploreReaders]), net::detached);
  }
  io.run();
  job.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return std::move(job.report);
}

}  // namespace lenslet::bench::usermodel

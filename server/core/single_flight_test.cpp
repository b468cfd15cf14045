#include "core/single_flight.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace lenslet::core {
namespace {

namespace asio = boost::asio;

// Lets the other coroutines of the same io_context run once before going on.
asio::awaitable<void> YieldOnce() {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
}

TEST(SingleFlightTest, TheLeadersValueReachesEveryFollowerOnItsOwnExecutor) {
  SingleFlight<int> flight;
  int computed = 0;
  // The leader on its own thread, held in flight by a gate the test opens.
  asio::io_context leader_io;
  asio::steady_timer gate(leader_io, asio::steady_timer::time_point::max());
  int leader_got = 0;
  asio::co_spawn(
      leader_io,
      [&]() -> asio::awaitable<void> {
        leader_got = co_await flight.Run([&]() -> asio::awaitable<int> {
          ++computed;
          boost::system::error_code cancelled;
          co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
          co_return 42;
        });
      },
      asio::detached);
  std::thread leader_thread([&] { leader_io.run(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!flight.InFlight() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(flight.InFlight());

  // Followers on this thread's io_context: poll() returns once each waits.
  asio::io_context followers_io;
  constexpr int kFollowers = 5;
  std::vector<int> got(kFollowers, 0);
  std::vector<std::thread::id> resumed_on(kFollowers);
  for (int i = 0; i < kFollowers; ++i) {
    asio::co_spawn(
        followers_io,
        [&, i]() -> asio::awaitable<void> {
          got[i] = co_await flight.Run([&]() -> asio::awaitable<int> {
            ++computed;  // never: a follower does not compute
            co_return -1;
          });
          resumed_on[i] = std::this_thread::get_id();
        },
        asio::detached);
  }
  followers_io.poll();
  EXPECT_EQ(got, std::vector<int>(kFollowers, 0)) << "a follower went on before the leader landed";

  asio::post(leader_io, [&] { gate.cancel(); });
  // Returns only once every follower has been resumed: each waiting follower
  // is counted work on this io_context.
  followers_io.run();
  leader_thread.join();
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(leader_got, 42);
  EXPECT_EQ(got, std::vector<int>(kFollowers, 42));
  for (const auto& id : resumed_on) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_FALSE(flight.InFlight());
}

TEST(SingleFlightTest, TheLeadersExceptionReachesEveryFollower) {
  SingleFlight<int> flight;
  asio::io_context io;
  int computed = 0;
  std::vector<std::string> errors;
  for (int i = 0; i < 4; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          try {
            co_await flight.Run([&]() -> asio::awaitable<int> {
              ++computed;
              co_await YieldOnce();  // the others join meanwhile
              throw std::runtime_error("ranking failed");
            });
            errors.emplace_back("no error");
          } catch (const std::runtime_error& e) {
            errors.emplace_back(e.what());
          }
        },
        asio::detached);
  }
  io.run();
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(errors, std::vector<std::string>(4, "ranking failed"));
  EXPECT_FALSE(flight.InFlight());
}

TEST(SingleFlightTest, ACallAfterTheFlightLandedStartsANewOne) {
  SingleFlight<int> flight;
  asio::io_context io;
  int computed = 0;
  std::vector<int> got;
  const auto run = [&]() -> asio::awaitable<void> {
    got.push_back(co_await flight.Run([&]() -> asio::awaitable<int> {
      co_await YieldOnce();
      co_return ++computed;
    }));
  };
  // Two at once share the first flight; after it landed, a failed flight and
  // then a third call each start their own.
  asio::co_spawn(io, run(), asio::detached);
  asio::co_spawn(io, run(), asio::detached);
  io.run();
  io.restart();
  bool failed = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          co_await flight.Run([&]() -> asio::awaitable<int> {
            ++computed;
            throw std::runtime_error("once");
            co_return 0;
          });
        } catch (const std::runtime_error&) {
          failed = true;
        }
      },
      asio::detached);
  io.run();
  io.restart();
  asio::co_spawn(io, run(), asio::detached);
  io.run();
  EXPECT_TRUE(failed);
  EXPECT_EQ(got, (std::vector<int>{1, 1, 3}));
  EXPECT_EQ(computed, 3);
}

}  // namespace
}  // namespace lenslet::core

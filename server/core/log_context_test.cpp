#include "core/log_context.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/worker_pool.hpp"

namespace lenslet::core {
namespace {

namespace asio = boost::asio;

TEST(LogContextTest, NestedScopesRestoreTheOuterOne) {
  EXPECT_EQ(CurrentRequestId(), "");
  const std::string outer = "outer", inner = "inner";
  {
    const RequestIdScope a(&outer);
    EXPECT_EQ(CurrentRequestId(), "outer");
    {
      const RequestIdScope b(&inner);
      EXPECT_EQ(CurrentRequestId(), "inner");
    }
    EXPECT_EQ(CurrentRequestId(), "outer");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

// Many interleaved coroutines on two threads, each with its own scope: after
// every suspension (a timer, a worker pool job) each still sees its own id,
// and so does the job it handed to the pool.
TEST(LogContextTest, EachCoroutineSeesItsOwnRequestAcrossSuspensions) {
  asio::io_context io(2);
  WorkerPool pool("log-context-test", 2, 1000);
  std::atomic<int> mismatches{0}, checks{0};
  for (int c = 0; c < 20; ++c) {
    auto scope = std::make_shared<LogScope>();
    const asio::any_io_executor strand = asio::make_strand(io);
    asio::co_spawn(
        LogScopeExecutor<asio::any_io_executor>(strand, scope),
        [&, scope, c]() -> asio::awaitable<void> {
          asio::steady_timer timer(co_await asio::this_coro::executor);
          for (int request = 0; request < 5; ++request) {
            scope->request_id = "c" + std::to_string(c) + "r" + std::to_string(request);
            const std::string expected = scope->request_id;
            timer.expires_after(std::chrono::milliseconds(1));
            co_await timer.async_wait(asio::use_awaitable);
            if (CurrentRequestId() != expected) ++mismatches;
            const std::string seen_by_job = co_await pool.Run([] { return std::string(CurrentRequestId()); });
            if (seen_by_job != expected) ++mismatches;
            if (CurrentRequestId() != expected) ++mismatches;
            checks += 3;
          }
          scope->request_id.clear();
        },
        asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_EQ(checks.load(), 20 * 5 * 3);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(CurrentRequestId(), "");
}

}  // namespace
}  // namespace lenslet::core

// What --redis-url adds to a request (issue 15.6): the revocation check of an
// authenticated request whose session is cached (one EXISTS), and a shared
// rate limit (one script), against the in-process limiter. Prints key=value
// lines: per-call latency of a lone caller, then of `concurrency` callers at
// once (as many requests in flight on the network threads), where the client
// pipelines whatever is queued into one round trip.
//
//   build/bin/lenslet_cluster_rules_bench redis://127.0.0.1:56379 [calls] [concurrency]
#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "auth/limiter.hpp"
#include "cluster/cluster_rules.hpp"

namespace {
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

struct Figures {
  std::vector<double> micros;
  double seconds = 0;
};

void Print(const char* name, Figures figures) {
  auto& m = figures.micros;
  std::sort(m.begin(), m.end());
  const auto at = [&](double q) { return m.empty() ? 0.0 : m[static_cast<std::size_t>(q * (m.size() - 1))]; };
  std::printf("%s calls=%zu per_second=%.0f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f\n", name, m.size(),
              static_cast<double>(m.size()) / figures.seconds, at(0.5), at(0.9), at(0.99), m.empty() ? 0.0 : m.back());
}

// `concurrency` coroutines on two threads (a server's network threads here),
// each calling `call` until `calls` were made in total.
template <typename Call>
Figures Measure(int calls, int concurrency, Call call) {
  net::io_context io;
  Figures figures;
  figures.micros.reserve(static_cast<std::size_t>(calls));
  std::mutex mutex;
  std::atomic<int> left{calls};
  const auto start = Clock::now();
  for (int c = 0; c < concurrency; ++c) {
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
          while (left.fetch_sub(1) > 0) {
            const auto t0 = Clock::now();
            co_await call();
            const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
            std::lock_guard lock(mutex);
            figures.micros.push_back(us);
          }
        },
        net::detached);
  }
  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  figures.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s REDIS_URL [calls=20000] [concurrency=64]\n", argv[0]);
    return 2;
  }
  const int calls = argc > 2 ? std::stoi(argv[2]) : 20'000;
  const int concurrency = argc > 3 ? std::stoi(argv[3]) : 64;
  std::random_device random;
  lenslet::cluster::ClusterRules rules({.url = argv[1], .key_prefix = "lenslet-bench-" + std::to_string(random())});
  for (int i = 0; i < 500 && !rules.client().connected(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!rules.client().connected()) {
    std::fprintf(stderr, "cannot reach Redis at %s\n", argv[1]);
    return 1;
  }
  std::printf("calls=%d concurrency=%d\n", calls, concurrency);
  auto& revocations = rules.revocations();
  std::atomic<std::int64_t> session{1};
  const auto check = [&]() -> net::awaitable<void> {
    co_await revocations.Contains(lenslet::core::SessionId{session.fetch_add(1)});
  };
  const auto trips_before = rules.client().round_trips();
  Print("revocation_check_alone", Measure(calls / 4, 1, check));
  const auto trips_alone = rules.client().round_trips();
  Print("revocation_check_concurrent", Measure(calls, concurrency, check));
  std::printf("round_trips_alone=%llu round_trips_concurrent=%llu (for %d calls)\n",
              static_cast<unsigned long long>(trips_alone - trips_before),
              static_cast<unsigned long long>(rules.client().round_trips() - trips_alone), calls);

  // A limit nobody reaches, so every call runs the whole script.
  const auto shared = rules.limiters().Make("bench", {1'000'000'000, 60'000});
  lenslet::auth::LocalLimiters local_limiters;
  lenslet::auth::LimiterFactory& local_factory = local_limiters;
  const auto local = local_factory.Make("bench", {1'000'000'000, 60'000});
  std::atomic<int> user{0};
  const auto acquire = [&](lenslet::auth::Limiter& limiter) {
    return [&limiter, &user]() -> net::awaitable<void> {
      co_await limiter.Acquire(std::to_string(user.fetch_add(1) % 1000));
    };
  };
  Print("limit_local_concurrent", Measure(calls, concurrency, acquire(*local)));
  Print("limit_redis_alone", Measure(calls / 4, 1, acquire(*shared)));
  Print("limit_redis_concurrent", Measure(calls, concurrency, acquire(*shared)));
  return 0;
}

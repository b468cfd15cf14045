#pragma once
// What every test against a real redis-server needs, in one place for the
// realtime fan-out's tests (realtime/redis/) and api/live's presence tests:
//
//   class FanOutTest : public lenslet::realtime::redis::testing::RedisTest {};
//   TEST_F(FanOutTest, Delivers) { ... redis_url() ... }
//
//   RedisProcess redis;                      // a Redis of the test's own,
//   ASSERT_NO_FATAL_FAILURE(redis.Start());  // for the cases that kill it
//   redis.Kill();
//
// and in the module's CMakeLists.txt: TEST_DEPS lenslet_realtime_redis_testing.
// The shared Redis comes from LENSLET_TEST_REDIS_URL (scripts/test.sh sets it;
// by hand: export LENSLET_TEST_REDIS_URL="$(scripts/redis-test-server.sh start
// /tmp/lenslet-redis)"). Without it the tests fail, unless
// LENSLET_ALLOW_NO_REDIS=1 says skipping is intended.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

namespace lenslet::realtime::redis::testing {

// Asks `condition` every 10 ms until it holds or `timeout` has passed; its
// last answer. For what another thread or a Redis round trip makes true.
bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

class RedisTest : public ::testing::Test {
 protected:
  // Fails or skips (see above) when there is no LENSLET_TEST_REDIS_URL. A
  // test's own SetUp calls it first and returns when IsSkipped() or
  // HasFatalFailure().
  void SetUp() override;

  // The shared Redis: every test on it uses keys and channels of its own.
  const std::string& redis_url() const { return redis_url_; }

 private:
  std::string redis_url_;
};

// A TCP port on 127.0.0.1 that nobody listens on right now (-1 if none could
// be had). Also a port for a Redis that is not there.
int FreePort();

// A redis-server of the test's own, on a free port, for the cases that stop
// Redis: the shared one must not die under the other tests. It keeps nothing
// on disk, so it comes back empty after Kill() and Start(), as a Redis
// without persistence does after a crash. The binary is LENSLET_REDIS_SERVER,
// or redis-server from PATH.
class RedisProcess {
 public:
  RedisProcess();
  ~RedisProcess();  // kills it
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  // Known before Start(): a client may be pointed at a Redis not there yet.
  std::string url() const;

  // Starts it and waits (up to 5 s) until it accepts connections; a fatal
  // failure otherwise, so call it inside ASSERT_NO_FATAL_FAILURE.
  void Start();
  // SIGKILL: Redis says no goodbye to its clients, as in a crash.
  void Kill();

 private:
  const int port_;
  pid_t pid_ = -1;
};

}  // namespace lenslet::realtime::redis::testing

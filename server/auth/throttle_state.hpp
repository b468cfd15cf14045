#pragma once
// Where the wrong-password throttle (login_throttle.hpp) keeps its counts
// (issue 15.6): in this process (LocalThrottleState, the default), or once
// for every instance through Redis (cluster::RedisThrottleState with
// --redis-url), so that N instances allow the guesses of one and an account
// under attack queues strangers on all of them. Callers never know which,
// and no call throws for a Redis failure: what cannot be counted in Redis is
// counted here.
#include <boost/asio/awaitable.hpp>
#include <string>
#include <utility>

#include "auth/clock.hpp"
#include "auth/login_throttle.hpp"

namespace lenslet::auth {

// LoginThrottle's four decisions, with its meaning, awaited.
class ThrottleState {
 public:
  virtual ~ThrottleState() = default;
  virtual boost::asio::awaitable<bool> Gated(std::string account) = 0;
  virtual boost::asio::awaitable<Admission> Admit(std::string account, std::string client, bool known) = 0;
  // True for exactly one failure per window across whoever shares the state.
  virtual boost::asio::awaitable<bool> RecordFailure(std::string account, std::string client) = 0;
  virtual boost::asio::awaitable<void> RecordSuccess(std::string account, std::string client) = 0;
};

// The in-process LoginThrottle behind the interface.
class LocalThrottleState final : public ThrottleState {
 public:
  explicit LocalThrottleState(LoginThrottleOptions options = {}, Clock clock = {})
      : throttle_(options, std::move(clock)) {}

  boost::asio::awaitable<bool> Gated(std::string account) override { co_return throttle_.Gated(account); }
  boost::asio::awaitable<Admission> Admit(std::string account, std::string client, bool known) override {
    co_return throttle_.Admit(account, client, known);
  }
  boost::asio::awaitable<bool> RecordFailure(std::string account, std::string client) override {
    co_return throttle_.RecordFailure(account, client);
  }
  boost::asio::awaitable<void> RecordSuccess(std::string account, std::string client) override {
    throttle_.RecordSuccess(account, client);
    co_return;
  }

 private:
  LoginThrottle throttle_;
};

}  // namespace lenslet::auth

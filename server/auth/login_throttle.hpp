#pragma once
// Slows password guessing without handing anyone a lock on someone else's
// account (issue 17.4). Two counters of wrong passwords:
//
//  - per account AND client address: a few are free, then that client alone
//    waits a growing delay (1 s, 2 s, 4 s, … up to 15 min) before it may try
//    again — answered as 429 + Retry-After, without checking the password;
//  - per account, from anywhere: past a threshold the account is "under
//    attack" and clients it does not know (no login from their address) pass
//    one at a time, at a growing interval, waiting server-side for their turn
//    (a timer, never a thread); when the queue is already longer than a few
//    seconds they get 429 + Retry-After instead. An attacker rotating
//    addresses is slowed per account; the owner on a known address who has
//    not failed is never held back.
//
// The owner is told once per window when the threshold is crossed. A right
// password forgets that client's own failures, not the account's: the
// owner's success must not hand the attacker a fresh budget. Thread-safe.
// This process's counts; with --redis-url AuthService keeps them in Redis
// instead, by the same rule, once for every instance (throttle_state.hpp).
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>

#include "auth/clock.hpp"
#include "auth/detail/lru_map.hpp"
#include "core/time.hpp"

namespace lenslet::auth {

struct LoginThrottleOptions {
  int free_failures_per_client = 5;
  core::Millis client_delay_base_ms = 1'000;
  core::Millis client_delay_max_ms = 15 * 60'000;
  int account_failures_before_gate = 10;  // 0 or less: never gated
  core::Millis window_ms = 15 * 60'000;   // failures older than this are forgotten
  core::Millis gate_interval_base_ms = 500;
  core::Millis gate_interval_max_ms = 10'000;
  core::Millis gate_max_wait_ms = 5'000;  // a longer queue is a 429
  std::size_t max_keys = 50'000;          // per map
};

struct Admission {
  bool allowed = true;
  core::Millis wait_ms = 0;      // when allowed: wait this long, then check the password
  int retry_after_seconds = 0;   // when refused: at least 1
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {}, Clock clock = {});

  // Whether unknown clients of the account currently queue (so the caller
  // asks whether this client is known only then).
  bool Gated(std::string_view account);
  // Decides one attempt before its password is checked. `known`: the account
  // has logged in from this client's address before; it skips the account's
  // queue, never its own delay.
  Admission Admit(std::string_view account, std::string_view client, bool known);
  // A wrong password. True when the owner should be told now: the account
  // just reached the threshold, at most once per window.
  bool RecordFailure(std::string_view account, std::string_view client);
  // A right password: this client's failures are forgotten.
  void RecordSuccess(std::string_view account, std::string_view client);

  const LoginThrottleOptions& options() const { return options_; }

 private:
  struct ClientState {
    int failures = 0;
    core::Millis last_failure = 0;
  };
  struct AccountState {
    std::deque<core::Millis> failures;  // inside the window, oldest first, bounded
    core::Millis next_turn = 0;         // the queue of unknown clients
    core::Millis notified_at = 0;
  };

  // With mutex_ held.
  ClientState* FreshClient(const std::string& key, core::Millis now);
  AccountState* FreshAccount(std::string_view account, core::Millis now);
  bool IsGated(const AccountState& state) const;
  core::Millis ClientDelay(int failures) const;
  core::Millis GateInterval(const AccountState& state) const;

  LoginThrottleOptions options_;
  Clock clock_;
  std::mutex mutex_;
  detail::LruMap<ClientState> clients_;    // "<account>\n<client>"
  detail::LruMap<AccountState> accounts_;
};

}  // namespace lenslet::auth

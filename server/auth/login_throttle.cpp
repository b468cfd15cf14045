#include "auth/login_throttle.hpp"

#include <algorithm>
#include <utility>

namespace lenslet::auth {
namespace {

std::string ClientKey(std::string_view account, std::string_view client) {
  std::string key;
  key.reserve(account.size() + client.size() + 1);
  key.append(account).append(1, '\n').append(client);
  return key;
}

int SecondsFor(core::Millis ms) { return std::max<int>(1, static_cast<int>((ms + 999) / 1000)); }

// base × 2^steps, capped, without overflowing.
core::Millis Doubled(core::Millis base, int steps, core::Millis max) {
  core::Millis value = base;
  for (int i = 0; i < steps && value < max; ++i) value *= 2;
  return std::min(value, max);
}

}  // namespace

LoginThrottle::LoginThrottle(LoginThrottleOptions options, Clock clock)
    : options_(options),
      clock_(OrSystemClock(std::move(clock))),
      clients_(options.max_keys),
      accounts_(options.max_keys) {}

LoginThrottle::ClientState* LoginThrottle::FreshClient(const std::string& key, core::Millis now) {
  ClientState* state = clients_.Find(key);
  if (state != nullptr && now - state->last_failure >= options_.window_ms + ClientDelay(state->failures)) {
    clients_.Erase(key);
    return nullptr;
  }
  return state;
}

LoginThrottle::AccountState* LoginThrottle::FreshAccount(std::string_view account, core::Millis now) {
  AccountState* state = accounts_.Find(account);
  if (state == nullptr) return nullptr;
  while (!state->failures.empty() && state->failures.front() <= now - options_.window_ms) {
    state->failures.pop_front();
  }
  return state;
}

bool LoginThrottle::IsGated(const AccountState& state) const {
  return options_.account_failures_before_gate > 0 &&
         state.failures.size() >= static_cast<std::size_t>(options_.account_failures_before_gate);
}

core::Millis LoginThrottle::ClientDelay(int failures) const {
  if (failures < options_.free_failures_per_client) return 0;
  return Doubled(options_.client_delay_base_ms, failures - options_.free_failures_per_client,
                 options_.client_delay_max_ms);
}

core::Millis LoginThrottle::GateInterval(const AccountState& state) const {
  const auto beyond = static_cast<int>(state.failures.size()) - options_.account_failures_before_gate;
  return Doubled(options_.gate_interval_base_ms, std::max(0, beyond), options_.gate_interval_max_ms);
}

bool LoginThrottle::Gated(std::string_view account) {
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  const AccountState* state = FreshAccount(account, now);
  return state != nullptr && IsGated(*state);
}

Admission LoginThrottle::Admit(std::string_view account, std::string_view client, bool known) {
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  if (const ClientState* own = FreshClient(ClientKey(account, client), now)) {
    const core::Millis free_at = own->last_failure + ClientDelay(own->failures);
    if (now < free_at) return Admission{false, 0, SecondsFor(free_at - now)};
  }
  AccountState* state = FreshAccount(account, now);
  if (known || state == nullptr || !IsGated(*state)) return {};
  const core::Millis turn = std::max(now, state->next_turn);
  const core::Millis wait = turn - now;
  if (wait > options_.gate_max_wait_ms) return Admission{false, 0, SecondsFor(wait - options_.gate_max_wait_ms)};
  state->next_turn = turn + GateInterval(*state);
  return Admission{true, wait, 0};
}

bool LoginThrottle::RecordFailure(std::string_view account, std::string_view client) {
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  const std::string key = ClientKey(account, client);
  ClientState* own = FreshClient(key, now);
  if (own == nullptr) own = &clients_.Touch(key);
  own->failures = std::min(own->failures + 1, 1'000);
  own->last_failure = now;

  if (FreshAccount(account, now) == nullptr) accounts_.Touch(account);
  AccountState& state = *accounts_.Find(account);
  const bool was_gated = IsGated(state);
  state.failures.push_back(now);
  // Enough to reach the longest interval; older ones add nothing.
  const auto keep = static_cast<std::size_t>(std::max(options_.account_failures_before_gate, 0) + 32);
  while (state.failures.size() > keep) state.failures.pop_front();
  if (was_gated || !IsGated(state)) return false;
  if (state.notified_at != 0 && now - state.notified_at < options_.window_ms) return false;
  state.notified_at = now;
  return true;
}

void LoginThrottle::RecordSuccess(std::string_view account, std::string_view client) {
  std::lock_guard lock(mutex_);
  clients_.Erase(ClientKey(account, client));
}

}  // namespace lenslet::auth

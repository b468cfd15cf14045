#include "cluster/redis_throttle_state.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <utility>

#include "cluster/instance_id.hpp"
#include "cluster/scripts.hpp"

namespace lenslet::cluster {
namespace {

using realtime::redis::RedisValue;

// Longer parts are hashed: keys stay short whatever a login form was sent.
constexpr std::size_t kMaxPlainPart = 64;

bool Plain(std::string_view part) {
  if (part.empty() || part.size() > kMaxPlainPart) return false;
  return std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view(".:_@+/-").find(c) != std::string_view::npos;
  });
}

// As is when plain, else "#" and 128 bits of its SHA-256 ('#' is never plain).
std::string KeyPart(std::string_view part) {
  if (Plain(part)) return std::string(part);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(part.data()), part.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), 16);
  return "#" + std::string(hex.data());
}

bool IsInteger(const RedisValue& value) { return value.kind == RedisValue::Kind::kInteger; }

int SecondsFor(long long ms) { return static_cast<int>(std::max<long long>(1, (ms + 999) / 1000)); }

}  // namespace

RedisThrottleState::RedisThrottleState(realtime::redis::CommandClient& client, std::string key_prefix,
                                       auth::LoginThrottleOptions options, auth::Clock clock)
    : client_(client),
      key_prefix_(std::move(key_prefix)),
      options_(options),
      clock_(std::move(clock)),
      local_(options, clock_),
      instance_(RandomInstanceId()) {}

std::string RedisThrottleState::AccountPart(std::string_view account) const {
  return key_prefix_ + ":lt:{" + KeyPart(account) + "}";
}

std::string RedisThrottleState::ClientKey(std::string_view account, std::string_view client) const {
  return AccountPart(account) + ":c:" + KeyPart(client);
}

std::string RedisThrottleState::FailuresKey(std::string_view account) const { return AccountPart(account) + ":f"; }

std::string RedisThrottleState::GateKey(std::string_view account) const { return AccountPart(account) + ":g"; }

boost::asio::awaitable<std::optional<RedisValue>> RedisThrottleState::Run(std::size_t script,
                                                                          std::vector<std::string> keys,
                                                                          std::string extra) {
  if (!client_.connected()) {
    log_.Degraded();
    co_return std::nullopt;
  }
  std::vector<std::string> args;
  args.reserve(10);
  args.push_back(clock_ ? std::to_string(clock_()) : std::string());  // "": Redis's clock
  args.push_back(std::to_string(options_.free_failures_per_client));
  args.push_back(std::to_string(options_.client_delay_base_ms));
  args.push_back(std::to_string(options_.client_delay_max_ms));
  args.push_back(std::to_string(options_.account_failures_before_gate));
  args.push_back(std::to_string(options_.window_ms));
  args.push_back(std::to_string(options_.gate_interval_base_ms));
  args.push_back(std::to_string(options_.gate_interval_max_ms));
  args.push_back(std::to_string(options_.gate_max_wait_ms));
  args.push_back(std::move(extra));
  auto result = co_await client_.RunScript(script, std::move(keys), std::move(args));
  if (!result.ok()) {
    log_.Degraded();
    co_return std::nullopt;
  }
  log_.Healthy();
  co_return std::move(result.value);
}

boost::asio::awaitable<bool> RedisThrottleState::Gated(std::string account) {
  std::vector<std::string> keys(1, FailuresKey(account));
  const auto value = co_await Run(kThrottleGated, std::move(keys), std::string());
  if (!value || !IsInteger(*value)) {
    if (value) log_.Degraded();
    co_return local_.Gated(account);
  }
  co_return value->integer == 1;
}

boost::asio::awaitable<auth::Admission> RedisThrottleState::Admit(std::string account, std::string client,
                                                                  bool known) {
  std::vector<std::string> keys;
  keys.reserve(3);
  keys.push_back(ClientKey(account, client));
  keys.push_back(FailuresKey(account));
  keys.push_back(GateKey(account));
  const auto value = co_await Run(kThrottleAdmit, std::move(keys), known ? "1" : "0");
  if (!value || value->kind != RedisValue::Kind::kArray || value->elements.size() != 3 ||
      !std::all_of(value->elements.begin(), value->elements.end(), IsInteger)) {
    if (value) log_.Degraded();
    co_return local_.Admit(account, client, known);
  }
  if (value->elements[0].integer == 1) co_return auth::Admission{true, value->elements[1].integer, 0};
  co_return auth::Admission{false, 0, SecondsFor(value->elements[2].integer)};
}

boost::asio::awaitable<bool> RedisThrottleState::RecordFailure(std::string account, std::string client) {
  std::vector<std::string> keys;
  keys.reserve(3);
  keys.push_back(ClientKey(account, client));
  keys.push_back(FailuresKey(account));
  keys.push_back(GateKey(account));
  const auto value =
      co_await Run(kThrottleFailure, std::move(keys), instance_ + ":" + std::to_string(failures_.fetch_add(1)));
  // Counted here whatever Redis said: the share an outage starts from.
  const bool alone = local_.RecordFailure(account, client);
  if (!value || !IsInteger(*value)) {
    if (value) log_.Degraded();
    co_return alone;
  }
  co_return value->integer == 1;
}

boost::asio::awaitable<void> RedisThrottleState::RecordSuccess(std::string account, std::string client) {
  local_.RecordSuccess(account, client);
  if (!client_.connected()) {
    log_.Degraded();
    co_return;
  }
  std::vector<std::string> command;
  command.reserve(2);
  command.emplace_back("DEL");
  command.push_back(ClientKey(account, client));
  // One command, atomic as a script; a failure leaves the delay to expire.
  const auto result = co_await client_.Run(std::move(command));
  if (result.ok()) {
    log_.Healthy();
  } else {
    log_.Degraded();
  }
}

}  // namespace lenslet::cluster

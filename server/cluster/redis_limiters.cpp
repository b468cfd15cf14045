#include "cluster/redis_limiters.hpp"

#include <algorithm>

#include "cluster/instance_id.hpp"
#include "cluster/scripts.hpp"

namespace lenslet::cluster {
namespace {

using realtime::redis::RedisValue;

class RedisLimiter final : public auth::Limiter {
 public:
  RedisLimiter(RedisLimiters& owner, std::string prefix, auth::RateLimit limit, std::size_t max_keys)
      : owner_(owner), prefix_(std::move(prefix)), local_(limit, max_keys) {}

  boost::asio::awaitable<auth::RateDecision> Acquire(std::string key) override {
    const auto& limit = local_.limit();
    if (limit.max_events <= 0 || limit.window_ms <= 0) co_return auth::RateDecision{};
    if (!owner_.client().connected()) {
      owner_.log().Degraded();
      co_return local_.Acquire(key);
    }
    // Built before the co_await: GCC 12 rejects braced lists inside one.
    std::vector<std::string> keys(1, prefix_ + key);
    std::vector<std::string> args;
    args.reserve(4);
    args.push_back(std::to_string(limit.max_events));
    args.push_back(std::to_string(limit.window_ms));
    args.emplace_back();  // Redis's clock
    args.push_back(owner_.NextEventId());
    const auto result = co_await owner_.client().RunScript(kSlidingWindow, std::move(keys), std::move(args));
    const RedisValue& value = result.value;
    if (!result.ok() || value.kind != RedisValue::Kind::kArray || value.elements.size() != 2 ||
        value.elements[0].kind != RedisValue::Kind::kInteger || value.elements[1].kind != RedisValue::Kind::kInteger) {
      owner_.log().Degraded();
      co_return local_.Acquire(key);
    }
    owner_.log().Healthy();
    if (value.elements[0].integer == 1) {
      local_.Record(key);
      co_return auth::RateDecision{};
    }
    const long long wait_ms = std::max<long long>(value.elements[1].integer, 1);
    co_return auth::RateDecision{false, static_cast<int>(std::max<long long>(1, (wait_ms + 999) / 1000))};
  }

  const auth::RateLimit& limit() const override { return local_.limit(); }

 private:
  RedisLimiters& owner_;
  const std::string prefix_;
  auth::RateLimiter local_;  // the fallback, and this instance's share meanwhile
};

}  // namespace

RedisLimiters::RedisLimiters(realtime::redis::CommandClient& client, std::string key_prefix)
    : client_(client), key_prefix_(std::move(key_prefix)), instance_(RandomInstanceId()) {}

std::unique_ptr<auth::Limiter> RedisLimiters::Make(std::string name, auth::RateLimit limit, std::size_t max_keys) {
  return std::make_unique<RedisLimiter>(*this, key_prefix_ + ":rl:" + name + ":", limit, max_keys);
}

std::string RedisLimiters::NextEventId() { return instance_ + ":" + std::to_string(events_.fetch_add(1)); }

}  // namespace lenslet::cluster

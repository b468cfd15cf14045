#include "http/detail/address_limits.hpp"

#include <boost/asio/ip/address.hpp>
#include <algorithm>
#include <cmath>
#include <utility>

namespace lenslet::http::detail {

bool IsLimitedAddress(std::string_view address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
  if (ec) return true;  // an unparsable X-Forwarded-For value is still a client
  if (parsed.is_loopback()) return false;
  return !(parsed.is_v6() && parsed.to_v6().is_v4_mapped() &&
           boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6()).is_loopback());
}

ConnectionCounter::Slot ConnectionCounter::Acquire(const std::string& address) {
  if (state_->limit == 0 || !IsLimitedAddress(address)) return std::make_shared<int>(0);
  std::lock_guard lock(state_->mutex);
  auto& open = state_->open[address];
  if (open >= state_->limit) return nullptr;
  ++open;
  // Not null (callers test the slot), owning nothing: the deleter releases the count.
  static constexpr int kHeld = 0;
  return std::shared_ptr<const void>(&kHeld, [state = state_, address](const void*) {
    std::lock_guard lock(state->mutex);
    const auto it = state->open.find(address);
    if (it != state->open.end() && --it->second == 0) state->open.erase(it);
  });
}

std::size_t ConnectionCounter::count(const std::string& address) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->open.find(address);
  return it == state_->open.end() ? 0 : it->second;
}

AddressBuckets::AddressBuckets(double rate, double burst, Clock clock)
    : rate_(rate), burst_(burst > 0 ? burst : rate), clock_(std::move(clock)) {}

AddressBuckets::Bucket& AddressBuckets::Refill(const std::string& address, std::chrono::steady_clock::time_point now) {
  const auto [it, inserted] = buckets_.try_emplace(address, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + seconds * rate_);
    bucket.updated = now;
  }
  return bucket;
}

std::chrono::milliseconds AddressBuckets::WaitFor(double deficit) const {
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(deficit / rate_ * 1000.0)));
}

void AddressBuckets::ForgetIdle(std::chrono::steady_clock::time_point now) {
  if (buckets_.size() < next_sweep_) return;
  std::erase_if(buckets_, [&](const auto& entry) {
    const double seconds = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + seconds * rate_ >= burst_;
  });
  next_sweep_ = std::max<std::size_t>(1024, buckets_.size() * 2);
}

std::optional<std::chrono::milliseconds> AddressBuckets::TryTake(const std::string& address, double amount) {
  if (unlimited() || !IsLimitedAddress(address)) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  ForgetIdle(now);
  Bucket& bucket = Refill(address, now);
  if (bucket.tokens >= amount) {
    bucket.tokens -= amount;
    return std::nullopt;
  }
  return std::max(WaitFor(amount - bucket.tokens), std::chrono::milliseconds(1));
}

std::chrono::milliseconds AddressBuckets::Spend(const std::string& address, double amount) {
  if (unlimited() || !IsLimitedAddress(address)) return std::chrono::milliseconds(0);
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  ForgetIdle(now);
  Bucket& bucket = Refill(address, now);
  bucket.tokens -= amount;
  return bucket.tokens >= 0 ? std::chrono::milliseconds(0) : WaitFor(-bucket.tokens);
}

std::size_t AddressBuckets::tracked() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace lenslet::http::detail

#include "api/live/event_limits.hpp"

#include <algorithm>

namespace lenslet::api::live {

auth::RateDecision EventBudget::Spend(int limit, SteadyTime now) {
  if (limit <= 0) return {};
  if (count_ == 0 || now - window_start_ >= kWindow) {
    window_start_ = now;
    count_ = 0;
  }
  if (count_ < static_cast<std::uint32_t>(limit)) {
    ++count_;
    return {};
  }
  const auto left = std::chrono::ceil<std::chrono::seconds>(window_start_ + kWindow - now).count();
  return {.allowed = false, .retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, left))};
}

bool TypingThrottle::MayRelay(core::ConversationId conversation, SteadyTime now) const {
  return std::none_of(last_.begin(), last_.end(), [&](const auto& entry) {
    return entry.first == conversation && now - entry.second < kInterval;
  });
}

bool TypingThrottle::Relayed(core::ConversationId conversation, SteadyTime now) {
  if (!MayRelay(conversation, now)) return false;
  std::erase_if(last_, [&](const auto& entry) { return entry.first == conversation || now - entry.second >= kInterval; });
  if (last_.size() >= kMaxTracked) {
    last_.erase(std::min_element(last_.begin(), last_.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; }));
  }
  last_.emplace_back(conversation, now);
  return true;
}

}  // namespace lenslet::api::live

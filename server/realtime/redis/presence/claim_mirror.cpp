#include "realtime/redis/presence/claim_mirror.hpp"

#include <algorithm>
#include <utility>

namespace lenslet::realtime::redis {

ClaimMirror::ClaimMirror(Now now) : now_(std::move(now)) {}

void ClaimMirror::Remember(const std::string& instance, std::chrono::milliseconds ttl,
                           const std::vector<core::UserId>& users) {
  const auto expires = now_() + ttl;
  std::lock_guard lock(mutex_);
  for (const auto user : users) {
    auto& claims = claims_[user];
    const auto it =
        std::find_if(claims.begin(), claims.end(), [&](const Claim& c) { return c.instance == instance; });
    if (it != claims.end()) {
      it->expires = expires;
    } else {
      claims.push_back({instance, expires});
    }
  }
}

void ClaimMirror::Forget(core::UserId user, const std::string& instance) {
  std::lock_guard lock(mutex_);
  const auto it = claims_.find(user);
  if (it == claims_.end()) return;
  std::erase_if(it->second, [&](const Claim& c) { return c.instance == instance; });
  if (it->second.empty()) claims_.erase(it);
}

void ClaimMirror::ShortenTo(std::chrono::milliseconds within) {
  const auto latest = now_() + within;
  std::lock_guard lock(mutex_);
  for (auto& [user, claims] : claims_) {
    for (auto& c : claims) c.expires = std::min(c.expires, latest);
  }
}

void ClaimMirror::MarkOnline(const std::vector<core::UserId>& users, std::vector<bool>& online) const {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (online[i]) continue;
    const auto it = claims_.find(users[i]);
    if (it == claims_.end()) continue;
    online[i] =
        std::any_of(it->second.begin(), it->second.end(), [&](const Claim& c) { return c.expires > now; });
  }
}

std::vector<core::UserId> ClaimMirror::Sweep() {
  const auto now = now_();
  std::vector<core::UserId> lapsed;
  std::lock_guard lock(mutex_);
  for (auto it = claims_.begin(); it != claims_.end();) {
    std::erase_if(it->second, [&](const Claim& c) { return c.expires <= now; });
    if (!it->second.empty()) {
      ++it;
      continue;
    }
    lapsed.push_back(it->first);
    it = claims_.erase(it);
  }
  return lapsed;
}

}  // namespace lenslet::realtime::redis

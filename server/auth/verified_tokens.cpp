#include "auth/verified_tokens.hpp"

#include <algorithm>

namespace lenslet::auth {

VerifiedTokens::VerifiedTokens(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

std::optional<AccessClaims> VerifiedTokens::Find(std::string_view token, std::int64_t now_seconds,
                                                 std::int64_t clock_skew_seconds) {
  const std::lock_guard lock(mutex_);
  const auto found = index_.find(token);
  if (found == index_.end()) return std::nullopt;
  const auto entry = found->second;
  const AccessClaims claims = entry->second;
  if (now_seconds >= claims.expires_at) {
    index_.erase(found);
    order_.erase(entry);
    return std::nullopt;
  }
  // A clock set back may make a remembered token one issued in the future.
  if (claims.issued_at > now_seconds + clock_skew_seconds) return std::nullopt;
  order_.splice(order_.begin(), order_, entry);
  return claims;
}

void VerifiedTokens::Put(std::string_view token, const AccessClaims& claims) {
  const std::lock_guard lock(mutex_);
  if (const auto found = index_.find(token); found != index_.end()) {
    found->second->second = claims;
    order_.splice(order_.begin(), order_, found->second);
    return;
  }
  if (order_.size() >= capacity_) {
    index_.erase(std::string_view(order_.back().first));
    order_.pop_back();
  }
  order_.emplace_front(std::string(token), claims);
  index_.emplace(std::string_view(order_.front().first), order_.begin());
}

std::size_t VerifiedTokens::size() const {
  const std::lock_guard lock(mutex_);
  return order_.size();
}

}  // namespace lenslet::auth

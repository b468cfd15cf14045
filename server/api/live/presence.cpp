#include "api/live/presence.hpp"

namespace lenslet::api::live {

bool InMemoryPresence::Connected(core::UserId user) {
  std::lock_guard lock(mutex_);
  return ++devices_[user] == 1;
}

bool InMemoryPresence::Disconnected(core::UserId user) {
  std::lock_guard lock(mutex_);
  const auto it = devices_.find(user);
  if (it == devices_.end()) return false;
  if (--it->second > 0) return false;
  devices_.erase(it);
  return true;
}

bool InMemoryPresence::IsOnline(core::UserId user) const {
  std::lock_guard lock(mutex_);
  return devices_.contains(user);
}

std::vector<bool> InMemoryPresence::AreOnline(const std::vector<core::UserId>& users) const {
  std::lock_guard lock(mutex_);
  std::vector<bool> online;
  online.reserve(users.size());
  for (const auto user : users) online.push_back(devices_.contains(user));
  return online;
}

}  // namespace lenslet::api::live

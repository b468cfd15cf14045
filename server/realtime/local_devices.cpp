#include "realtime/local_devices.hpp"

namespace lenslet::realtime {

bool LocalDevices::Connected(core::UserId user) {
  std::lock_guard lock(mutex_);
  return ++devices_[user] == 1;
}

bool LocalDevices::Disconnected(core::UserId user) {
  std::lock_guard lock(mutex_);
  const auto it = devices_.find(user);
  if (it == devices_.end()) return false;
  if (--it->second > 0) return false;
  devices_.erase(it);
  return true;
}

bool LocalDevices::Has(core::UserId user) const {
  std::lock_guard lock(mutex_);
  return devices_.contains(user);
}

std::vector<bool> LocalDevices::Have(const std::vector<core::UserId>& users) const {
  std::lock_guard lock(mutex_);
  std::vector<bool> here;
  here.reserve(users.size());
  for (const auto user : users) here.push_back(devices_.contains(user));
  return here;
}

std::vector<core::UserId> LocalDevices::Users() const {
  std::lock_guard lock(mutex_);
  std::vector<core::UserId> users;
  users.reserve(devices_.size());
  for (const auto& [user, count] : devices_) users.push_back(user);
  return users;
}

}  // namespace lenslet::realtime

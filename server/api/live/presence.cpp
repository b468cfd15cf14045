#include "api/live/presence.hpp"

namespace lenslet::api::live {

// One process: this process's devices are everyone's.
bool InMemoryPresence::Connected(core::UserId user) { return devices_.Connected(user); }

bool InMemoryPresence::Disconnected(core::UserId user) { return devices_.Disconnected(user); }

bool InMemoryPresence::IsOnline(core::UserId user) const { return devices_.Has(user); }

std::vector<bool> InMemoryPresence::AreOnline(const std::vector<core::UserId>& users) const {
  return devices_.Have(users);
}

}  // namespace lenslet::api::live

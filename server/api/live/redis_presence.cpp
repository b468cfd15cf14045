#include "api/live/redis_presence.hpp"

#include <utility>

namespace lenslet::api::live {

RedisPresence::RedisPresence(RedisPresenceOptions options, Announce announce)
    : cluster_(std::move(options), std::move(announce)) {}

bool RedisPresence::Connected(core::UserId user) {
  cluster_.Connected(user);
  return false;
}

bool RedisPresence::Disconnected(core::UserId user) {
  cluster_.Disconnected(user);
  return false;
}

bool RedisPresence::IsOnline(core::UserId user) const { return cluster_.IsOnline(user); }

std::vector<bool> RedisPresence::AreOnline(const std::vector<core::UserId>& users) const {
  return cluster_.AreOnline(users);
}

bool RedisPresence::WaitIdle(std::chrono::milliseconds timeout) const { return cluster_.WaitIdle(timeout); }

}  // namespace lenslet::api::live

#pragma once
// The messages of the presence channel (ClusterPresence, cluster_presence.hpp).
// Pure, so they are unit tested without Redis.
//   "+ <instance> <ttl ms> <user>"      joined: published by the join script
//   "- <instance> <user>"               left: published by the leave script
//   "h <instance> <ttl ms> <user>…"     still here: every refresh
//   "? <instance>"                      send me yours: a subscriber (re)started
// The Lua scripts spell "+" and "-" in Redis (cluster_presence.cpp); this
// decodes them all and encodes the two an instance publishes itself.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::realtime::redis {

struct PresenceMessage {
  enum class Kind { kJoined, kLeft, kHeartbeat, kAsk };
  Kind kind = Kind::kAsk;
  std::string instance;
  // How long the claims hold from now (kJoined, kHeartbeat).
  std::chrono::milliseconds ttl{0};
  // kJoined, kLeft: one user. kHeartbeat: the users whose ids parse (one bad
  // id does not cost the others their claim).
  std::vector<core::UserId> users;
};

// std::nullopt for anything else: another version, or a stranger on the channel.
std::optional<PresenceMessage> DecodePresenceMessage(std::string_view message);

std::string EncodeAsk(std::string_view instance);

// "h" messages for `users`, at most `per_message` users each (a large
// instance's heartbeat is many small messages rather than one that stalls
// every subscriber); none when there are no users.
std::vector<std::string> EncodeHeartbeats(std::string_view instance, std::chrono::milliseconds ttl,
                                          const std::vector<core::UserId>& users, std::size_t per_message);

}  // namespace lenslet::realtime::redis

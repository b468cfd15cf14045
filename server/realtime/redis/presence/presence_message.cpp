#include "realtime/redis/presence/presence_message.hpp"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace lenslet::realtime::redis {
namespace {

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) words.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return words;
}

std::optional<std::chrono::milliseconds> Ttl(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return std::chrono::milliseconds(value);
}

}  // namespace

std::optional<PresenceMessage> DecodePresenceMessage(std::string_view message) {
  const auto words = Words(message);
  if (words.size() < 2) return std::nullopt;
  PresenceMessage decoded;
  decoded.instance = std::string(words[1]);
  const auto kind = words[0];
  if (kind == "?") {
    decoded.kind = PresenceMessage::Kind::kAsk;
    return decoded;
  }
  if (kind == "-" && words.size() == 3) {
    const auto user = core::UserId::Parse(words[2]);
    if (!user) return std::nullopt;
    decoded.kind = PresenceMessage::Kind::kLeft;
    decoded.users.push_back(*user);
    return decoded;
  }
  if ((kind == "+" || kind == "h") && words.size() >= 4) {
    const auto ttl = Ttl(words[2]);
    if (!ttl) return std::nullopt;
    decoded.kind = kind == "+" ? PresenceMessage::Kind::kJoined : PresenceMessage::Kind::kHeartbeat;
    decoded.ttl = *ttl;
    for (std::size_t i = 3; i < words.size(); ++i) {
      if (const auto user = core::UserId::Parse(words[i])) decoded.users.push_back(*user);
    }
    return decoded;
  }
  return std::nullopt;
}

std::string EncodeAsk(std::string_view instance) { return "? " + std::string(instance); }

std::vector<std::string> EncodeHeartbeats(std::string_view instance, std::chrono::milliseconds ttl,
                                          const std::vector<core::UserId>& users, std::size_t per_message) {
  std::vector<std::string> messages;
  const std::string head = "h " + std::string(instance) + " " + std::to_string(ttl.count());
  std::size_t in_message = per_message;
  for (const auto user : users) {
    if (in_message == per_message) {
      messages.push_back(head);
      in_message = 0;
    }
    messages.back() += ' ';
    messages.back() += user.ToString();
    ++in_message;
  }
  return messages;
}

}  // namespace lenslet::realtime::redis

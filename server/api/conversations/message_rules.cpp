#include "api/conversations/message_rules.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::api::conversations {
namespace {

bool IsBlank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

void RefuseControlCharacters(std::string_view text, bool multiline, const std::string& field,
                             std::string_view what) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool allowed_break = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 && !allowed_break) || c == 0x7F) {
      core::ThrowInvalid(field, std::string(what) + " cannot hold control characters");
    }
  }
}

}  // namespace

std::string ValidateMessageText(std::string_view text, bool has_image) {
  const auto length = core::utf8::CountCodePoints(text);
  if (!length) core::ThrowInvalid("text", "The message must be valid text");
  if (*length > kMaxMessageLength) {
    core::ThrowInvalid("text", "A message can be at most " + std::to_string(kMaxMessageLength) + " characters long");
  }
  RefuseControlCharacters(text, true, "text", "A message");
  if (!has_image && IsBlank(text)) core::ThrowInvalid("text", "Write something or attach an image");
  return std::string(text);
}

std::string ValidateClientId(std::string_view client_id) {
  if (client_id.empty() || client_id.size() > kMaxClientIdLength) {
    core::ThrowInvalid("clientId", "clientId must be 1 to 64 characters long");
  }
  for (const char c : client_id) {
    if (c < 0x21 || c > 0x7E) core::ThrowInvalid("clientId", "clientId must be printable ASCII without spaces");
  }
  return std::string(client_id);
}

std::optional<std::string> ValidateTitle(std::string_view raw) {
  const auto first = raw.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    RefuseControlCharacters(raw, false, "title", "The title");
    return std::nullopt;
  }
  const auto title = raw.substr(first, raw.find_last_not_of(" \t") - first + 1);
  const auto length = core::utf8::CountCodePoints(title);
  if (!length) core::ThrowInvalid("title", "The title must be valid text");
  if (*length > kMaxTitleLength) {
    core::ThrowInvalid("title", "A title can be at most " + std::to_string(kMaxTitleLength) + " characters long");
  }
  RefuseControlCharacters(title, false, "title", "The title");
  return std::string(title);
}

std::vector<std::string> ReadUsernames(const boost::json::object& body) {
  const auto* value = body.if_contains("usernames");
  if (value == nullptr || value->is_null()) core::ThrowInvalid("usernames", "usernames is required");
  if (!value->is_array()) core::ThrowInvalid("usernames", "usernames must be an array of usernames");
  const auto& array = value->get_array();
  std::vector<std::string> out;
  for (const auto& item : array) {
    if (!item.is_string()) core::ThrowInvalid("usernames", "usernames must be an array of usernames");
    std::string name(item.get_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    // Bounded work whatever the client sends.
    if (out.size() > kMaxMembers) break;
  }
  if (out.empty()) core::ThrowInvalid("usernames", "Name at least one user");
  if (out.size() > kMaxMembers - 1) {
    core::ThrowInvalid("usernames",
                       "A conversation holds at most " + std::to_string(kMaxMembers) + " people, you included");
  }
  return out;
}

}  // namespace lenslet::api::conversations

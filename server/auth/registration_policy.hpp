#pragma once
// Who may sign up (API.md "Safety and moderation", --registration and
// --max-users) and the shape of invite codes. Plain values and functions;
// AuthService::Register applies them inside its write unit.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::auth {

enum class RegistrationMode {
  kOpen,      // anyone
  kApproval,  // anyone may ask; staff let them in (POST /admin/users/{username}/approve)
  kInvite,    // only with a code from POST /admin/invites
  kClosed,    // nobody
};

// "open", "approval", "invite", "closed".
std::string_view RegistrationModeName(RegistrationMode mode);
std::optional<RegistrationMode> ParseRegistrationMode(std::string_view name);

struct RegistrationPolicy {
  RegistrationMode mode = RegistrationMode::kOpen;
  // At most this many accounts (pending ones do not count until approved); 0: no cap.
  std::int64_t max_users = 0;
  // WARNING: whatever the mode and cap, the first account of an empty
  // instance is always let in (and made admin): otherwise nobody could ever
  // approve, invite or administer anyone.
};

// Invite codes: 16 characters of Crockford's base32 alphabet (80 random
// bits), shown in groups of four: "7K2M-Q9XD-4HVN-C8RT".
inline constexpr std::size_t kInviteCodeSymbols = 16;
std::string GenerateInviteCode();
// What a person typed, as stored: upper-cased, dashes and spaces dropped,
// then regrouped. nullopt when it cannot be a code (wrong length or
// alphabet), so garbage never reaches the database.
std::optional<std::string> NormalizeInviteCode(std::string_view typed);

}  // namespace lenslet::auth

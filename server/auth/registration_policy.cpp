#include "auth/registration_policy.hpp"

#include <sodium.h>

#include <array>

namespace lenslet::auth {
namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand
// is not mistyped as another.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kGroup = 4;

std::string Grouped(std::string_view symbols) {
  std::string out;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % kGroup == 0) out += '-';
    out += symbols[i];
  }
  return out;
}

}  // namespace

std::string_view RegistrationModeName(RegistrationMode mode) {
  switch (mode) {
    case RegistrationMode::kOpen:
      return "open";
    case RegistrationMode::kApproval:
      return "approval";
    case RegistrationMode::kInvite:
      return "invite";
    case RegistrationMode::kClosed:
      return "closed";
  }
  return "open";
}

std::optional<RegistrationMode> ParseRegistrationMode(std::string_view name) {
  for (const auto mode : {RegistrationMode::kOpen, RegistrationMode::kApproval, RegistrationMode::kInvite,
                          RegistrationMode::kClosed}) {
    if (RegistrationModeName(mode) == name) return mode;
  }
  return std::nullopt;
}

std::string GenerateInviteCode() {
  std::string symbols;
  for (std::size_t i = 0; i < kInviteCodeSymbols; ++i) {
    // 32 symbols: uniform_random over a power of two has no bias.
    symbols += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return Grouped(symbols);
}

std::optional<std::string> NormalizeInviteCode(std::string_view typed) {
  // Bounded before any work: a megabyte of spaces is refused at once.
  if (typed.size() > 4 * kInviteCodeSymbols) return std::nullopt;
  std::string symbols;
  for (const char raw : typed) {
    if (raw == '-' || raw == ' ') continue;
    const char c = (raw >= 'a' && raw <= 'z') ? static_cast<char>(raw - 'a' + 'A') : raw;
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    symbols += c;
  }
  if (symbols.size() != kInviteCodeSymbols) return std::nullopt;
  return Grouped(symbols);
}

}  // namespace lenslet::auth

#pragma once
// Single-use tokens mailed to an account (issue 14.2): password resets and
// confirmations of an address. Only the SHA-256 of a token is stored, so a
// copy of the database opens no account. Also the two writes to users.email
// that only such a token may cause.
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

enum class TokenPurpose { kPasswordReset, kVerifyEmail, kChangeEmail };

std::string_view TokenPurposeName(TokenPurpose purpose);

struct AccountTokenRow {
  core::UserId user_id;
  TokenPurpose purpose = TokenPurpose::kPasswordReset;
  std::string email;  // the address it was mailed to (the new one for kChangeEmail)
  core::Millis expires_at = 0;
  std::optional<core::Millis> used_at;
};

struct NewAccountToken {
  std::string token_hash;
  core::UserId user_id;
  TokenPurpose purpose = TokenPurpose::kPasswordReset;
  std::string email;
  core::Millis now = 0;
  core::Millis expires_at = 0;
};

class AccountTokenStore {
 public:
  void Insert(db::Connection& c, const NewAccountToken& token) const;
  std::optional<AccountTokenRow> Find(db::Connection& c, std::string_view token_hash) const;
  // WARNING: the single-use guard. Marks the token used only if it is unused
  // and unexpired; of two concurrent uses exactly one gets true.
  bool Consume(db::Connection& c, std::string_view token_hash, core::Millis now) const;
  // Every unused token of the user for `purpose` stops working (a reset ends
  // the other reset links; a changed address, the older confirmations).
  void ConsumeAll(db::Connection& c, core::UserId user, TokenPurpose purpose, core::Millis now) const;
};

class UserEmailStore {
 public:
  // Sets email_verified_at when `email` is still the user's address (any
  // case); false otherwise.
  bool MarkVerified(db::Connection& c, core::UserId user, std::string_view email, core::Millis now) const;
  // The new, already confirmed address. Throws Error(kEmailTaken, field
  // "email") when another account holds it.
  void ChangeEmail(db::Connection& c, core::UserId user, std::string_view email, core::Millis now) const;
};

}  // namespace lenslet::store

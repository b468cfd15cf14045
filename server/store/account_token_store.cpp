#include "store/account_token_store.hpp"

#include "core/error.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";

constexpr std::string_view kFind =
    "SELECT user_id, purpose, email, expires_at, used_at FROM account_tokens WHERE token_hash = $1";

constexpr std::string_view kConsume =
    "UPDATE account_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";

constexpr std::string_view kConsumeAll =
    "UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL";

constexpr std::string_view kMarkVerified =
    "UPDATE users SET email_verified_at = coalesce(email_verified_at, $3) "
    "WHERE id = $1 AND lower(email) = lower($2)";

constexpr std::string_view kEmailHeldByOther = "SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2";

constexpr std::string_view kChangeEmail =
    "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1";

std::optional<TokenPurpose> ParsePurpose(std::string_view name) {
  for (const auto p : {TokenPurpose::kPasswordReset, TokenPurpose::kVerifyEmail, TokenPurpose::kChangeEmail}) {
    if (TokenPurposeName(p) == name) return p;
  }
  return std::nullopt;
}

}  // namespace

std::string_view TokenPurposeName(TokenPurpose purpose) {
  switch (purpose) {
    case TokenPurpose::kPasswordReset: return "password_reset";
    case TokenPurpose::kVerifyEmail: return "verify_email";
    case TokenPurpose::kChangeEmail: return "change_email";
  }
  return "password_reset";
}

void AccountTokenStore::Insert(db::Connection& c, const NewAccountToken& token) const {
  c.Exec(kInsert, token.token_hash, token.user_id, TokenPurposeName(token.purpose), token.email, token.now,
         token.expires_at);
}

std::optional<AccountTokenRow> AccountTokenStore::Find(db::Connection& c, std::string_view token_hash) const {
  const auto row = c.Exec(kFind, token_hash).first();
  if (!row) return std::nullopt;
  const auto purpose = ParsePurpose(row->Text(1));
  if (!purpose) return std::nullopt;
  return AccountTokenRow{core::UserId(row->Int(0)), *purpose, row->Text(2), row->Int(3), row->OptInt(4)};
}

bool AccountTokenStore::Consume(db::Connection& c, std::string_view token_hash, core::Millis now) const {
  return c.Exec(kConsume, token_hash, now).affected > 0;
}

void AccountTokenStore::ConsumeAll(db::Connection& c, core::UserId user, TokenPurpose purpose,
                                   core::Millis now) const {
  c.Exec(kConsumeAll, user, TokenPurposeName(purpose), now);
}

bool UserEmailStore::MarkVerified(db::Connection& c, core::UserId user, std::string_view email,
                                  core::Millis now) const {
  return c.Exec(kMarkVerified, user, email, now).affected > 0;
}

void UserEmailStore::ChangeEmail(db::Connection& c, core::UserId user, std::string_view email,
                                 core::Millis now) const {
  const auto taken = [&] {
    return core::Error(core::ErrorCode::kEmailTaken, "An account with that email already exists", "email");
  };
  if (!c.Exec(kEmailHeldByOther, email, user).empty()) throw taken();
  try {
    c.Exec(kChangeEmail, user, email, now);
  } catch (const db::ConstraintViolation& e) {
    // A concurrent sign-up took it between the check and the update.
    if (e.kind() != db::ConstraintViolation::Kind::kUnique) throw;
    throw taken();
  }
}

}  // namespace lenslet::store

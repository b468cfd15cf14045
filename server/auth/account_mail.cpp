#include "auth/account_mail.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <exception>

#include "auth/detail/client.hpp"
#include "auth/refresh_token.hpp"
#include "auth/validation.hpp"
#include "core/error.hpp"
#include "mail/outbox.hpp"

namespace lenslet::auth {
namespace {

// No stored password is longer than 128 code points (≤ 512 bytes).
constexpr std::size_t kMaxPlausiblePasswordBytes = 4 * kPasswordMaxLength;

// Mailed tokens have the refresh tokens' shape: 32 random bytes, base64url,
// only the SHA-256 stored.
std::string NewToken() { return GenerateRefreshToken(); }
std::string HashToken(std::string_view token) { return HashRefreshToken(token); }

[[noreturn]] void ThrowTokenInvalid() {
  throw core::Error(core::ErrorCode::kTokenInvalid, "This link is not valid. Ask for a new one.");
}

std::string PathFor(store::TokenPurpose purpose, const std::string& token) {
  return (purpose == store::TokenPurpose::kPasswordReset ? "/reset-password?token=" : "/verify-email?token=") +
         token;
}

mail::Template TemplateFor(store::TokenPurpose purpose) {
  switch (purpose) {
    case store::TokenPurpose::kPasswordReset: return mail::Template::kPasswordReset;
    case store::TokenPurpose::kVerifyEmail: return mail::Template::kVerifyEmail;
    case store::TokenPurpose::kChangeEmail: return mail::Template::kConfirmEmailChange;
  }
  return mail::Template::kVerifyEmail;
}

std::string UserKey(core::UserId user) { return "user:" + user.ToString(); }

}  // namespace

AccountMail::AccountMail(db::Database& db, core::WorkerPool& hash_pool, AuthService& auth,
                         AccountMailOptions options)
    : db_(db),
      hash_pool_(hash_pool),
      auth_(auth),
      options_(std::move(options)),
      clock_(OrSystemClock(options_.clock)),
      hasher_(options_.password),
      own_limiters_(options_.limiters == nullptr ? std::make_unique<LocalLimiters>(clock_) : nullptr) {
  LimiterFactory& limiters = options_.limiters != nullptr ? *options_.limiters : *own_limiters_;
  reset_per_address_ = limiters.Make("reset-address", options_.reset_per_address, options_.max_keys);
  mail_per_account_ = limiters.Make("mail-account", options_.mail_per_account, options_.max_keys);
}

void AccountMail::IssueToken(db::Connection& c, const store::UserRow& user, store::TokenPurpose purpose,
                             const std::string& to, core::Millis now) const {
  const std::string token = NewToken();
  const core::Millis ttl =
      purpose == store::TokenPurpose::kPasswordReset ? options_.reset_token_ttl_ms : options_.verify_token_ttl_ms;
  tokens_.Insert(c, store::NewAccountToken{HashToken(token), user.id, purpose, to, now, now + ttl});
  mail::Fields fields{{"username", user.username}, {"path", PathFor(purpose, token)}};
  if (purpose == store::TokenPurpose::kPasswordReset) fields["minutes"] = std::to_string(ttl / 60'000);
  if (purpose == store::TokenPurpose::kChangeEmail) fields["email"] = to;
  mail::Enqueue(c, to, TemplateFor(purpose), fields, now);
}

void AccountMail::StartVerification(db::Connection& c, const store::UserRow& user, core::Millis now) const {
  IssueToken(c, user, store::TokenPurpose::kVerifyEmail, user.email, now);
}

boost::asio::awaitable<void> AccountMail::RequestPasswordReset(std::string email, ClientInfo client) {
  ThrowIfLimited(co_await reset_per_address_->Acquire(detail::AddressKey(client.address)));
  email = ValidateEmail(email);
  ThrowIfLimited(co_await mail_per_account_->Acquire("email:" + AsciiLower(email)));
  // WARNING: after the answer, on purpose (timing must not tell whether the
  // account exists). A crash in between loses this request, never a queued mail.
  boost::asio::co_spawn(co_await boost::asio::this_coro::executor, MailResetLink(std::move(email)),
                        [](std::exception_ptr error) {
                          if (!error) return;
                          try {
                            std::rethrow_exception(error);
                          } catch (const std::exception& e) {
                            spdlog::warn("password reset request failed: {}", e.what());
                          }
                        });
}

boost::asio::awaitable<void> AccountMail::MailResetLink(std::string email) {
  const auto user = co_await db_.Read([&](db::Connection& c) { return users_.FindByEmail(c, email); });
  if (!user) co_return;
  const core::Millis now = clock_();
  co_await db_.Write([&](db::Connection& c) {
    // To the stored address, not the typed one (they differ at most in case).
    IssueToken(c, *user, store::TokenPurpose::kPasswordReset, user->email, now);
  });
}

store::AccountTokenRow AccountMail::RequireUsable(db::Connection& c, const std::string& token_hash,
                                                  core::Millis now) const {
  const auto row = tokens_.Find(c, token_hash);
  if (!row) ThrowTokenInvalid();
  if (row->used_at) {
    throw core::Error(core::ErrorCode::kTokenUsed, "This link was used already. Ask for a new one.");
  }
  if (row->expires_at <= now) {
    throw core::Error(core::ErrorCode::kTokenExpired, "This link has expired. Ask for a new one.");
  }
  return *row;
}

boost::asio::awaitable<PasswordReset> AccountMail::ResetPassword(std::string token, std::string password) {
  if (!LooksLikeRefreshToken(token)) ThrowTokenInvalid();
  const std::string token_hash = HashToken(token);
  const core::Millis checked_at = clock_();
  const auto [row, user] = co_await db_.Read([&](db::Connection& c) {
    const auto row = RequireUsable(c, token_hash, checked_at);
    if (row.purpose != store::TokenPurpose::kPasswordReset) ThrowTokenInvalid();
    auto user = users_.FindById(c, row.user_id);
    if (!user) ThrowTokenInvalid();
    return std::pair{row, std::move(*user)};
  });
  if (password.size() > kMaxPlausiblePasswordBytes) core::ThrowInvalid("password", "That password is too long");
  try {
    ValidatePassword(password, user.username);
  } catch (const core::Error& invalid) {
    core::ThrowInvalid("password", invalid.message());
  }
  const std::string hash = co_await hash_pool_.Run([&] { return hasher_.Hash(password); });
  const core::Millis now = clock_();
  // One unit: the token is spent, the password set and every login ended
  // together, or none of it.
  auto ended = co_await db_.Write([&](db::Connection& c) {
    if (!tokens_.Consume(c, token_hash, now)) RequireUsable(c, token_hash, now);  // lost a race: say why
    if (!users_.UpdatePasswordHash(c, row.user_id, hash, now)) ThrowTokenInvalid();
    tokens_.ConsumeAll(c, row.user_id, store::TokenPurpose::kPasswordReset, now);
    // The link reached that mailbox: it is the owner's.
    emails_.MarkVerified(c, row.user_id, row.email, now);
    return sessions_.RevokeAllForUser(c, row.user_id, now);
  });
  co_await auth_.ForgetSessions(ended);
  spdlog::info("password of user {} reset by a mailed link; {} login(s) ended", row.user_id.ToString(),
               ended.size());
  co_return PasswordReset{row.user_id, std::move(ended)};
}

boost::asio::awaitable<void> AccountMail::VerifyEmail(std::string token) {
  if (!LooksLikeRefreshToken(token)) ThrowTokenInvalid();
  const std::string token_hash = HashToken(token);
  const core::Millis now = clock_();
  co_await db_.Write([&](db::Connection& c) {
    const auto row = RequireUsable(c, token_hash, now);
    if (row.purpose == store::TokenPurpose::kPasswordReset) ThrowTokenInvalid();
    const auto user = users_.FindById(c, row.user_id);
    if (!user) ThrowTokenInvalid();
    if (!tokens_.Consume(c, token_hash, now)) RequireUsable(c, token_hash, now);
    if (row.purpose == store::TokenPurpose::kVerifyEmail) {
      if (!emails_.MarkVerified(c, row.user_id, row.email, now)) {
        throw core::Error(core::ErrorCode::kTokenExpired,
                          "This link is for an address your account no longer uses.");
      }
      return;
    }
    emails_.ChangeEmail(c, row.user_id, row.email, now);
    // Links to the old address, or to other new ones, mean nothing now.
    tokens_.ConsumeAll(c, row.user_id, store::TokenPurpose::kVerifyEmail, now);
    tokens_.ConsumeAll(c, row.user_id, store::TokenPurpose::kChangeEmail, now);
    // The old address is told, in the same unit as the change.
    mail::Enqueue(c, user->email, mail::Template::kEmailChanged,
                  {{"username", user->username}, {"email", row.email}}, now);
  });
}

boost::asio::awaitable<void> AccountMail::ResendVerification(core::UserId user_id) {
  ThrowIfLimited(co_await mail_per_account_->Acquire(UserKey(user_id)));
  const core::Millis now = clock_();
  co_await db_.Write([&](db::Connection& c) {
    const auto user = users_.FindById(c, user_id);
    if (!user) throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "user vanished");
    if (user->email_verified_at) return;
    StartVerification(c, *user, now);
  });
}

boost::asio::awaitable<void> AccountMail::RequestEmailChange(core::UserId user_id, std::string email) {
  ThrowIfLimited(co_await mail_per_account_->Acquire(UserKey(user_id)));
  email = ValidateEmail(email);
  const auto user = co_await db_.Read([&](db::Connection& c) { return users_.FindById(c, user_id); });
  if (!user) throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "user vanished");
  if (AsciiLower(email) == AsciiLower(user->email)) {
    core::ThrowInvalid("email", "That is already your address");
  }
  const core::Millis now = clock_();
  co_await db_.Write([&](db::Connection& c) {
    if (users_.EmailExists(c, email)) {
      throw core::Error(core::ErrorCode::kEmailTaken, "An account with that email already exists", "email");
    }
    IssueToken(c, *user, store::TokenPurpose::kChangeEmail, email, now);
  });
}

}  // namespace lenslet::auth

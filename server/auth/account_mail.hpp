#pragma once
// What an account does through its mailbox (issue 14.2, API.md "Accounts for
// real life"): forgot/reset password, confirming the address, changing it.
// Each mailed link carries a single-use token (store/account_token_store.hpp)
// and the mail is queued in the same write unit as its token
// (mail/outbox.hpp), so there is never a token without its mail or a mail
// without its token. Thread-safe; one instance per process.
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "auth/auth_service.hpp"
#include "auth/clock.hpp"
#include "auth/limiter.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "store/account_token_store.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::auth {

struct AccountMailOptions {
  core::Millis reset_token_ttl_ms = 30 * 60'000;           // --reset-token-ttl-ms
  core::Millis verify_token_ttl_ms = 24LL * 60 * 60'000;   // --verify-token-ttl-ms
  RateLimit reset_per_address{10, 60 * 60'000};           // --password-reset-limit
  // Mails per account (resets, resends, address changes): --account-mail-limit.
  RateLimit mail_per_account{5, 60 * 60'000};
  std::size_t max_keys = 50'000;
  // Where both limits are counted: with --redis-url once for every instance
  // (issue 15.6, auth/limiter.hpp); null: this process alone.
  LimiterFactory* limiters = nullptr;
  PasswordHashParams password;
  Clock clock;
};

// A reset's result: whose password changed and which logins it ended (the
// caller closes their sockets).
struct PasswordReset {
  core::UserId user;
  std::vector<core::SessionId> ended;
};

class AccountMail {
 public:
  AccountMail(db::Database& db, core::WorkerPool& hash_pool, AuthService& auth, AccountMailOptions options);

  // POST /auth/password/forgot. Returns at once, whether or not an account has
  // that address: the lookup, the token and the mail happen after the answer
  // on the caller's executor, so neither the answer nor its timing tells.
  // Errors: kRateLimited (per client address, and per address asked for —
  // keyed by the text typed, so it behaves the same for unknown ones);
  // kInvalidValue (field email) for something that is not an address.
  boost::asio::awaitable<void> RequestPasswordReset(std::string email, ClientInfo client);
  // POST /auth/password/reset. Sets the password, ends every login of the
  // account and every other reset link, and confirms the address the link
  // went to. Errors: kTokenInvalid, kTokenExpired, kTokenUsed; kInvalidValue
  // (field password).
  boost::asio::awaitable<PasswordReset> ResetPassword(std::string token, std::string password);
  // POST /auth/email/verify: a confirmation of the current address or of a
  // new one (then the address changes now, and the old one is told).
  // Errors: kTokenInvalid, kTokenExpired (also when the account's address
  // changed since the link was sent), kTokenUsed; kEmailTaken.
  boost::asio::awaitable<void> VerifyEmail(std::string token);
  // POST /auth/email/resend: nothing to do when already confirmed.
  // Errors: kRateLimited (per account); kUnauthenticated.
  boost::asio::awaitable<void> ResendVerification(core::UserId user);
  // POST /auth/email/change: mails a confirmation link to the new address;
  // nothing changes until it is opened. The caller has checked the password
  // (AuthService::ConfirmPassword: the login throttle counts wrong ones).
  // Errors: kRateLimited (per account); kInvalidValue (field email);
  // kEmailTaken.
  boost::asio::awaitable<void> RequestEmailChange(core::UserId user, std::string email);

  // Inside a sign-up's write unit: the first confirmation mail.
  void StartVerification(db::Connection& c, const store::UserRow& user, core::Millis now) const;

 private:
  boost::asio::awaitable<void> MailResetLink(std::string email);
  // Issues a token of `purpose` for `user`, mailed to `to` in this unit.
  void IssueToken(db::Connection& c, const store::UserRow& user, store::TokenPurpose purpose,
                  const std::string& to, core::Millis now) const;
  // The token's row when it may still be used; throws the right error otherwise.
  store::AccountTokenRow RequireUsable(db::Connection& c, const std::string& token_hash, core::Millis now) const;

  db::Database& db_;
  core::WorkerPool& hash_pool_;
  AuthService& auth_;
  AccountMailOptions options_;
  Clock clock_;
  PasswordHasher hasher_;
  store::UserStore users_;
  store::SessionStore sessions_;
  store::AccountTokenStore tokens_;
  store::UserEmailStore emails_;
  std::unique_ptr<LimiterFactory> own_limiters_;  // when options_.limiters is null
  std::unique_ptr<Limiter> reset_per_address_;
  std::unique_ptr<Limiter> mail_per_account_;
};

}  // namespace lenslet::auth

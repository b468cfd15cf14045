#pragma once
// The accounts use cases the HTTP handlers and the Socket.IO handshake call:
// register, log in, refresh, log out, authenticate a request, "me". Thin: the
// rules are the plain functions in validation.hpp, jwt.hpp, refresh_token.hpp;
// the SQL is in store/. Thread-safe; one instance per process.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/limiter.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/registration_policy.hpp"
#include "auth/revocation_list.hpp"
#include "auth/session_cache.hpp"
#include "auth/session_end_feed.hpp"
#include "auth/throttle_state.hpp"
#include "auth/two_factor.hpp"
#include "auth/verified_tokens.hpp"
#include "core/ids.hpp"
#include "core/secret.hpp"
#include "core/time.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "store/registration_store.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::auth {

struct AuthRateLimits {
  RateLimit login_per_address{20, 5 * 60'000};
  // Wrong passwords per account and per account and address: growing delays, no lockout.
  LoginThrottleOptions login_throttle;
  RateLimit register_per_address{10, 60 * 60'000};
  RateLimit refresh_per_address{60, 60'000};
  std::size_t max_keys = 50'000;  // per limiter
};

struct AuthOptions {
  core::Secret jwt_secret;  // at least kMinJwtSecretBytes (32) bytes
  core::Millis access_token_lifetime_ms = 15 * 60'000;
  // Sliding: every refresh moves the session's expiry this far ahead.
  core::Millis session_lifetime_ms = 30LL * 24 * 60 * 60'000;
  std::int64_t jwt_clock_skew_seconds = 60;
  AuthRateLimits limits;
  SessionCacheOptions session_cache;
  PasswordHashParams password;  // OWASP defaults; tests lower them for speed
  Clock clock;                  // empty: the system clock
  // Called once per window when an account's wrong passwords cross the
  // throttle's threshold, to tell its owner (api/ writes the notification).
  // Must not throw: it logs its own failures, which never fail a login.
  std::function<boost::asio::awaitable<void>(core::UserId)> on_attack;
  // --registration and --max-users.
  RegistrationPolicy registration;
  // Where the limits above are counted: null, in this process; with
  // --redis-url, once for every instance (cluster::RedisLimiters). Must
  // outlive the service.
  LimiterFactory* limiters = nullptr;
  // Logins ended by any instance (cluster::RedisRevocations with
  // --redis-url): checked whenever the session cache says "active", so a
  // logout elsewhere applies at once. Null: one process, or several that
  // learn of each other's logouts within session_cache.positive_ttl_ms.
  RevocationList* revocations = nullptr;
  // Without a revocation list: logins ended anywhere, announced as they end
  // (cluster::PgSessionEnds on PostgreSQL). While it listens, an "active"
  // answer read since it began listening holds for
  // session_cache.announced_ttl_ms. Must outlive the service; its
  // announcements arrive through ForgetCachedSessions.
  const SessionEndFeed* announced_ends = nullptr;
  // No other process can end a login on this database (SQLite: it cannot be
  // shared), so the session cache's answers hold until this process changes
  // them (session_cache.announced_ttl_ms) without a revocation list.
  bool sole_instance = false;
  // Where wrong passwords are counted: null, in this process (a LoginThrottle
  // with limits.login_throttle); with --redis-url, once for every instance
  // (cluster::RedisThrottleState, built with the same options). Must outlive
  // the service.
  ThrottleState* throttle = nullptr;
  // Called inside a sign-up's write unit once the account exists, so what it
  // writes (the first confirmation mail, auth/account_mail.hpp) commits with
  // the account or not at all. Must not start a unit of its own.
  std::function<void(db::Connection&, const store::UserRow&, core::Millis)> on_signed_up;
  TwoFactorLimits two_factor;
};

// Who presented a valid access token of a live session. api/ turns it into an
// http::Principal (auth/ does not depend on http/).
struct Identity {
  core::UserId user;
  core::SessionId session;
  core::Millis expires_at = 0;  // the access token's "exp", in ms
};

struct ClientInfo {
  std::string address;     // the client address as http/ resolved it
  std::string user_agent;  // stored (sanitised, truncated) to list logins later
};

struct RegisterForm {
  std::string username;
  std::string email;
  std::string password;
  std::optional<std::string> display_name;
  // Needed under --registration invite (except for the first account).
  std::optional<std::string> invite_code;
};

// The door a login came through: a browser's (cookies) or another client's
// (tokens in the body). A two-factor challenge remembers it.
using LoginFlow = store::ChallengeFlow;

struct LoginForm {
  std::string login;  // username or email, any case
  std::string password;
  LoginFlow flow = LoginFlow::kCookie;
};


struct PasswordChange {
  std::string current_password;
  std::string new_password;
};

struct LoginResult {
  store::UserRow user;
  core::SessionId session;
  std::string access_token;  // never log
  core::Millis access_expires_at = 0;
  std::string refresh_token;            // never log; only its hash is stored
  core::Millis refresh_expires_at = 0;  // = the session's expiry
  // This login brought back an account its owner had asked to delete (within
  // the grace period, issue 14.6): the clients say "welcome back".
  bool restored = false;
};

// A login completed by its second factor, and the door it began at.
struct TwoFactorLogin {
  LoginResult login;
  LoginFlow flow = LoginFlow::kCookie;
};

// A sign-up either signs in at once or, under --registration approval, waits
// for staff (no session, no cookies).
struct RegisterOutcome {
  std::optional<LoginResult> login;  // nullopt: pending approval

  bool pending() const { return !login; }
};

class AuthService {
 public:
  // Throws std::invalid_argument for a JWT secret shorter than 32 bytes.
  // Computes one password hash (the dummy for unknown logins), so build it at start-up.
  AuthService(db::Database& db, core::WorkerPool& hash_pool, AuthOptions options);

  // Applies options().registration; the first account of an empty instance
  // is always let in and is the only one made admin — decided under the
  // sign-up lock (store::RegistrationStore::BeginSignUp), so of two
  // simultaneous first sign-ups exactly one is admin. Errors: kRateLimited;
  // kInvalidValue (field: username, email, password, displayName,
  // inviteCode); kUsernameTaken; kEmailTaken (pending accounts hold theirs
  // too); kRegistrationClosed; kRegistrationFull; kInviteExpired and
  // kInviteUsedUp (field inviteCode).
  boost::asio::awaitable<RegisterOutcome> Register(RegisterForm form, ClientInfo client);
  // Errors: kRateLimited; kInvalidCredentials (one code for unknown login and
  // wrong password); kAccountPending for the right password of an account
  // waiting for approval; kTwoFactorRequired (with a challenge for
  // CompleteTwoFactorLogin) for the right password of an account with
  // two-factor on — no session is started by the password alone.
  boost::asio::awaitable<LoginResult> Login(LoginForm form, ClientInfo client);
  // The second step of a two-factor login (two_factor_login.cpp): a TOTP or
  // recovery code against a challenge of Login. Errors: kRateLimited (per
  // address like Login; per account after too many wrong codes);
  // kInvalidToken (field challenge: unknown, expired, used, or too many wrong
  // codes); kInvalidCredentials (field code); kAccountSuspended.
  boost::asio::awaitable<TwoFactorLogin> CompleteTwoFactorLogin(std::string challenge, std::string code,
                                                                ClientInfo client);
  // Turns two-factor off: needs the password (throttled like ChangePassword)
  // and a TOTP or recovery code. Errors: kRateLimited; kConflict when it is
  // not on; kInvalidCredentials (field password or code).
  boost::asio::awaitable<void> DisableTwoFactor(core::UserId user, std::string password, std::string code,
                                                ClientInfo client);
  TwoFactor& two_factor() { return two_factor_; }
  // Rotates the refresh token. Errors: kRateLimited; kInvalidToken (unknown,
  // already used — which also revokes the whole session —, revoked or expired).
  // Two refreshes with one token: at most one succeeds and the session ends,
  // so clients must not refresh concurrently.
  boost::asio::awaitable<LoginResult> Refresh(std::string refresh_token, ClientInfo client);
  // Revokes the session; its access tokens stop working in this process at
  // once, and in the others at once too when options().revocations is set
  // and reachable (else within session_cache.positive_ttl_ms). Returns the session's
  // user when this call revoked it, nullopt when unknown or already revoked.
  boost::asio::awaitable<std::optional<core::UserId>> Logout(core::SessionId session);
  // The login a refresh token belongs to (used or not: either proves the
  // caller held that login), revoked like Logout. Lets a logout whose access
  // token expired still end its login (API.md "Also part of the contract").
  // Returns the session when the token is known, whether or not this call
  // revoked it; nullopt for a malformed or unknown token.
  boost::asio::awaitable<std::optional<core::SessionId>> LogoutByRefreshToken(std::string refresh_token);
  // The user's active logins, most recently used first (at most 200).
  boost::asio::awaitable<std::vector<store::SessionRow>> Sessions(core::UserId user);
  // Ends one of the user's logins at once (its access tokens stop working
  // everywhere, as Logout's do). False when
  // it is not theirs or already over.
  boost::asio::awaitable<bool> EndSession(core::UserId user, core::SessionId session);
  // Ends every login of the user (e.g. after a password change).
  boost::asio::awaitable<void> LogoutEverywhere(core::UserId user);
  // Replaces the password of `user` and ends every other login of theirs
  // (`keep`, the caller's, stays signed in); returns the logins it ended so
  // their sockets can be closed. Rate-limited exactly like Login (per address,
  // and failures per account: a stolen session guesses no faster than a
  // login form). Errors: kRateLimited; kInvalidValue (field newPassword);
  // kInvalidCredentials (field currentPassword); kUnauthenticated when the
  // user no longer exists.
  boost::asio::awaitable<std::vector<core::SessionId>> ChangePassword(core::UserId user, core::SessionId keep,
                                                                      PasswordChange form, ClientInfo client);
  // The caller behind an access token, or nullopt for any invalid, expired or
  // revoked token. Throws only when the database is unavailable.
  boost::asio::awaitable<std::optional<Identity>> Authenticate(std::string access_token);
  // Errors: kUnauthenticated when the user no longer exists.
  boost::asio::awaitable<store::UserRow> Me(core::UserId user);
  // Checks the password of a signed-in user before an irreversible step
  // (deleting the account), rate-limited and throttled like ChangePassword.
  // Errors: kRateLimited; kInvalidCredentials (field `field`);
  // kUnauthenticated when the user no longer exists.
  boost::asio::awaitable<void> ConfirmPassword(core::UserId user, std::string password, ClientInfo client,
                                               std::string field);
  // Tells this process's session cache, and the revocation list every
  // instance reads, that `sessions` ended (their rows were revoked by another
  // unit, e.g. a suspension): their tokens stop at once. Await it before
  // answering: the answer promises that the logins are over.
  [[nodiscard]] boost::asio::awaitable<void> ForgetSessions(std::vector<core::SessionId> sessions);
  // What an AuthOptions::announced_ends feed delivers, from its own thread:
  // `sessions` ended elsewhere (this cache only: every process hears the
  // announcement), and "listening (again) from now", when what was cached
  // before may have missed an announcement.
  void ForgetCachedSessions(const std::vector<core::SessionId>& sessions);
  void ForgetAllCachedSessions();
  // Housekeeping: deletes sessions that ended more than `grace_ms` ago.
  boost::asio::awaitable<std::int64_t> PurgeEndedSessions(core::Millis grace_ms = 7LL * 24 * 60 * 60'000);

  // For `lenslet seed --tokens-out` (load benchmarks) only, never reachable
  // from a request: starts a real session for `user` without any password,
  // inside the caller's write unit (so thousands fit in a few units), exactly
  // as a login would, and signs its access token. Errors: kNotFound when the
  // user does not exist.
  LoginResult IssueSessionFor(db::Connection& c, core::UserId user, const ClientInfo& client);

  const AuthOptions& options() const { return options_; }

 private:
  // Creates a session with its first refresh token, inside the caller's unit.
  LoginResult StartSession(db::Connection& c, store::UserRow user, const ClientInfo& client,
                           core::Millis now);
  // Throws kTwoFactorRequired with a new challenge when the user has two-factor on.
  boost::asio::awaitable<void> RequireNoSecondFactor(core::UserId user, LoginFlow flow);
  // The policy's checks inside Register's unit, after BeginSignUp.
  void AdmitSignUp(db::Connection& c, const std::optional<std::string>& invite_code, core::Millis now) const;
  std::string SignAccessToken(core::UserId user, core::SessionId session, core::Millis now) const;
  static std::string AccountKey(core::UserId user);
  // Waits this client's turn under the login throttle, or throws kRateLimited.
  boost::asio::awaitable<void> AwaitTurn(const std::string& account_key, const std::string& client_key,
                                         std::optional<core::UserId> user, const ClientInfo& client);
  // Every revocation ends here: the cache, then the other instances.
  boost::asio::awaitable<void> Ended(std::vector<core::SessionId> sessions);
  // Whether an "active" answer read at `checked_at` has been covered by
  // AuthOptions::announced_ends ever since.
  bool Announced(core::Millis checked_at) const;
  boost::asio::awaitable<void> RecordFailure(const std::string& account_key, const std::string& client_key,
                                             std::optional<core::UserId> user);
  // A signed-in step that asks for the password again (changing it, deleting
  // the account, turning two-factor off, changing the address): the account,
  // read after the login's per-address limit. Throws kRateLimited or
  // kUnauthenticated.
  boost::asio::awaitable<store::UserRow> AccountAskingPassword(core::UserId user_id, const ClientInfo& client);
  // Checks `password` against `user` under the keys a login uses, so wrong
  // guesses here and at the login form add up (a stolen session guesses no
  // faster than a stranger). Throws kRateLimited, or kInvalidCredentials with
  // `message` on `field`. A right password forgets this client's failures
  // unless a second check follows (`more_to_check`: turning two-factor off
  // also asks for a code, and a known password must not wipe wrong codes).
  boost::asio::awaitable<void> CheckPasswordAgain(const store::UserRow& user, const std::string& password,
                                                  const ClientInfo& client, std::string message, std::string field,
                                                  bool more_to_check = false);

  db::Database& db_;
  core::WorkerPool& hash_pool_;
  AuthOptions options_;
  Clock clock_;
  PasswordHasher hasher_;
  store::UserStore users_;
  store::SessionStore sessions_;
  store::RegistrationStore registrations_;
  store::InviteStore invites_;
  SessionCache cache_;
  VerifiedTokens verified_tokens_;
  std::unique_ptr<LimiterFactory> own_limiters_;  // when options_.limiters is null
  std::unique_ptr<Limiter> login_per_address_;
  std::unique_ptr<ThrottleState> own_throttle_;  // when options_.throttle is null
  ThrottleState* throttle_;
  std::unique_ptr<Limiter> register_per_address_;
  std::unique_ptr<Limiter> refresh_per_address_;
  TwoFactor two_factor_;
};

}  // namespace lenslet::auth

#include "auth/auth_service.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "auth/detail/client.hpp"
#include "auth/jwt.hpp"
#include "auth/refresh_token.hpp"
#include "auth/validation.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/account_deletion_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::auth {
namespace {

constexpr std::size_t kMaxUserAgentLength = 256;
constexpr std::size_t kMaxAddressLength = 64;
// A login list longer than this shows the most recently used ones.
constexpr std::int64_t kMaxListedSessions = 200;
// No stored password is longer than 128 code points (≤ 512 bytes); anything
// longer cannot match and is not worth hashing at full length.
constexpr std::size_t kMaxPlausiblePasswordBytes = 4 * kPasswordMaxLength;

[[noreturn]] void ThrowInvalidCredentials() {
  throw core::Error(core::ErrorCode::kInvalidCredentials, "Wrong username or password");
}

[[noreturn]] void ThrowRegistrationClosed() {
  throw core::Error(core::ErrorCode::kRegistrationClosed, "This instance is not taking new accounts");
}

[[noreturn]] void ThrowInvalidToken(std::string internal) {
  throw core::Error(core::ErrorCode::kInvalidToken, "Your session has ended, please sign in again", {},
                    std::move(internal));
}

// A suspension in force refuses the login (403 account_suspended, with
// `until` when it ends). Asked inside the unit that would start the session.
void RequireNotSuspended(db::Connection& c, core::UserId user) {
  const auto suspension = store::SuspensionStore().Active(c, user);
  if (!suspension) return;
  core::Error error(core::ErrorCode::kAccountSuspended, "This account is suspended");
  if (suspension->until) error.until = core::ToIso8601(*suspension->until);
  throw error;
}

// One login as a list. (GCC 12 miscompiles a braced list inside a co_await
// expression: "array used as initializer".)
std::vector<core::SessionId> Only(core::SessionId session) { return std::vector<core::SessionId>(1, session); }

}  // namespace

AuthService::AuthService(db::Database& db, core::WorkerPool& hash_pool, AuthOptions options)
    : db_(db),
      hash_pool_(hash_pool),
      options_(std::move(options)),
      clock_(OrSystemClock(options_.clock)),
      hasher_(options_.password),
      cache_(options_.session_cache, clock_),
      // ~350 bytes each: 7 MB for as many people as one core carries.
      verified_tokens_(20'000),
      own_limiters_(options_.limiters == nullptr ? std::make_unique<LocalLimiters>(clock_) : nullptr),
      own_throttle_(options_.throttle == nullptr
                        ? std::make_unique<LocalThrottleState>(options_.limits.login_throttle, clock_)
                        : nullptr),
      throttle_(options_.throttle != nullptr ? options_.throttle : own_throttle_.get()),
      two_factor_(db_, options_.jwt_secret, clock_, options_.two_factor) {
  LimiterFactory& limiters = options_.limiters != nullptr ? *options_.limiters : *own_limiters_;
  const std::size_t max_keys = options_.limits.max_keys;
  login_per_address_ = limiters.Make("login-address", options_.limits.login_per_address, max_keys);
  register_per_address_ = limiters.Make("register-address", options_.limits.register_per_address, max_keys);
  refresh_per_address_ = limiters.Make("refresh-address", options_.limits.refresh_per_address, max_keys);
  if (options_.jwt_secret.Reveal().size() < kMinJwtSecretBytes) {
    throw std::invalid_argument("the JWT secret must be at least 32 bytes");
  }
  if (options_.access_token_lifetime_ms <= 0 || options_.session_lifetime_ms <= 0) {
    throw std::invalid_argument("token lifetimes must be positive");
  }
}

boost::asio::awaitable<RegisterOutcome> AuthService::Register(RegisterForm form, ClientInfo client) {
  ThrowIfLimited(co_await register_per_address_->Acquire(detail::AddressKey(client.address)));
  const std::string username = ValidateUsername(form.username);
  const std::string email = ValidateEmail(form.email);
  ValidatePassword(form.password, username);
  const std::string display_name = ValidateDisplayName(form.display_name, username);
  const RegistrationPolicy& policy = options_.registration;
  std::optional<std::string> invite_code;
  if (policy.mode == RegistrationMode::kInvite && form.invite_code) {
    invite_code = NormalizeInviteCode(*form.invite_code);
    if (!invite_code) core::ThrowInvalid("inviteCode", "That invite code is not valid");
  }

  // A refusal the policy can already tell is answered before the password
  // is hashed (the unit below decides for good, under the sign-up lock).
  if (policy.mode != RegistrationMode::kOpen || policy.max_users > 0) {
    const bool empty = !co_await db_.Read([&](db::Connection& c) { return users_.AnyExists(c); });
    if (!empty && policy.mode == RegistrationMode::kClosed) ThrowRegistrationClosed();
    if (!empty && policy.mode == RegistrationMode::kInvite && !invite_code) {
      core::ThrowInvalid("inviteCode", "An invite code is needed to sign up here");
    }
  }

  const std::string hash = co_await hash_pool_.Run([this, &form] { return hasher_.Hash(form.password); });
  const core::Millis now = clock_();
  co_return co_await db_.Write([&](db::Connection& c) -> RegisterOutcome {
    // WARNING: decided under the sign-up lock, so two simultaneous first
    // sign-ups cannot both see an empty instance (both would be admin).
    const bool first = registrations_.BeginSignUp(c);
    users_.ThrowIfTaken(c, username, email);
    registrations_.ThrowIfPendingHolds(c, username, email);
    if (!first) {
      AdmitSignUp(c, invite_code, now);
      if (policy.mode == RegistrationMode::kApproval) {
        registrations_.InsertPending(c, store::NewPendingAccount{username, email, hash, display_name, now});
        return RegisterOutcome{};
      }
    }
    store::UserRow user = users_.Insert(
        c, store::NewUser{username, email, hash, display_name, now, first ? store::Role::kAdmin : store::Role::kUser});
    if (options_.on_signed_up) options_.on_signed_up(c, user, now);
    return RegisterOutcome{StartSession(c, std::move(user), client, now)};
  });
}

void AuthService::AdmitSignUp(db::Connection& c, const std::optional<std::string>& invite_code,
                              core::Millis now) const {
  const RegistrationPolicy& policy = options_.registration;
  if (policy.mode == RegistrationMode::kClosed) ThrowRegistrationClosed();
  if (policy.max_users > 0 && users_.Count(c) >= policy.max_users) {
    throw core::Error(core::ErrorCode::kRegistrationFull, "This instance has all the accounts it takes");
  }
  if (policy.mode != RegistrationMode::kInvite) return;
  if (!invite_code) core::ThrowInvalid("inviteCode", "An invite code is needed to sign up here");
  switch (invites_.Redeem(c, *invite_code, now)) {
    case store::Redemption::kRedeemed:
      return;
    case store::Redemption::kUnknown:
      core::ThrowInvalid("inviteCode", "That invite code is not valid");
    case store::Redemption::kExpired:
      throw core::Error(core::ErrorCode::kInviteExpired, "That invite code has expired", "inviteCode");
    case store::Redemption::kUsedUp:
      throw core::Error(core::ErrorCode::kInviteUsedUp, "That invite code has been used up", "inviteCode");
  }
}

boost::asio::awaitable<LoginResult> AuthService::Login(LoginForm form, ClientInfo client) {
  ThrowIfLimited(co_await login_per_address_->Acquire(detail::AddressKey(client.address)));
  std::optional<store::UserRow> user;
  std::optional<store::PendingAccountRow> pending;  // waiting for approval
  if (!form.login.empty() && form.login.size() <= kEmailMaxLength) {
    co_await db_.Read([&](db::Connection& c) {
      user = users_.FindByLogin(c, form.login);
      if (!user) pending = registrations_.FindPendingByLogin(c, form.login);
    });
  }
  // Failures count per account once the login resolves ("bob" and
  // "BOB@EXAMPLE.ORG" share one budget); an unknown login is keyed by what was
  // typed, so the throttle behaves the same and reveals nothing.
  const std::string account_key = user ? AccountKey(user->id) : "login:" + AsciiLower(form.login);
  const std::string client_key = detail::AddressKey(client.address);
  co_await AwaitTurn(account_key, client_key, user ? std::optional(user->id) : std::nullopt, client);

  const bool plausible = form.password.size() <= kMaxPlausiblePasswordBytes;
  // WARNING: an unknown login still pays for one full Argon2id verification,
  // so response times do not tell which accounts exist.
  const bool verified = co_await hash_pool_.Run([&] {
    if (user && plausible) return hasher_.Verify(user->password_hash.Reveal(), form.password);
    if (pending && plausible) return hasher_.Verify(pending->password_hash.Reveal(), form.password);
    return hasher_.VerifyDummy(plausible ? form.password : std::string_view{});
  });
  if (!verified) {
    co_await RecordFailure(account_key, client_key, user ? std::optional(user->id) : std::nullopt);
    ThrowInvalidCredentials();
  }
  co_await throttle_->RecordSuccess(account_key, client_key);
  // Only the right password learns that the account waits for approval.
  if (!user) {
    throw core::Error(core::ErrorCode::kAccountPending,
                      "Your account is waiting for a moderator's approval");
  }
  co_await RequireNoSecondFactor(user->id, form.flow);

  // Hashes made with older (weaker) parameters are upgraded while we hold the password.
  std::optional<std::string> new_hash;
  if (hasher_.NeedsRehash(user->password_hash.Reveal())) {
    new_hash = co_await hash_pool_.Run([&] { return hasher_.Hash(form.password); });
  }
  const core::Millis now = clock_();
  co_return co_await db_.Write([&](db::Connection& c) {
    // Only the right password learns of a suspension (issue 13.3).
    RequireNotSuspended(c, user->id);
    // An account its owner asked to delete comes back with a login before
    // its delete_at; after it, it is gone (issue 14.6).
    const auto standing = store::AccountDeletionStore().RestoreForLogin(c, user->id, now);
    if (standing == store::AccountStanding::kGone) ThrowInvalidCredentials();
    if (new_hash && users_.UpdatePasswordHash(c, user->id, *new_hash, now)) {
      user->password_hash = core::Secret(*new_hash);
      user->updated_at = now;
    }
    auto result = StartSession(c, *user, client, now);  // a copy: the unit may be run again
    result.restored = standing == store::AccountStanding::kRestored;
    return result;
  });
}

std::string AuthService::AccountKey(core::UserId user) { return "user:" + user.ToString(); }

boost::asio::awaitable<void> AuthService::AwaitTurn(const std::string& account_key, const std::string& client_key,
                                                    std::optional<core::UserId> user, const ClientInfo& client) {
  bool known = false;
  // Only an account under attack asks whether it knows this address.
  bool gated = false;
  if (user) gated = co_await throttle_->Gated(account_key);
  if (gated) {
    const std::string ip = detail::SanitizeForStorage(client.address, kMaxAddressLength);
    known = co_await db_.Read([&](db::Connection& c) { return sessions_.HasLoggedInFrom(c, *user, ip); });
  }
  const Admission admission = co_await throttle_->Admit(account_key, client_key, known);
  if (!admission.allowed) ThrowIfLimited(RateDecision{false, admission.retry_after_seconds});
  if (admission.wait_ms > 0) {
    // A timer, not a thread: the queue of an account under attack costs no worker.
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    timer.expires_after(std::chrono::milliseconds(admission.wait_ms));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

boost::asio::awaitable<void> AuthService::RecordFailure(const std::string& account_key, const std::string& client_key,
                                                        std::optional<core::UserId> user) {
  const bool tell_owner = co_await throttle_->RecordFailure(account_key, client_key);
  if (!tell_owner || !user || !options_.on_attack) co_return;
  co_await options_.on_attack(*user);
}

boost::asio::awaitable<LoginResult> AuthService::Refresh(std::string refresh_token, ClientInfo client) {
  ThrowIfLimited(co_await refresh_per_address_->Acquire(detail::AddressKey(client.address)));
  if (!LooksLikeRefreshToken(refresh_token)) ThrowInvalidToken("refresh token is malformed");
  const std::string token_hash = HashRefreshToken(refresh_token);
  const core::Millis now = clock_();

  enum class Outcome { kRotated, kInvalid, kReused };
  struct Rotation {
    Outcome outcome = Outcome::kInvalid;
    core::SessionId session;
    std::optional<LoginResult> result;
  };
  // One write unit: the reuse check, the conditional "mark used" and the new
  // token commit together. Reuse is reported by value, not thrown, because a
  // throw would roll back the revocation it must cause.
  Rotation rotation = co_await db_.Write([&](db::Connection& c) -> Rotation {
    const auto token = sessions_.FindRefreshToken(c, token_hash);
    if (!token) return {Outcome::kInvalid, {}, {}};
    if (token->used_at) {
      sessions_.RevokeSession(c, token->session_id, now);
      return {Outcome::kReused, token->session_id, {}};
    }
    const auto session = sessions_.FindSession(c, token->session_id);
    if (!session || !session->IsActive(now)) return {Outcome::kInvalid, token->session_id, {}};
    // WARNING: the conditional update is the race guard: of two concurrent
    // refreshes with one token only one marks it; the other is treated as
    // reuse, exactly as if it had come later.
    if (!sessions_.MarkRefreshTokenUsed(c, token_hash, now)) {
      sessions_.RevokeSession(c, session->id, now);
      return {Outcome::kReused, session->id, {}};
    }
    auto user = users_.FindById(c, session->user_id);
    if (!user) return {Outcome::kInvalid, session->id, {}};
    const core::Millis expires_at = now + options_.session_lifetime_ms;
    sessions_.ExtendSession(c, session->id, now, expires_at, detail::SanitizeForStorage(client.address, kMaxAddressLength));
    LoginResult result;
    result.user = std::move(*user);
    result.session = session->id;
    result.refresh_token = GenerateRefreshToken();
    result.refresh_expires_at = expires_at;
    sessions_.InsertRefreshToken(c, HashRefreshToken(result.refresh_token), session->id, now);
    return {Outcome::kRotated, session->id, std::move(result)};
  });

  switch (rotation.outcome) {
    case Outcome::kRotated:
      break;
    case Outcome::kReused:
      co_await Ended(Only(rotation.session));
      ThrowInvalidToken("refresh token reused; session " + rotation.session.ToString() + " revoked");
    case Outcome::kInvalid:
      ThrowInvalidToken("refresh token unknown, or its session ended");
  }
  LoginResult result = std::move(*rotation.result);
  result.access_token = SignAccessToken(result.user.id, result.session, now);
  result.access_expires_at = (now + options_.access_token_lifetime_ms) / 1000 * 1000;
  co_return result;
}

boost::asio::awaitable<std::optional<core::UserId>> AuthService::Logout(core::SessionId session) {
  const core::Millis now = clock_();
  auto user = co_await db_.Write([&](db::Connection& c) { return sessions_.RevokeSession(c, session, now); });
  co_await Ended(Only(session));
  co_return user;
}

boost::asio::awaitable<std::vector<store::SessionRow>> AuthService::Sessions(core::UserId user) {
  const core::Millis now = clock_();
  co_return co_await db_.Read(
      [&](db::Connection& c) { return sessions_.ActiveSessions(c, user, now, kMaxListedSessions); });
}

boost::asio::awaitable<bool> AuthService::EndSession(core::UserId user, core::SessionId session) {
  const core::Millis now = clock_();
  const bool ended = co_await db_.Write([&](db::Connection& c) {
    const auto row = sessions_.FindSession(c, session);
    // Someone else's login, or one already over: as if it did not exist.
    if (!row || row->user_id != user || !row->IsActive(now)) return false;
    return sessions_.RevokeSession(c, session, now).has_value();
  });
  if (ended) co_await Ended(Only(session));
  co_return ended;
}

boost::asio::awaitable<std::optional<core::SessionId>> AuthService::LogoutByRefreshToken(
    std::string refresh_token) {
  if (!LooksLikeRefreshToken(refresh_token)) co_return std::nullopt;
  const std::string token_hash = HashRefreshToken(refresh_token);
  const core::Millis now = clock_();
  const auto session = co_await db_.Write([&](db::Connection& c) -> std::optional<core::SessionId> {
    const auto token = sessions_.FindRefreshToken(c, token_hash);
    if (!token) return std::nullopt;
    sessions_.RevokeSession(c, token->session_id, now);
    return token->session_id;
  });
  if (session) co_await Ended(Only(*session));
  co_return session;
}

boost::asio::awaitable<void> AuthService::ForgetSessions(std::vector<core::SessionId> sessions) {
  co_await Ended(std::move(sessions));
}

void AuthService::ForgetCachedSessions(const std::vector<core::SessionId>& sessions) {
  for (const auto session : sessions) cache_.PutInactive(session);
}

void AuthService::ForgetAllCachedSessions() { cache_.Clear(); }

boost::asio::awaitable<void> AuthService::Ended(std::vector<core::SessionId> sessions) {
  if (sessions.empty()) co_return;
  for (const auto session : sessions) cache_.PutInactive(session);
  // WARNING: before the caller answers: a client told "logged out" may try
  // the old token on another instance with its very next request.
  if (options_.revocations != nullptr) co_await options_.revocations->Add(std::move(sessions));
}

boost::asio::awaitable<void> AuthService::LogoutEverywhere(core::UserId user) {
  const core::Millis now = clock_();
  const auto ended =
      co_await db_.Write([&](db::Connection& c) { return sessions_.RevokeAllForUser(c, user, now); });
  co_await Ended(ended);
}

boost::asio::awaitable<std::vector<core::SessionId>> AuthService::ChangePassword(core::UserId user_id,
                                                                                 core::SessionId keep,
                                                                                 PasswordChange form,
                                                                                 ClientInfo client) {
  const store::UserRow user = co_await AccountAskingPassword(user_id, client);
  try {
    ValidatePassword(form.new_password, user.username);
  } catch (const core::Error& invalid) {
    core::ThrowInvalid("newPassword", invalid.message());
  }
  co_await CheckPasswordAgain(user, form.current_password, client, "Your current password is not right",
                              "currentPassword");

  const std::string hash = co_await hash_pool_.Run([&] { return hasher_.Hash(form.new_password); });
  const core::Millis now = clock_();
  // One unit: a password that changed never leaves the old logins alive.
  const auto ended = co_await db_.Write([&](db::Connection& c) {
    if (!users_.UpdatePasswordHash(c, user_id, hash, now)) {
      throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "user vanished");
    }
    return sessions_.RevokeAllForUserExcept(c, user_id, keep, now);
  });
  co_await Ended(ended);
  co_return ended;
}

bool AuthService::Announced(core::Millis checked_at) const {
  if (options_.announced_ends == nullptr) return false;
  const auto since = options_.announced_ends->ListeningSince();
  return since && *since <= checked_at;
}

boost::asio::awaitable<std::optional<Identity>> AuthService::Authenticate(std::string access_token) {
  const core::Millis now = clock_();
  auto claims = verified_tokens_.Find(access_token, now / 1000, options_.jwt_clock_skew_seconds);
  if (!claims) {
    const JwtVerification jwt =
        VerifyJwt(access_token, options_.jwt_secret, now / 1000, options_.jwt_clock_skew_seconds);
    if (!jwt.ok()) co_return std::nullopt;
    verified_tokens_.Put(access_token, jwt.claims);
    claims = jwt.claims;
  }
  const Identity identity{claims->user, claims->session, claims->expires_at * 1000};

  if (const auto cached = cache_.Find(identity.session)) {
    if (!cached->active || cached->user != identity.user) co_return std::nullopt;
    const bool recent = now - cached->checked_at < options_.session_cache.positive_ttl_ms;
    if (options_.revocations == nullptr) {
      // Alone on its database every logout went through this cache; else
      // another instance may have ended the login since, and only a feed
      // listening since before this answer was read would have said so.
      if (options_.sole_instance || recent || Announced(cached->checked_at)) co_return identity;
    } else {
      // One Redis round trip (shared with the requests queued beside it),
      // never the database, unless Redis cannot answer.
      const Revoked revoked = co_await options_.revocations->Contains(identity.session);
      if (revoked == Revoked::kYes) {
        cache_.PutInactive(identity.session);
        co_return std::nullopt;
      }
      if (revoked == Revoked::kNo || recent) co_return identity;
    }
  }
  const std::uint64_t epoch = cache_.epoch();
  // One SELECT in autocommit: no BEGIN and COMMIT around it (issue 16).
  const auto active = co_await db::ReadStatement(
      db_, [&](db::Connection& c) { return sessions_.FindActiveSession(c, identity.session, now); });
  if (!active) {
    cache_.PutInactive(identity.session);
    co_return std::nullopt;
  }
  cache_.PutActive(identity.session, active->user, epoch, active->expires_at);
  // A token whose "sub" is not the session's owner was not issued by us
  // with this secret; refuse it rather than trust either id.
  if (active->user != identity.user) co_return std::nullopt;
  co_return identity;
}

boost::asio::awaitable<store::UserRow> AuthService::Me(core::UserId user) {
  auto row = co_await db_.Read([&](db::Connection& c) { return users_.FindById(c, user); });
  if (!row)
    throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "user no longer exists");
  co_return std::move(*row);
}

boost::asio::awaitable<void> AuthService::ConfirmPassword(core::UserId user_id, std::string password,
                                                        ClientInfo client, std::string field) {
  const store::UserRow user = co_await AccountAskingPassword(user_id, client);
  co_await CheckPasswordAgain(user, password, client, "That password is not right", std::move(field));
}

boost::asio::awaitable<store::UserRow> AuthService::AccountAskingPassword(core::UserId user_id,
                                                                         const ClientInfo& client) {
  ThrowIfLimited(co_await login_per_address_->Acquire(detail::AddressKey(client.address)));
  auto user = co_await db_.Read([&](db::Connection& c) { return users_.FindById(c, user_id); });
  if (!user) {
    throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "user no longer exists");
  }
  co_return std::move(*user);
}

boost::asio::awaitable<void> AuthService::CheckPasswordAgain(const store::UserRow& user, const std::string& password,
                                                             const ClientInfo& client, std::string message,
                                                             std::string field, bool more_to_check) {
  // A live session of the account: never queued behind strangers (known),
  // but its own wrong guesses slow it down like anyone's.
  const std::string account_key = AccountKey(user.id);
  const std::string client_key = detail::AddressKey(client.address);
  const Admission admission = co_await throttle_->Admit(account_key, client_key, /*known=*/true);
  if (!admission.allowed) ThrowIfLimited(RateDecision{false, admission.retry_after_seconds});
  const bool plausible = password.size() <= kMaxPlausiblePasswordBytes;
  const bool verified = co_await hash_pool_.Run([&] {
    if (!plausible) return hasher_.VerifyDummy({});
    return hasher_.Verify(user.password_hash.Reveal(), password);
  });
  if (!verified) {
    co_await RecordFailure(account_key, client_key, user.id);
    throw core::Error(core::ErrorCode::kInvalidCredentials, std::move(message), std::move(field));
  }
  if (!more_to_check) co_await throttle_->RecordSuccess(account_key, client_key);
}

boost::asio::awaitable<std::int64_t> AuthService::PurgeEndedSessions(core::Millis grace_ms) {
  const core::Millis cutoff = clock_() - grace_ms;
  co_return co_await db_.Write([&](db::Connection& c) {
    two_factor_.store().DeleteChallengesExpiredBefore(c, cutoff);
    return sessions_.DeleteEndedBefore(c, cutoff);
  });
}

LoginResult AuthService::IssueSessionFor(db::Connection& c, core::UserId user, const ClientInfo& client) {
  auto row = users_.FindById(c, user);
  if (!row) throw core::Error(core::ErrorCode::kNotFound, "No such user", {}, "IssueSessionFor: unknown user");
  return StartSession(c, std::move(*row), client, clock_());
}

LoginResult AuthService::StartSession(db::Connection& c, store::UserRow user, const ClientInfo& client,
                                      core::Millis now) {
  const core::Millis expires_at = now + options_.session_lifetime_ms;
  const store::SessionRow session = sessions_.CreateSession(
      c, store::NewSession{user.id, now, expires_at,
                           detail::SanitizeForStorage(client.user_agent, kMaxUserAgentLength),
                           detail::SanitizeForStorage(client.address, kMaxAddressLength)});
  LoginResult result;
  result.session = session.id;
  result.refresh_token = GenerateRefreshToken();
  result.refresh_expires_at = expires_at;
  sessions_.InsertRefreshToken(c, HashRefreshToken(result.refresh_token), session.id, now);
  result.access_token = SignAccessToken(user.id, session.id, now);
  result.access_expires_at = (now + options_.access_token_lifetime_ms) / 1000 * 1000;
  result.user = std::move(user);
  return result;
}

std::string AuthService::SignAccessToken(core::UserId user, core::SessionId session, core::Millis now) const {
  const std::int64_t issued_at = now / 1000;
  return SignJwt(AccessClaims{user, session, issued_at, (now + options_.access_token_lifetime_ms) / 1000},
                 options_.jwt_secret);
}

}  // namespace lenslet::auth

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <memory>
#include <vector>

#include "auth/auth_service.hpp"
#include "auth/jwt.hpp"
#include "core/error.hpp"
#include "core/testing/await.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/session_store.hpp"

namespace lenslet::auth {
namespace {

constexpr core::Millis kStart = 1'800'000'000'000;
constexpr core::Millis kMinute = 60'000;
constexpr core::Millis kDay = 24 * 60 * kMinute;
const ClientInfo kClient{"203.0.113.7", "TestAgent/1.0"};

using core::testing::Await;

// The code of the core::Error fn throws, or nullopt.
template <typename F>
std::optional<core::ErrorCode> ErrorOf(F fn, core::Error* out = nullptr) {
  try {
    fn();
  } catch (const core::Error& e) {
    if (out) *out = e;
    return e.code();
  }
  return std::nullopt;
}

class AuthServiceTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    hash_pool_ = std::make_unique<core::WorkerPool>("auth", 2, 1000);
    service_ = Make(Options());
  }
  void TearDown() override {
    service_.reset();
    other_.reset();
    hash_pool_.reset();
    DatabaseTest::TearDown();
  }

  AuthOptions Options() {
    AuthOptions o;
    o.jwt_secret = core::Secret("a-test-secret-that-is-long-enough-0123456789");
    o.password = PasswordHashParams{1, 8 * 1024};  // fast; production uses the OWASP defaults
    o.clock = [this] { return now_.load(); };
    o.limits.login_per_address = {1000, kMinute};
    o.limits.login_throttle.free_failures_per_client = 1000;
    o.limits.login_throttle.account_failures_before_gate = 1000;
    o.limits.register_per_address = {1000, kMinute};
    o.limits.refresh_per_address = {1000, kMinute};
    return o;
  }
  std::unique_ptr<AuthService> Make(AuthOptions options) {
    return std::make_unique<AuthService>(db(), *hash_pool_, std::move(options));
  }

  LoginResult Register(const std::string& username, const std::string& email = "",
                       const std::string& password = "correct horse battery") {
    return *Await(service_->Register(
                     RegisterForm{username, email.empty() ? username + "@example.com" : email, password,
                                  std::nullopt},
                     kClient))
                .login;
  }
  LoginResult Login(const std::string& login, const std::string& password = "correct horse battery",
                    const ClientInfo& client = kClient) {
    return Await(service_->Login(LoginForm{login, password}, client));
  }
  LoginResult Refresh(const std::string& token) { return Await(service_->Refresh(token, kClient)); }
  std::optional<Identity> Authenticate(const std::string& token, AuthService* service = nullptr) {
    return Await((service ? service : service_.get())->Authenticate(token));
  }

  std::atomic<core::Millis> now_{kStart};
  std::unique_ptr<core::WorkerPool> hash_pool_;
  std::unique_ptr<AuthService> service_;
  std::unique_ptr<AuthService> other_;
};

TEST_P(AuthServiceTest, RegisterCreatesTheUserAndASignedInSession) {
  const LoginResult r = *Await(service_->Register(
                               RegisterForm{"Alice.Smith", "Alice@Example.com", "correct horse battery",
                                            std::string(" Alice ")},
                               kClient))
                          .login;
  EXPECT_EQ(r.user.username, "alice.smith");
  EXPECT_EQ(r.user.email, "Alice@Example.com");
  EXPECT_EQ(r.user.display_name, "Alice");
  EXPECT_EQ(r.user.password_hash.Reveal().rfind("$argon2id$", 0), 0u);
  EXPECT_GT(r.session.value, 0);
  EXPECT_EQ(r.access_expires_at, kStart + 15 * kMinute);
  EXPECT_EQ(r.refresh_expires_at, kStart + 30 * kDay);
  EXPECT_EQ(r.refresh_token.size(), 43u);

  const auto jwt = VerifyJwt(r.access_token, Options().jwt_secret, kStart / 1000);
  ASSERT_TRUE(jwt.ok());
  EXPECT_EQ(jwt.claims.user, r.user.id);
  EXPECT_EQ(jwt.claims.session, r.session);

  const auto who = Authenticate(r.access_token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user, r.user.id);
  EXPECT_EQ(who->session, r.session);

  const store::UserRow me = Await(service_->Me(r.user.id));
  EXPECT_EQ(me.email, "Alice@Example.com");
  EXPECT_EQ(me.display_name, "Alice");
}

TEST_P(AuthServiceTest, RegisterDefaultsTheDisplayNameToTheUsername) {
  EXPECT_EQ(Register("bob").user.display_name, "bob");
}

TEST_P(AuthServiceTest, RegisterRejectsTakenNamesAndEmailsInAnyCase) {
  Register("alice", "alice@example.com");
  core::Error error(core::ErrorCode::kInternal, "");
  EXPECT_EQ(ErrorOf([&] { Register("ALICE", "other@example.com"); }, &error),
            core::ErrorCode::kUsernameTaken);
  EXPECT_EQ(error.field(), "username");
  EXPECT_EQ(ErrorOf([&] { Register("bob", "ALICE@EXAMPLE.COM"); }, &error), core::ErrorCode::kEmailTaken);
  EXPECT_EQ(error.field(), "email");
}

TEST_P(AuthServiceTest, RegisterValidatesEveryField) {
  core::Error error(core::ErrorCode::kInternal, "");
  const auto field_of = [&](RegisterForm form) {
    EXPECT_EQ(ErrorOf([&] { Await(service_->Register(form, kClient)); }, &error),
              core::ErrorCode::kInvalidValue);
    return error.field();
  };
  EXPECT_EQ(field_of({"ab", "a@example.com", "long enough", {}}), "username");
  EXPECT_EQ(field_of({"admin", "a@example.com", "long enough", {}}), "username");
  EXPECT_EQ(field_of({"alice", "not-an-email", "long enough", {}}), "email");
  EXPECT_EQ(field_of({"alice", "a@example.com", "short", {}}), "password");
  EXPECT_EQ(field_of({"alice.smith", "a@example.com", "ALICE.SMITH", {}}), "password");
  EXPECT_EQ(field_of({"alice", "a@example.com", "long enough", std::string(51, 'x')}), "displayName");
}

TEST_P(AuthServiceTest, LoginByUsernameOrEmailInAnyCase) {
  const auto alice = Register("alice", "Alice@Example.com").user;
  for (const char* login : {"alice", "ALICE", "alice@example.com", "ALICE@example.COM"}) {
    const LoginResult r = Login(login);
    EXPECT_EQ(r.user.id, alice.id) << login;
    EXPECT_TRUE(Authenticate(r.access_token)) << login;
  }
}

TEST_P(AuthServiceTest, WrongPasswordAndUnknownUserGiveTheSameError) {
  Register("alice");
  core::Error wrong(core::ErrorCode::kInternal, "");
  core::Error unknown(core::ErrorCode::kInternal, "");
  EXPECT_EQ(ErrorOf([&] { Login("alice", "wrong password"); }, &wrong), core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(ErrorOf([&] { Login("nobody", "wrong password"); }, &unknown),
            core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(wrong.message(), "Wrong username or password");
  EXPECT_EQ(unknown.message(), wrong.message());
  EXPECT_EQ(wrong.field(), unknown.field());
  EXPECT_EQ(ErrorOf([&] { Login("", ""); }), core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(ErrorOf([&] { Login("alice", std::string(100'000, 'x')); }),
            core::ErrorCode::kInvalidCredentials);
}

// Issues 12.4 and 17.4: wrong passwords slow down the client that typed them,
// counted per account whatever login it typed, and never lock the owner out.
TEST_P(AuthServiceTest, WrongPasswordsSlowTheirClientPerAccountButNeverLockTheOwnerOut) {
  AuthOptions options = Options();
  options.limits.login_throttle.free_failures_per_client = 3;
  options.limits.login_throttle.account_failures_before_gate = 5;
  std::vector<core::UserId> told;
  options.on_attack = [&told](core::UserId user) -> boost::asio::awaitable<void> {
    told.push_back(user);
    co_return;
  };
  service_ = Make(options);
  const auto alice = Register("alice").user.id;
  const ClientInfo attacker{"198.51.100.1", ""};
  // Username and email, any case: one budget.
  for (const auto* login : {"alice", "ALICE@EXAMPLE.COM", "Alice"})
    EXPECT_EQ(ErrorOf([&] { Login(login, "wrong password", attacker); }), core::ErrorCode::kInvalidCredentials);
  core::Error error(core::ErrorCode::kInternal, "");
  EXPECT_EQ(ErrorOf([&] { Login("alice@example.com", "correct horse battery", attacker); }, &error),
            core::ErrorCode::kRateLimited);
  EXPECT_EQ(error.retry_after_seconds, 1);
  // More addresses take the account past the threshold: the owner is told, once.
  for (const auto* address : {"198.51.100.2", "198.51.100.3", "198.51.100.4"})
    ErrorOf([&] { Login("alice", "wrong password", ClientInfo{address, ""}); });
  EXPECT_EQ(told, std::vector<core::UserId>{alice});
  // The owner, from the address they registered from, gets in at once.
  EXPECT_NO_THROW(Login("alice", "correct horse battery", kClient));
  // So does a first try from an address that never failed: after its turn in
  // the account's queue (a short server-side wait), not refused.
  EXPECT_NO_THROW(Login("alice", "correct horse battery", ClientInfo{"192.0.2.50", ""}));
  ErrorOf([&] { Login("alice", "wrong password", ClientInfo{"198.51.100.5", ""}); });
  EXPECT_EQ(told.size(), 1U);
  // Unknown accounts are throttled the same way (the throttle reveals nothing).
  for (int i = 0; i < 3; ++i) ErrorOf([&] { Login("ghost", "wrong password", attacker); });
  EXPECT_EQ(ErrorOf([&] { Login("GHOST", "wrong password", attacker); }), core::ErrorCode::kRateLimited);
  // The attacker's own delay passes.
  now_ += 20 * kMinute;
  EXPECT_NO_THROW(Login("alice", "correct horse battery", attacker));
}

TEST_P(AuthServiceTest, LoginsPerAddressAreLimited) {
  AuthOptions options = Options();
  options.limits.login_per_address = {3, 5 * kMinute};
  service_ = Make(options);
  Register("alice");
  Login("alice");
  ErrorOf([&] { Login("alice", "wrong password"); });
  Login("alice");
  EXPECT_EQ(ErrorOf([&] { Login("alice"); }), core::ErrorCode::kRateLimited);
  EXPECT_NO_THROW(Login("alice", "correct horse battery", ClientInfo{"198.51.100.1", ""}));
  now_ += 5 * kMinute;
  EXPECT_NO_THROW(Login("alice"));
}

TEST_P(AuthServiceTest, RegistrationsPerAddressAreLimited) {
  AuthOptions options = Options();
  options.limits.register_per_address = {2, 60 * kMinute};
  service_ = Make(options);
  Register("alice");
  Register("bob");
  core::Error error(core::ErrorCode::kInternal, "");
  EXPECT_EQ(ErrorOf([&] { Register("carol"); }, &error), core::ErrorCode::kRateLimited);
  EXPECT_EQ(*error.retry_after_seconds, 3600);
}

TEST_P(AuthServiceTest, RefreshesPerAddressAreLimited) {
  AuthOptions options = Options();
  options.limits.refresh_per_address = {2, kMinute};
  service_ = Make(options);
  std::string token = Register("alice").refresh_token;
  token = Refresh(token).refresh_token;
  token = Refresh(token).refresh_token;
  EXPECT_EQ(ErrorOf([&] { Refresh(token); }), core::ErrorCode::kRateLimited);
  now_ += kMinute;
  EXPECT_NO_THROW(Refresh(token));
}

TEST_P(AuthServiceTest, RefreshRotatesTheTokenInTheSameSession) {
  const LoginResult first = Register("alice");
  now_ += 10 * kMinute;
  const LoginResult second = Refresh(first.refresh_token);
  EXPECT_EQ(second.session, first.session);
  EXPECT_EQ(second.user.id, first.user.id);
  EXPECT_NE(second.refresh_token, first.refresh_token);
  EXPECT_NE(second.access_token, first.access_token);
  EXPECT_EQ(second.refresh_expires_at, now_ + 30 * kDay) << "the session slides";
  EXPECT_EQ(second.access_expires_at, now_ + 15 * kMinute);
  ASSERT_TRUE(Authenticate(second.access_token));
  const LoginResult third = Refresh(second.refresh_token);
  EXPECT_EQ(third.session, first.session);
}

TEST_P(AuthServiceTest, ReusingARefreshTokenRevokesTheWholeSession) {
  const LoginResult first = Register("alice");
  const LoginResult other_login = Login("alice");
  const LoginResult second = Refresh(first.refresh_token);
  ASSERT_TRUE(Authenticate(second.access_token));  // cached as active

  EXPECT_EQ(ErrorOf([&] { Refresh(first.refresh_token); }), core::ErrorCode::kInvalidToken);
  // The thief's (or the victim's) newer token is dead too, and so is the access token, at once.
  EXPECT_EQ(ErrorOf([&] { Refresh(second.refresh_token); }), core::ErrorCode::kInvalidToken);
  EXPECT_FALSE(Authenticate(second.access_token));
  EXPECT_FALSE(Authenticate(first.access_token));
  // Other logins of the same user are untouched.
  EXPECT_TRUE(Authenticate(other_login.access_token));
  EXPECT_NO_THROW(Refresh(other_login.refresh_token));
}

TEST_P(AuthServiceTest, ConcurrentRefreshesWithOneTokenHaveExactlyOneWinner) {
  const LoginResult first = Register("alice");
  constexpr int kRacers = 4;
  boost::asio::io_context io;
  std::vector<std::future<LoginResult>> results;
  for (int i = 0; i < kRacers; ++i) {
    results.push_back(
        boost::asio::co_spawn(io, service_->Refresh(first.refresh_token, kClient), boost::asio::use_future));
  }
  io.run();
  int winners = 0;
  int invalid = 0;
  for (auto& f : results) {
    try {
      f.get();
      ++winners;
    } catch (const core::Error& e) {
      if (e.code() == core::ErrorCode::kInvalidToken) ++invalid;
    }
  }
  EXPECT_EQ(winners, 1);
  EXPECT_EQ(invalid, kRacers - 1);
}

TEST_P(AuthServiceTest, UnknownOrMalformedRefreshTokensAreInvalid) {
  Register("alice");
  for (const std::string& bad :
       {std::string(), std::string("x"), std::string(43, 'A'), std::string(43, '!'), std::string(500, 'a')}) {
    EXPECT_EQ(ErrorOf([&] { Refresh(bad); }), core::ErrorCode::kInvalidToken) << bad;
  }
}

TEST_P(AuthServiceTest, LogoutStopsTheAccessTokenImmediately) {
  const LoginResult r = Register("alice");
  ASSERT_TRUE(Authenticate(r.access_token));  // now cached as active
  const auto user = Await(service_->Logout(r.session));
  EXPECT_EQ(user, r.user.id);
  EXPECT_FALSE(Authenticate(r.access_token));
  EXPECT_EQ(ErrorOf([&] { Refresh(r.refresh_token); }), core::ErrorCode::kInvalidToken);
  EXPECT_FALSE(Await(service_->Logout(r.session))) << "a second logout is harmless";
}

// Several instances on one PostgreSQL without Redis (docs/operations.md):
// the others learn of a logout within positive_ttl_ms, however long the cache
// keeps the entry.
TEST_P(AuthServiceTest, LogoutInAnotherProcessTakesEffectWithinTheCacheTtl) {
  const LoginResult r = Register("alice");
  other_ = Make(Options());  // a second process on the same database
  ASSERT_TRUE(Authenticate(r.access_token, other_.get()));
  Await(service_->Logout(r.session));
  EXPECT_FALSE(Authenticate(r.access_token)) << "this process: at once";
  now_ += Options().session_cache.positive_ttl_ms;
  EXPECT_FALSE(Authenticate(r.access_token, other_.get())) << "the other: after the TTL";
}

// Issue 16: without Redis on PostgreSQL nearly every request finds its cache
// entry older than the 2 s and checks its session: one SELECT in autocommit,
// one round trip, where a read unit cost three and five statements.
TEST_P(AuthServiceTest, CheckingASessionCostsOneStatementOnPostgres) {
  service_.reset();
  auto one = options();  // one connection: the statement is prepared on it
  one.max_connections = 1;
  one.worker_threads = 1;
  Reopen(one);
  service_ = Make(Options());
  const LoginResult r = Register("alice");
  using Cost = std::pair<std::int64_t, std::int64_t>;  // round trips, statements
  const auto check = [&](AuthService* service, bool active) {
    now_ += Options().session_cache.positive_ttl_ms;
    const auto trips = db::RoundTrips(db());
    const auto statements = db::ServerStatements(db());
    EXPECT_EQ(Authenticate(r.access_token, service).has_value(), active);
    return Cost(db::RoundTrips(db()) - trips, db::ServerStatements(db()) - statements);
  };
  check(service_.get(), true);  // prepares it
  // SQLite: a read unit, BEGIN, the SELECT, COMMIT.
  const Cost one_statement = dialect() == db::Dialect::kPostgres ? Cost(1, 1) : Cost(3, 3);
  EXPECT_EQ(check(service_.get(), true), one_statement);
  // An ended session, in a process that did not end it, is found ended the same way.
  Await(service_->Logout(r.session));
  other_ = Make(Options());
  EXPECT_EQ(check(other_.get(), false), one_statement);
}

// Alone on its database (SQLite) every logout goes through this process, so
// an "active" answer holds for announced_ttl_ms, not 2 s: under the capacity
// mix that spared the sessions table nearly every request. It never outlives
// the session's own end, and the process's own logouts apply at once.
TEST_P(AuthServiceTest, TheSoleInstanceTrustsItsCacheUntilItEndsTheLoginItself) {
  AuthOptions options = Options();
  options.sole_instance = true;
  service_ = Make(options);
  const LoginResult r = Register("alice");
  ASSERT_TRUE(Authenticate(r.access_token));
  // What no other process can do here; done behind the service's back, it
  // shows the cache answers without reading the table.
  db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE sessions SET revoked_at = 1 WHERE id = $1", r.session); });
  now_ += 5 * kMinute;
  EXPECT_TRUE(Authenticate(r.access_token)) << "answered by the cache after 5 minutes";
  db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE sessions SET revoked_at = NULL WHERE id = $1", r.session); });
  Await(service_->Logout(r.session));
  EXPECT_FALSE(Authenticate(r.access_token)) << "its own logout: at once";

  const LoginResult b = Register("bob");
  db().WriteNow([&](db::Connection& c) {
    c.Exec("UPDATE sessions SET expires_at = $2 WHERE id = $1", b.session, now_.load() + kMinute);
  });
  ASSERT_TRUE(Authenticate(b.access_token));
  now_ += kMinute;
  EXPECT_FALSE(Authenticate(b.access_token)) << "the session ended";
}

TEST_P(AuthServiceTest, LogoutEverywhereEndsEveryLogin) {
  const LoginResult a = Register("alice");
  const LoginResult b = Login("alice");
  ASSERT_TRUE(Authenticate(a.access_token));
  ASSERT_TRUE(Authenticate(b.access_token));
  Await(service_->LogoutEverywhere(a.user.id));
  EXPECT_FALSE(Authenticate(a.access_token));
  EXPECT_FALSE(Authenticate(b.access_token));
}

TEST_P(AuthServiceTest, ExpiredSessionEndsAccessAndRefresh) {
  AuthOptions options = Options();
  options.session_lifetime_ms = 60 * kMinute;
  options.access_token_lifetime_ms =
      2 * 60 * kMinute;  // outlives the session, to test the session check alone
  service_ = Make(options);
  const LoginResult r = Register("alice");
  now_ += 59 * kMinute;
  EXPECT_TRUE(Authenticate(r.access_token));
  now_ += kMinute;
  EXPECT_FALSE(Authenticate(r.access_token));
  EXPECT_EQ(ErrorOf([&] { Refresh(r.refresh_token); }), core::ErrorCode::kInvalidToken);
}

TEST_P(AuthServiceTest, ExpiredAccessTokenIsRefused) {
  const LoginResult r = Register("alice");
  now_ += 15 * kMinute;
  EXPECT_FALSE(Authenticate(r.access_token));
  EXPECT_TRUE(Authenticate(Refresh(r.refresh_token).access_token));
}

TEST_P(AuthServiceTest, AuthenticateRefusesForgedAndForeignTokens) {
  const LoginResult r = Register("alice");
  const LoginResult bob = Register("bob");
  EXPECT_FALSE(Authenticate(""));
  EXPECT_FALSE(Authenticate("garbage"));
  EXPECT_FALSE(Authenticate(r.access_token + "x"));
  // Signed with another secret.
  const AccessClaims claims{r.user.id, r.session, kStart / 1000, kStart / 1000 + 900};
  EXPECT_FALSE(Authenticate(SignJwt(claims, core::Secret(std::string(40, 'z')))));
  // Correctly signed, but naming bob on alice's session.
  const AccessClaims swapped{bob.user.id, r.session, kStart / 1000, kStart / 1000 + 900};
  EXPECT_FALSE(Authenticate(SignJwt(swapped, Options().jwt_secret)));
  EXPECT_TRUE(Authenticate(r.access_token));
  EXPECT_FALSE(Authenticate(SignJwt(swapped, Options().jwt_secret))) << "also when cached";
}

TEST_P(AuthServiceTest, LoginUpgradesAWeakerHash) {
  Register("alice");  // hashed with the fast test parameters
  AuthOptions stronger = Options();
  stronger.password = PasswordHashParams{2, 16 * 1024};
  service_ = Make(stronger);
  const LoginResult r = Login("alice");
  EXPECT_NE(r.user.password_hash.Reveal().find("$m=16,t=2,p=1$"), std::string::npos);
  const store::UserRow stored = Await(service_->Me(r.user.id));
  EXPECT_EQ(stored.password_hash.Reveal(), r.user.password_hash.Reveal());
  EXPECT_NO_THROW(Login("alice"));
}

TEST_P(AuthServiceTest, MeOfAMissingUserIsUnauthenticated) {
  EXPECT_EQ(ErrorOf([&] { Await(service_->Me(core::UserId(12345))); }), core::ErrorCode::kUnauthenticated);
}

TEST_P(AuthServiceTest, PurgeDeletesLongEndedSessions) {
  const LoginResult r = Register("alice");
  const LoginResult keep = Login("alice");
  Await(service_->Logout(r.session));
  now_ += 8 * kDay;
  EXPECT_EQ(Await(service_->PurgeEndedSessions()), 1);
  EXPECT_TRUE(Authenticate(Refresh(keep.refresh_token).access_token));
}

// Whatever remembers an ended login by its id (this process's session cache,
// the cluster's revocation list, an old access token) must never find a new
// login under it. SQLite gave the id of a purged account's newest login to
// the next one, which the cache still held as ended: refused (migration 0023).
TEST_P(AuthServiceTest, ANewLoginNeverGetsTheIdOfAPurgedAccountsLogin) {
  Register("bob");
  const LoginResult leaver = Register("leaver");
  // DELETE /users/me with --deletion-grace-days 0, then the purge worker.
  const auto ended = db().WriteNow([&](db::Connection& c) {
    EXPECT_TRUE(store::AccountDeletionStore().Deactivate(c, leaver.user.id, now_, now_));
    return store::SessionStore().RevokeAllForUser(c, leaver.user.id, now_);
  });
  Await(service_->ForgetSessions(ended));
  const auto claim = db().WriteNow([&](db::Connection& c) {
    return store::AccountDeletionStore().ClaimDue(c, now_, kMinute, "purge");
  });
  ASSERT_TRUE(claim);
  for (int step = 0; step < 100; ++step) {
    const auto batch = db().WriteNow([&](db::Connection& c) {
      return store::AccountDeletionStore().PurgeStep(c, *claim, now_, kMinute, 100);
    });
    ASSERT_FALSE(batch.lost);
    if (batch.finished) break;
  }
  ASSERT_EQ(db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT count(*) FROM sessions WHERE user_id = $1", leaver.user.id).one().Int(0);
  }), 0);

  const LoginResult next = Register("carol");
  EXPECT_GT(next.session.value, leaver.session.value);
  EXPECT_TRUE(Authenticate(next.access_token));
}

TEST_P(AuthServiceTest, ConstructionRefusesAShortSecret) {
  AuthOptions options = Options();
  options.jwt_secret = core::Secret("too short");
  EXPECT_THROW(Make(options), std::invalid_argument);
}

// --- Who may sign up (issue 13.4) and the first admin (issue 13.1) -----------

RegisterForm Form(const std::string& username, std::optional<std::string> invite_code = std::nullopt) {
  return RegisterForm{username, username + "@example.com", "correct horse battery", std::nullopt,
                      std::move(invite_code)};
}

TEST_P(AuthServiceTest, TheFirstAccountIsAdminAndTheNextOnesAreUsers) {
  EXPECT_EQ(Register("first").user.role, store::Role::kAdmin);
  EXPECT_EQ(Register("second").user.role, store::Role::kUser);
  EXPECT_EQ(Login("first").user.role, store::Role::kAdmin);
  EXPECT_EQ(Login("second").user.role, store::Role::kUser);
}

TEST_P(AuthServiceTest, ClosedLetsOnlyTheFirstAccountIn) {
  AuthOptions options = Options();
  options.registration.mode = RegistrationMode::kClosed;
  service_ = Make(options);
  EXPECT_EQ(Register("owner").user.role, store::Role::kAdmin);
  EXPECT_EQ(ErrorOf([&] { Await(service_->Register(Form("late"), kClient)); }),
            core::ErrorCode::kRegistrationClosed);
  EXPECT_EQ(Login("owner").user.username, "owner");
}

TEST_P(AuthServiceTest, MaxUsersCapsTheAccounts) {
  AuthOptions options = Options();
  options.registration.max_users = 2;
  service_ = Make(options);
  Register("one");
  Register("two");
  EXPECT_EQ(ErrorOf([&] { Await(service_->Register(Form("three"), kClient)); }),
            core::ErrorCode::kRegistrationFull);
}

TEST_P(AuthServiceTest, ApprovalMakesEveryoneButTheFirstWaitAndLoginSaysSoOnlyToTheRightPassword) {
  AuthOptions options = Options();
  options.registration.mode = RegistrationMode::kApproval;
  service_ = Make(options);
  EXPECT_EQ(Register("owner").user.role, store::Role::kAdmin);
  const RegisterOutcome waiting = Await(service_->Register(Form("waiting"), kClient));
  EXPECT_TRUE(waiting.pending());
  EXPECT_EQ(ErrorOf([&] { Login("waiting"); }), core::ErrorCode::kAccountPending);
  EXPECT_EQ(ErrorOf([&] { Login("WAITING@example.com"); }), core::ErrorCode::kAccountPending);
  EXPECT_EQ(ErrorOf([&] { Login("waiting", "not the password"); }), core::ErrorCode::kInvalidCredentials);
  // The name and the address stay taken, whatever the mode later.
  EXPECT_EQ(ErrorOf([&] { Await(service_->Register(Form("Waiting"), kClient)); }), core::ErrorCode::kUsernameTaken);
  service_ = Make(Options());
  EXPECT_EQ(ErrorOf([&] { Register("other", "waiting@EXAMPLE.com"); }), core::ErrorCode::kEmailTaken);
  db().ReadNow([&](db::Connection& c) { EXPECT_FALSE(store::UserStore().FindByUsername(c, "waiting")); });
}

TEST_P(AuthServiceTest, InviteNeedsAKnownLiveCodeWithAUseLeft) {
  AuthOptions options = Options();
  options.registration.mode = RegistrationMode::kInvite;
  service_ = Make(options);
  const auto owner = Register("owner").user;  // the first account needs no code
  const auto make = [&](const std::string& code, int uses, core::Millis expires_at) {
    db().WriteNow([&](db::Connection& c) {
      store::InviteStore().Insert(c, store::NewInvite{code, owner.id, uses, expires_at, kStart});
    });
  };
  make("AAAA-BBBB-CCCC-DDDD", 1, kStart + kDay);
  make("EEEE-FFFF-GGGG-HHHH", 5, kStart + kDay);

  core::Error error(core::ErrorCode::kInternal, "");
  const auto register_with = [&](const std::string& name, std::optional<std::string> code) {
    return ErrorOf([&] { Await(service_->Register(Form(name, std::move(code)), kClient)); }, &error);
  };
  EXPECT_EQ(register_with("nocode", std::nullopt), core::ErrorCode::kInvalidValue);
  EXPECT_EQ(error.field(), "inviteCode");
  EXPECT_EQ(register_with("forged", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"), core::ErrorCode::kInvalidValue);
  EXPECT_EQ(error.field(), "inviteCode");
  EXPECT_EQ(register_with("garbage", "not a code"), core::ErrorCode::kInvalidValue);
  EXPECT_EQ(register_with("carol", "aaaabbbbccccdddd"), std::nullopt);
  EXPECT_EQ(register_with("dave", "AAAA-BBBB-CCCC-DDDD"), core::ErrorCode::kInviteUsedUp);
  EXPECT_EQ(error.field(), "inviteCode");
  now_ += kDay;
  EXPECT_EQ(register_with("late", "EEEE-FFFF-GGGG-HHHH"), core::ErrorCode::kInviteExpired);
  EXPECT_EQ(error.field(), "inviteCode");
}

LENSLET_INSTANTIATE_DB_TEST(AuthServiceTest);

}  // namespace
}  // namespace lenslet::auth

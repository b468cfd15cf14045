// cluster::PgSessionEnds with the auth service, on PostgreSQL: logins ended by
// another process reach this one's session cache as they end, so its
// "active" answers need not be read again every 2 s (issue 16).
#include "cluster/pg_session_ends.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

#include "auth/auth_service.hpp"
#include "core/testing/await.hpp"
#include "db/testing/database_fixture.hpp"

namespace lenslet::cluster {
namespace {

constexpr core::Millis kStart = 1'800'000'000'000;
constexpr core::Millis kMinute = 60'000;
const auth::ClientInfo kClient{"203.0.113.7", "TestAgent/1.0"};

using core::testing::Await;

// Polls `done` for up to 5 s of real time: an announcement crosses PostgreSQL
// and the listener's thread.
template <typename F>
bool Eventually(F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class PgSessionEndsTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "an SQLite file has one process: nothing to hear";
    // The channel is the database's, shared by the schemas of tests running
    // beside this one; ids of their own (small) cannot name these sessions.
    db().WriteNow([&](db::Connection& c) {
      c.Exec("ALTER TABLE sessions ALTER COLUMN id RESTART WITH " +
             std::to_string(7'000'000'000LL + static_cast<long long>(getpid()) * 1000));
    });
    hash_pool_ = std::make_unique<core::WorkerPool>("auth", 2, 1000);
    feed_ = std::make_unique<PgSessionEnds>(
        PgSessionEndsOptions{.url = url(), .clock = [this] { return now_.load(); }, .retry_after = std::chrono::milliseconds(100)});
    auth::AuthOptions options = Options();
    options.announced_ends = feed_.get();
    service_ = std::make_unique<auth::AuthService>(db(), *hash_pool_, std::move(options));
    // Another instance on the same database, hearing nothing.
    other_ = std::make_unique<auth::AuthService>(db(), *hash_pool_, Options());
    feed_->Start([this](const std::vector<core::SessionId>& ended) { service_->ForgetCachedSessions(ended); },
                 [this] { service_->ForgetAllCachedSessions(); });
    ASSERT_TRUE(Eventually([&] { return feed_->ListeningSince().has_value(); }));
  }
  void TearDown() override {
    feed_.reset();  // first: it calls into service_
    service_.reset();
    other_.reset();
    hash_pool_.reset();
    DatabaseTest::TearDown();
  }

  auth::AuthOptions Options() {
    auth::AuthOptions o;
    o.jwt_secret = core::Secret("a-test-secret-that-is-long-enough-0123456789");
    o.password = auth::PasswordHashParams{1, 8 * 1024};
    o.clock = [this] { return now_.load(); };
    o.limits.login_per_address = {1000, kMinute};
    o.limits.register_per_address = {1000, kMinute};
    return o;
  }
  auth::LoginResult Register(const std::string& username) {
    return *Await(service_->Register(
                      auth::RegisterForm{username, username + "@example.com", "correct horse battery", std::nullopt},
                      kClient))
                .login;
  }
  bool Active(const auth::LoginResult& login) { return Await(service_->Authenticate(login.access_token)).has_value(); }
  // Ends the login behind everyone's back: no announcement (triggers off for
  // this transaction), as if it had been lost. Only a read of the table sees it.
  void EndSilently(const auth::LoginResult& login) {
    db().WriteNow([&](db::Connection& c) {
      c.Exec("SET LOCAL session_replication_role = replica");
      c.Exec("UPDATE sessions SET revoked_at = 1 WHERE id = $1", login.session);
    });
  }

  std::atomic<core::Millis> now_{kStart};
  std::unique_ptr<core::WorkerPool> hash_pool_;
  std::unique_ptr<PgSessionEnds> feed_;
  std::unique_ptr<auth::AuthService> service_;
  std::unique_ptr<auth::AuthService> other_;
};

TEST_P(PgSessionEndsTest, ALoginEndedByAnotherInstanceIsRefusedHereAsSoonAsItIsAnnounced) {
  const auto alice = Register("alice");
  ASSERT_TRUE(Active(alice));  // now cached as active, and "recent" for 2 s of the frozen clock
  Await(other_->Logout(alice.session));
  EXPECT_TRUE(Eventually([&] { return !Active(alice); })) << "the cache kept a login another instance ended";
}

TEST_P(PgSessionEndsTest, EveryWayALoginEndsIsAnnounced) {
  const auto bob = Register("bob");
  const auto bob_phone = Await(service_->Login(auth::LoginForm{"bob", "correct horse battery"}, kClient));
  const auto carol = Register("carol");
  ASSERT_TRUE(Active(bob) && Active(bob_phone) && Active(carol));
  Await(other_->LogoutEverywhere(bob.user.id));  // many rows in one statement
  db().WriteNow([&](db::Connection& c) { c.Exec("DELETE FROM users WHERE id = $1", carol.user.id); });  // a cascade
  EXPECT_TRUE(Eventually([&] { return !Active(bob) && !Active(bob_phone) && !Active(carol); }));
}

TEST_P(PgSessionEndsTest, WhileListeningAnActiveAnswerHoldsPastTheShortTtlWithoutAReadOfTheTable) {
  const auto alice = Register("alice");
  ASSERT_TRUE(Active(alice));
  EndSilently(alice);
  now_ += 5 * kMinute;
  EXPECT_TRUE(Active(alice)) << "read the sessions table although nothing was announced";
  // The instance that hears nothing reads the table, as before.
  EXPECT_FALSE(Await(other_->Authenticate(alice.access_token)).has_value());
}

TEST_P(PgSessionEndsTest, ALostListenerTrustsNothingPastTheShortTtlAndListensAgain) {
  const auto alice = Register("alice");
  ASSERT_TRUE(Active(alice));
  EndSilently(alice);
  now_ += kMinute;
  ASSERT_TRUE(Active(alice));
  // While it is away an announcement may be missed: what it vouched for goes.
  // (As a server restart would: the listener's connection and the pool's.)
  TerminateSessions();
  EXPECT_TRUE(Eventually([&] { return !Active(alice); }));
  ASSERT_TRUE(Eventually([&] { return feed_->ListeningSince().has_value(); })) << "did not listen again";
  // Listening again, it vouches for what it reads from now on.
  const auto bob = Register("bob");
  ASSERT_TRUE(Active(bob));
  EndSilently(bob);
  now_ += kMinute;
  EXPECT_TRUE(Active(bob));
}

LENSLET_INSTANTIATE_DB_TEST(PgSessionEndsTest);

}  // namespace
}  // namespace lenslet::cluster

// Two-factor logins against a real database, with a clock the test moves:
// what the functional tests cannot wait for (a challenge's expiry, the edges
// of the skew window) and what they cannot reach (a secret sealed under
// another server secret, housekeeping).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "auth/auth_service.hpp"
#include "auth/base32.hpp"
#include "auth/totp.hpp"
#include "core/error.hpp"
#include "core/testing/await.hpp"
#include "db/testing/database_fixture.hpp"

namespace lenslet::auth {
namespace {

constexpr core::Millis kStart = 1'800'000'010'000;  // 10 s into a 30 s step
constexpr core::Millis kStep = 30'000;
constexpr core::Millis kMinute = 60'000;
const ClientInfo kClient{"203.0.113.7", "TestAgent/1.0"};
const std::string kPassword = "correct horse battery";

using core::testing::Await;

template <typename F>
std::optional<core::Error> ErrorOf(F fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    return e;
  }
  return std::nullopt;
}

class TwoFactorLoginTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    hash_pool_ = std::make_unique<core::WorkerPool>("auth", 2, 1000);
    service_ = Make("a-test-secret-that-is-long-enough-0123456789");
  }
  void TearDown() override {
    service_.reset();
    hash_pool_.reset();
    DatabaseTest::TearDown();
  }

  std::unique_ptr<AuthService> Make(const std::string& jwt_secret) {
    AuthOptions o;
    o.jwt_secret = core::Secret(jwt_secret);
    o.password = PasswordHashParams{1, 8 * 1024};
    o.clock = [this] { return now_.load(); };
    o.limits.login_per_address = {1000, kMinute};
    o.limits.login_throttle.free_failures_per_client = 1000;
    o.limits.login_throttle.account_failures_before_gate = 1000;
    o.limits.register_per_address = {1000, kMinute};
    return std::make_unique<AuthService>(db(), *hash_pool_, std::move(o));
  }

  // alice, with two-factor on (enabled with the code of the current step).
  core::UserId AliceWithTwoFactor() {
    const auto alice =
        *Await(service_->Register(RegisterForm{"alice", "alice@example.com", kPassword, std::nullopt}, kClient))
             .login;
    const auto setup = Await(service_->two_factor().Setup(alice.user.id, "alice"));
    secret_ = *Base32Decode(setup.secret);
    recovery_ = Await(service_->two_factor().Enable(alice.user.id, CodeAt(now_)));
    return alice.user.id;
  }
  std::string CodeAt(core::Millis at) const { return TotpCode(secret_, TotpStep(at / 1000)); }

  // The challenge of a password login with two-factor on.
  std::string Challenge(LoginFlow flow = LoginFlow::kCookie) {
    const auto error = ErrorOf([&] { Await(service_->Login(LoginForm{"alice", kPassword, flow}, kClient)); });
    EXPECT_TRUE(error && error->code() == core::ErrorCode::kTwoFactorRequired);
    return error && error->challenge ? *error->challenge : std::string();
  }
  std::optional<core::ErrorCode> Complete(const std::string& challenge, const std::string& code) {
    const auto error = ErrorOf([&] { Await(service_->CompleteTwoFactorLogin(challenge, code, kClient)); });
    return error ? std::optional(error->code()) : std::nullopt;
  }

  std::atomic<core::Millis> now_{kStart};
  std::unique_ptr<core::WorkerPool> hash_pool_;
  std::unique_ptr<AuthService> service_;
  std::string secret_;
  std::vector<std::string> recovery_;
};

TEST_P(TwoFactorLoginTest, AChallengeEndsAfterFiveMinutes) {
  AliceWithTwoFactor();
  const std::string challenge = Challenge();
  now_ += 5 * kMinute;
  EXPECT_EQ(Complete(challenge, CodeAt(now_)), core::ErrorCode::kInvalidToken);
  // A fresh one, a moment before its end, still works.
  const std::string fresh = Challenge();
  now_ += 5 * kMinute - 1;
  EXPECT_EQ(Complete(fresh, CodeAt(now_)), std::nullopt);
}

TEST_P(TwoFactorLoginTest, ACodeOneStepOffEitherWayIsAcceptedTwoStepsIsNot) {
  AliceWithTwoFactor();
  now_ += 10 * kStep;
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_ - 2 * kStep)), core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_ + 2 * kStep)), core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_ - kStep)), std::nullopt);
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_)), std::nullopt);
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_ + kStep)), std::nullopt);
  // Every step up to now+1 is spent: the current code cannot serve again.
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_)), core::ErrorCode::kInvalidCredentials);
}

TEST_P(TwoFactorLoginTest, TheChallengeRemembersTheDoorItCameThrough) {
  AliceWithTwoFactor();
  now_ += kStep;
  const auto token = Await(service_->CompleteTwoFactorLogin(Challenge(LoginFlow::kToken), CodeAt(now_), kClient));
  EXPECT_EQ(token.flow, LoginFlow::kToken);
  EXPECT_FALSE(token.login.access_token.empty());
  now_ += kStep;
  const auto cookie = Await(service_->CompleteTwoFactorLogin(Challenge(), CodeAt(now_), kClient));
  EXPECT_EQ(cookie.flow, LoginFlow::kCookie);
}

TEST_P(TwoFactorLoginTest, ASecretSealedUnderAnotherServerSecretNoLongerOpensButRecoveryCodesDo) {
  AliceWithTwoFactor();
  service_ = Make("another-secret-that-is-also-long-enough-0123");
  now_ += kStep;
  EXPECT_EQ(Complete(Challenge(), CodeAt(now_)), core::ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Complete(Challenge(), recovery_[0]), std::nullopt);
}

TEST_P(TwoFactorLoginTest, HousekeepingDeletesChallengesLongExpired) {
  AliceWithTwoFactor();
  const std::string challenge = Challenge();
  now_ += 8LL * 24 * 60 * kMinute;
  Await(service_->PurgeEndedSessions());
  const auto left = db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT count(*) FROM two_factor_challenges").one().Int(0);
  });
  EXPECT_EQ(left, 0);
  EXPECT_EQ(Complete(challenge, CodeAt(now_)), core::ErrorCode::kInvalidToken);
}

LENSLET_INSTANTIATE_DB_TEST(TwoFactorLoginTest);

}  // namespace
}  // namespace lenslet::auth

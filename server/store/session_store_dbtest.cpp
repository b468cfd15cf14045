#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <thread>

#include "db/testing/database_fixture.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

constexpr core::Millis kNow = 1'800'000'000'000;
constexpr core::Millis kDay = 24 * 60 * 60 * 1000;

class SessionStoreTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = db().WriteNow([&](db::Connection& c) {
      return users_.Insert(c, NewUser{"alice", "alice@example.com", "$argon2id$fake", "Alice", kNow}).id;
    });
  }

  SessionRow Create(core::Millis expires_at = kNow + 30 * kDay) {
    return db().WriteNow([&](db::Connection& c) {
      return sessions_.CreateSession(c, NewSession{alice_, kNow, expires_at, "TestAgent/1.0", "203.0.113.7"});
    });
  }

  UserStore users_;
  SessionStore sessions_;
  core::UserId alice_;
};

TEST_P(SessionStoreTest, CreateAndFind) {
  const SessionRow s = Create();
  EXPECT_GT(s.id.value, 0);
  EXPECT_EQ(s.user_id, alice_);
  EXPECT_EQ(s.created_at, kNow);
  EXPECT_EQ(s.last_seen_at, kNow);
  EXPECT_EQ(s.expires_at, kNow + 30 * kDay);
  EXPECT_FALSE(s.revoked_at);
  EXPECT_EQ(s.user_agent, "TestAgent/1.0");
  EXPECT_EQ(s.ip, "203.0.113.7");
  db().ReadNow([&](db::Connection& c) {
    const auto found = sessions_.FindSession(c, s.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user_agent, "TestAgent/1.0");
    EXPECT_TRUE(found->IsActive(kNow));
    EXPECT_FALSE(sessions_.FindSession(c, core::SessionId(s.id.value + 1)));
    EXPECT_EQ(sessions_.FindActiveSession(c, s.id, kNow)->user, alice_);
  });
}

TEST_P(SessionStoreTest, ExpiredSessionIsNotActive) {
  const SessionRow s = Create(kNow + 1'000);
  db().ReadNow([&](db::Connection& c) {
    EXPECT_EQ(sessions_.FindActiveSession(c, s.id, kNow + 999)->user, alice_);
    EXPECT_EQ(sessions_.FindActiveSession(c, s.id, kNow + 999)->expires_at, kNow + 1'000);
    EXPECT_FALSE(sessions_.FindActiveSession(c, s.id, kNow + 1'000));
  });
}

TEST_P(SessionStoreTest, RevokeOnceThenNoLongerActive) {
  const SessionRow s = Create();
  db().WriteNow([&](db::Connection& c) {
    EXPECT_EQ(sessions_.RevokeSession(c, s.id, kNow + 5), alice_);
    EXPECT_FALSE(sessions_.RevokeSession(c, s.id, kNow + 6)) << "second revoke is a no-op";
    EXPECT_FALSE(sessions_.RevokeSession(c, core::SessionId(s.id.value + 99), kNow));
    EXPECT_FALSE(sessions_.ExtendSession(c, s.id, kNow + 7, kNow + 60 * kDay, "10.0.0.9")) << "revoked stays revoked";
  });
  db().ReadNow([&](db::Connection& c) {
    EXPECT_FALSE(sessions_.FindActiveSession(c, s.id, kNow + 10));
    EXPECT_EQ(sessions_.FindSession(c, s.id)->revoked_at, kNow + 5);
  });
}

TEST_P(SessionStoreTest, ActiveAmongKeepsOnlyLiveSessionsAcrossBatches) {
  // More ids than one statement takes, so the batching is exercised too.
  std::vector<core::SessionId> ids;
  std::vector<core::SessionId> expected;
  for (std::size_t i = 0; i < SessionStore::kMaxActiveAmong + 40; ++i) {
    const bool expired = i % 3 == 1;
    const SessionRow s = Create(expired ? kNow - 1 : kNow + kDay);
    ids.push_back(s.id);
    if (i % 3 == 2) {
      db().WriteNow([&](db::Connection& c) { sessions_.RevokeSession(c, s.id, kNow); });
    } else if (!expired) {
      expected.push_back(s.id);
    }
  }
  ids.push_back(core::SessionId(987654321));  // unknown
  auto active = db().ReadNow([&](db::Connection& c) { return sessions_.ActiveAmong(c, ids, kNow); });
  std::sort(active.begin(), active.end());
  EXPECT_EQ(active, expected);
  EXPECT_TRUE(db().ReadNow([&](db::Connection& c) { return sessions_.ActiveAmong(c, {}, kNow); }).empty());
}

TEST_P(SessionStoreTest, HasLoggedInFromKnowsTheAddressesOfTheUsersLoginsEvenEndedOnes) {
  const SessionRow s = Create();
  const auto bob = db().WriteNow([&](db::Connection& c) {
    return users_.Insert(c, NewUser{"bob", "bob@example.com", "$argon2id$fake", "Bob", kNow}).id;
  });
  db().WriteNow([&](db::Connection& c) { sessions_.RevokeSession(c, s.id, kNow + 1); });
  db().ReadNow([&](db::Connection& c) {
    EXPECT_TRUE(sessions_.HasLoggedInFrom(c, alice_, "203.0.113.7"));
    EXPECT_FALSE(sessions_.HasLoggedInFrom(c, alice_, "203.0.113.8"));
    EXPECT_FALSE(sessions_.HasLoggedInFrom(c, bob, "203.0.113.7"));
  });
}

TEST_P(SessionStoreTest, ExtendSlidesExpiry) {
  const SessionRow s = Create(kNow + 1'000);
  db().WriteNow(
      [&](db::Connection& c) { EXPECT_TRUE(sessions_.ExtendSession(c, s.id, kNow + 500, kNow + 9'000, "10.0.0.9")); });
  db().ReadNow([&](db::Connection& c) {
    const auto found = sessions_.FindSession(c, s.id);
    EXPECT_EQ(found->last_seen_at, kNow + 500);
    EXPECT_EQ(found->expires_at, kNow + 9'000);
  });
}

TEST_P(SessionStoreTest, RevokeAllForUserReturnsTheSessionsItEnded) {
  const SessionRow a = Create();
  const SessionRow b = Create();
  const SessionRow already = Create();
  db().WriteNow([&](db::Connection& c) { sessions_.RevokeSession(c, already.id, kNow); });
  auto ended =
      db().WriteNow([&](db::Connection& c) { return sessions_.RevokeAllForUser(c, alice_, kNow + 1); });
  std::sort(ended.begin(), ended.end());
  EXPECT_EQ(ended, (std::vector<core::SessionId>{a.id, b.id}));
  db().ReadNow([&](db::Connection& c) {
    EXPECT_FALSE(sessions_.FindActiveSession(c, a.id, kNow + 2));
    EXPECT_FALSE(sessions_.FindActiveSession(c, b.id, kNow + 2));
  });
}

TEST_P(SessionStoreTest, RevokeAllForUserExceptSparesOneLoginAndOtherUsers) {
  const SessionRow keep = Create();
  const SessionRow a = Create();
  const SessionRow b = Create();
  const auto bob = db().WriteNow([&](db::Connection& c) {
    return users_.Insert(c, NewUser{"bob", "bob@example.com", "$argon2id$fake", "Bob", kNow}).id;
  });
  const auto bobs = db().WriteNow([&](db::Connection& c) {
    return sessions_.CreateSession(c, NewSession{bob, kNow, kNow + kDay, "", ""});
  });
  auto ended = db().WriteNow(
      [&](db::Connection& c) { return sessions_.RevokeAllForUserExcept(c, alice_, keep.id, kNow + 1); });
  std::sort(ended.begin(), ended.end());
  EXPECT_EQ(ended, (std::vector<core::SessionId>{a.id, b.id}));
  db().ReadNow([&](db::Connection& c) {
    EXPECT_EQ(sessions_.FindActiveSession(c, keep.id, kNow + 2)->user, alice_);
    EXPECT_FALSE(sessions_.FindActiveSession(c, a.id, kNow + 2));
    EXPECT_FALSE(sessions_.FindActiveSession(c, b.id, kNow + 2));
    EXPECT_EQ(sessions_.FindActiveSession(c, bobs.id, kNow + 2)->user, bob);
  });
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) {
    return sessions_.RevokeAllForUserExcept(c, alice_, keep.id, kNow + 3);
  }).empty()) << "nothing left to revoke";
}

TEST_P(SessionStoreTest, RefreshTokenIsMarkedUsedExactlyOnce) {
  const SessionRow s = Create();
  const std::string hash(64, 'a');
  db().WriteNow([&](db::Connection& c) { sessions_.InsertRefreshToken(c, hash, s.id, kNow); });
  db().ReadNow([&](db::Connection& c) {
    const auto token = sessions_.FindRefreshToken(c, hash);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->token_hash, hash);
    EXPECT_EQ(token->session_id, s.id);
    EXPECT_EQ(token->created_at, kNow);
    EXPECT_FALSE(token->used_at);
    EXPECT_FALSE(sessions_.FindRefreshToken(c, std::string(64, 'b')));
  });
  db().WriteNow([&](db::Connection& c) {
    EXPECT_TRUE(sessions_.MarkRefreshTokenUsed(c, hash, kNow + 1));
    EXPECT_FALSE(sessions_.MarkRefreshTokenUsed(c, hash, kNow + 2));
    EXPECT_FALSE(sessions_.MarkRefreshTokenUsed(c, std::string(64, 'b'), kNow + 2));
  });
  db().ReadNow([&](db::Connection& c) { EXPECT_EQ(sessions_.FindRefreshToken(c, hash)->used_at, kNow + 1); });
}

TEST_P(SessionStoreTest, TwoUnitsThatBothSawTheTokenUnusedCannotBothMarkIt) {
  // Forces the interleaving the conditional UPDATE guards against: both units
  // read the token as unused before either marks it. SQLite serialises write
  // units (BEGIN IMMEDIATE), so this interleaving cannot happen there.
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "SQLite write units cannot interleave";
  const SessionRow s = Create();
  const std::string hash(64, 'e');
  db().WriteNow([&](db::Connection& c) { sessions_.InsertRefreshToken(c, hash, s.id, kNow); });
  std::barrier both_read(2);
  std::atomic<int> marked{0};
  std::atomic<int> saw_unused{0};
  auto racer = [&] {
    db().WriteNow([&](db::Connection& c) {
      if (!sessions_.FindRefreshToken(c, hash)->used_at) ++saw_unused;
      both_read.arrive_and_wait();
      if (sessions_.MarkRefreshTokenUsed(c, hash, kNow + 1)) ++marked;
    });
  };
  std::thread a(racer);
  std::thread b(racer);
  a.join();
  b.join();
  EXPECT_EQ(saw_unused.load(), 2);
  EXPECT_EQ(marked.load(), 1);
}

TEST_P(SessionStoreTest, RefreshTokenHashIsUniqueAndNeedsASession) {
  const SessionRow s = Create();
  const std::string hash(64, 'c');
  db().WriteNow([&](db::Connection& c) { sessions_.InsertRefreshToken(c, hash, s.id, kNow); });
  try {
    db().WriteNow([&](db::Connection& c) { sessions_.InsertRefreshToken(c, hash, s.id, kNow); });
    FAIL() << "duplicate hash accepted";
  } catch (const db::ConstraintViolation& e) {
    EXPECT_EQ(e.kind(), db::ConstraintViolation::Kind::kUnique);
  }
  try {
    db().WriteNow([&](db::Connection& c) {
      sessions_.InsertRefreshToken(c, std::string(64, 'd'), core::SessionId(s.id.value + 1000), kNow);
    });
    FAIL() << "token for a missing session accepted";
  } catch (const db::ConstraintViolation& e) {
    EXPECT_EQ(e.kind(), db::ConstraintViolation::Kind::kForeignKey);
  }
}

TEST_P(SessionStoreTest, DeleteEndedBeforeRemovesOldSessionsAndTheirTokens) {
  const SessionRow live = Create(kNow + 30 * kDay);
  const SessionRow expired = Create(kNow + 1'000);
  const SessionRow revoked = Create();
  db().WriteNow([&](db::Connection& c) {
    sessions_.RevokeSession(c, revoked.id, kNow + 10);
    sessions_.InsertRefreshToken(c, std::string(64, '1'), live.id, kNow);
    sessions_.InsertRefreshToken(c, std::string(64, '2'), expired.id, kNow);
    sessions_.InsertRefreshToken(c, std::string(64, '3'), revoked.id, kNow);
  });
  const auto deleted =
      db().WriteNow([&](db::Connection& c) { return sessions_.DeleteEndedBefore(c, kNow + 2'000); });
  EXPECT_EQ(deleted, 2);
  db().ReadNow([&](db::Connection& c) {
    EXPECT_TRUE(sessions_.FindSession(c, live.id));
    EXPECT_FALSE(sessions_.FindSession(c, expired.id));
    EXPECT_FALSE(sessions_.FindSession(c, revoked.id));
    EXPECT_TRUE(sessions_.FindRefreshToken(c, std::string(64, '1')));
    EXPECT_FALSE(sessions_.FindRefreshToken(c, std::string(64, '2')));
    EXPECT_FALSE(sessions_.FindRefreshToken(c, std::string(64, '3')));
  });
}

LENSLET_INSTANTIATE_DB_TEST(SessionStoreTest);

}  // namespace
}  // namespace lenslet::store

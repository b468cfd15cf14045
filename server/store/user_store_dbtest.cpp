#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class UserStoreTest : public db::testing::DatabaseTest {
 protected:
  UserRow Insert(const std::string& username, const std::string& email) {
    return db().WriteNow([&](db::Connection& c) {
      return users_.Insert(c, NewUser{username, email, "$argon2id$fake", username + " display", 1'000});
    });
  }

  // The error code Insert throws, or nullopt when it succeeds.
  std::optional<core::ErrorCode> InsertError(const std::string& username, const std::string& email,
                                             std::string* field = nullptr) {
    try {
      Insert(username, email);
    } catch (const core::Error& e) {
      if (field) *field = e.field();
      return e.code();
    }
    return std::nullopt;
  }

  UserStore users_;
};

TEST_P(UserStoreTest, InsertReturnsTheRowWithDefaults) {
  const UserRow alice = Insert("alice", "Alice@Example.com");
  EXPECT_GT(alice.id.value, 0);
  EXPECT_EQ(alice.username, "alice");
  EXPECT_EQ(alice.email, "Alice@Example.com");  // stored as given
  EXPECT_EQ(alice.password_hash.Reveal(), "$argon2id$fake");
  EXPECT_EQ(alice.display_name, "alice display");
  EXPECT_EQ(alice.bio, "");
  EXPECT_EQ(alice.website, "");
  EXPECT_FALSE(alice.avatar_key);
  EXPECT_FALSE(alice.is_private);
  EXPECT_EQ(alice.post_count, 0);
  EXPECT_EQ(alice.follower_count, 0);
  EXPECT_EQ(alice.following_count, 0);
  EXPECT_EQ(alice.created_at, 1'000);
  EXPECT_EQ(alice.updated_at, 1'000);

  const UserRow bob = Insert("bob", "bob@example.com");
  EXPECT_NE(bob.id, alice.id);
}

TEST_P(UserStoreTest, FindsCaseInsensitively) {
  const UserRow alice = Insert("alice.smith", "Alice@Example.com");
  db().ReadNow([&](db::Connection& c) {
    ASSERT_TRUE(users_.FindById(c, alice.id));
    EXPECT_EQ(users_.FindById(c, alice.id)->username, "alice.smith");
    EXPECT_FALSE(users_.FindById(c, core::UserId(alice.id.value + 100)));

    for (const char* name : {"alice.smith", "ALICE.SMITH", "Alice.Smith"}) {
      const auto found = users_.FindByUsername(c, name);
      ASSERT_TRUE(found) << name;
      EXPECT_EQ(found->id, alice.id);
    }
    EXPECT_FALSE(users_.FindByUsername(c, "alice"));

    for (const char* login :
         {"alice.smith", "ALICE.smith", "alice@example.com", "ALICE@EXAMPLE.COM", "Alice@Example.com"}) {
      const auto found = users_.FindByLogin(c, login);
      ASSERT_TRUE(found) << login;
      EXPECT_EQ(found->id, alice.id);
    }
    EXPECT_FALSE(users_.FindByLogin(c, "nobody@example.com"));
    EXPECT_FALSE(users_.FindByLogin(c, ""));
    EXPECT_TRUE(users_.UsernameExists(c, "ALICE.SMITH"));
    EXPECT_TRUE(users_.EmailExists(c, "alice@EXAMPLE.com"));
    EXPECT_FALSE(users_.EmailExists(c, "alice@example.org"));
  });
}

TEST_P(UserStoreTest, DuplicateUsernameInAnyCaseIsUsernameTaken) {
  Insert("alice", "alice@example.com");
  std::string field;
  EXPECT_EQ(InsertError("alice", "other@example.com", &field), core::ErrorCode::kUsernameTaken);
  EXPECT_EQ(field, "username");
  EXPECT_EQ(InsertError("ALICE", "other2@example.com"), core::ErrorCode::kUsernameTaken);
  // Username is checked first when both are taken.
  EXPECT_EQ(InsertError("Alice", "alice@example.com"), core::ErrorCode::kUsernameTaken);
}

TEST_P(UserStoreTest, DuplicateEmailInAnyCaseIsEmailTaken) {
  Insert("alice", "alice@example.com");
  std::string field;
  EXPECT_EQ(InsertError("bob", "ALICE@example.COM", &field), core::ErrorCode::kEmailTaken);
  EXPECT_EQ(field, "email");
  // The failed inserts left nothing behind.
  db().ReadNow([&](db::Connection& c) { EXPECT_FALSE(users_.FindByUsername(c, "bob")); });
  EXPECT_EQ(InsertError("bob", "bob@example.com"), std::nullopt);
}

TEST_P(UserStoreTest, ConcurrentRegistrationsOfOneNameYieldOneUserAndPreciseErrors) {
  constexpr int kThreads = 6;
  std::atomic<int> created{0};
  std::atomic<int> username_taken{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Different case each time: the unique index is on lower(username).
      const std::string name = i % 2 == 0 ? "carol" : "CAROL";
      const auto error = InsertError(name, "carol" + std::to_string(i) + "@example.com");
      if (!error) {
        ++created;
      } else if (*error == core::ErrorCode::kUsernameTaken) {
        ++username_taken;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(username_taken.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
}

TEST_P(UserStoreTest, UpdatePasswordHash) {
  const UserRow alice = Insert("alice", "alice@example.com");
  db().WriteNow([&](db::Connection& c) {
    EXPECT_TRUE(users_.UpdatePasswordHash(c, alice.id, "$argon2id$new", 2'000));
    EXPECT_FALSE(users_.UpdatePasswordHash(c, core::UserId(alice.id.value + 1), "$argon2id$x", 2'000));
  });
  const auto row = db().ReadNow([&](db::Connection& c) { return users_.FindById(c, alice.id); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->password_hash.Reveal(), "$argon2id$new");
  EXPECT_EQ(row->updated_at, 2'000);
  EXPECT_EQ(row->created_at, 1'000);
}

LENSLET_INSTANTIATE_DB_TEST(UserStoreTest);

}  // namespace
}  // namespace lenslet::store

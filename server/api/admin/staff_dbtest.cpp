// The staff guard every /admin endpoint calls: 404 for users and unknown ids,
// the role read afresh (a demotion counts on the next call), one statement.
#include "api/admin/staff.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::admin {
namespace {

class StaffGuardTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUser(const std::string& name, store::Role role) {
    return db().WriteNow([&](db::Connection& c) {
      return store::UserStore()
          .Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1, role})
          .id;
    });
  }
  template <typename F>
  std::optional<core::ErrorCode> ErrorOf(F guard) {
    try {
      db().ReadNow([&](db::Connection& c) { guard(c); });
    } catch (const core::Error& e) {
      return e.code();
    }
    return std::nullopt;
  }
};

TEST_P(StaffGuardTest, StaffPassAndEveryoneElseIsNotFound) {
  const auto user = NewUser("user", store::Role::kUser);
  const auto moderator = NewUser("moderator", store::Role::kModerator);
  const auto admin = NewUser("admin", store::Role::kAdmin);
  const core::UserId nobody(admin.value + 100);

  EXPECT_EQ(ErrorOf([&](db::Connection& c) { EXPECT_EQ(RequireStaff(c, moderator), store::Role::kModerator); }),
            std::nullopt);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { EXPECT_EQ(RequireStaff(c, admin), store::Role::kAdmin); }),
            std::nullopt);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireStaff(c, user); }), core::ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireStaff(c, nobody); }), core::ErrorCode::kNotFound);

  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireAdmin(c, admin); }), std::nullopt);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireAdmin(c, moderator); }), core::ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireAdmin(c, user); }), core::ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireAdmin(c, nobody); }), core::ErrorCode::kNotFound);
}

TEST_P(StaffGuardTest, ADemotionCountsOnTheNextCallAndTheGuardCostsOneStatement) {
  const auto moderator = NewUser("moderator", store::Role::kModerator);
  const auto statements = db().ReadNow([&](db::Connection& c) {
    const auto before = c.statements_executed();
    RequireStaff(c, moderator);
    return c.statements_executed() - before;
  });
  EXPECT_EQ(statements, 1);
  db().WriteNow([&](db::Connection& c) { store::RoleStore().Set(c, "moderator", store::Role::kUser); });
  EXPECT_EQ(ErrorOf([&](db::Connection& c) { RequireStaff(c, moderator); }), core::ErrorCode::kNotFound);
}

LENSLET_INSTANTIATE_DB_TEST(StaffGuardTest);

}  // namespace
}  // namespace lenslet::api::admin

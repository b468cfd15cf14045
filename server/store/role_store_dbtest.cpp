#include <gtest/gtest.h>

#include "db/testing/database_fixture.hpp"
#include "store/role_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class RoleStoreTest : public db::testing::DatabaseTest {
 protected:
  UserRow Insert(const std::string& username, Role role = Role::kUser) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, NewUser{username, username + "@example.com", "$argon2id$fake", username, 1, role});
    });
  }
  RoleStore roles_;
};

TEST(RoleTest, NamesRoundTripAndNothingElseParses) {
  for (const auto role : {Role::kUser, Role::kModerator, Role::kAdmin}) EXPECT_EQ(ParseRole(RoleName(role)), role);
  for (const char* bad : {"", "Admin", "root", "mod", "users"}) EXPECT_FALSE(ParseRole(bad)) << bad;
  EXPECT_FALSE(IsStaff(Role::kUser));
  EXPECT_TRUE(IsStaff(Role::kModerator));
  EXPECT_TRUE(IsStaff(Role::kAdmin));
}

TEST_P(RoleStoreTest, ANewUserIsAUserUnlessInsertedWithARole) {
  const auto ada = Insert("ada");
  EXPECT_EQ(ada.role, Role::kUser);
  const auto root = Insert("root", Role::kAdmin);
  EXPECT_EQ(root.role, Role::kAdmin);
  db().ReadNow([&](db::Connection& c) {
    EXPECT_EQ(roles_.Find(c, ada.id), Role::kUser);
    EXPECT_EQ(roles_.Find(c, root.id), Role::kAdmin);
    EXPECT_EQ(UserStore().FindById(c, root.id)->role, Role::kAdmin);
    EXPECT_FALSE(roles_.Find(c, core::UserId(root.id.value + 100)));
  });
}

TEST_P(RoleStoreTest, SetChangesOneUserByNameInAnyCase) {
  const auto ada = Insert("ada");
  const auto bob = Insert("bob");
  db().WriteNow([&](db::Connection& c) {
    EXPECT_EQ(roles_.Set(c, "ADA", Role::kModerator), ada.id);
    EXPECT_FALSE(roles_.Set(c, "nobody", Role::kAdmin));
    EXPECT_FALSE(roles_.Set(c, "' OR '1'='1", Role::kAdmin));
  });
  db().ReadNow([&](db::Connection& c) {
    EXPECT_EQ(roles_.Find(c, ada.id), Role::kModerator);
    EXPECT_EQ(roles_.Find(c, bob.id), Role::kUser);
  });
  db().WriteNow([&](db::Connection& c) { roles_.Set(c, "ada", Role::kUser); });
  db().ReadNow([&](db::Connection& c) { EXPECT_EQ(roles_.Find(c, ada.id), Role::kUser); });
}

TEST_P(RoleStoreTest, TheDatabaseRefusesAnyOtherRole) {
  const auto ada = Insert("ada");
  EXPECT_THROW(db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE users SET role = 'root' WHERE id = $1", ada.id); }),
               db::ConstraintViolation);
  EXPECT_THROW(db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE users SET role = NULL WHERE id = $1", ada.id); }),
               db::ConstraintViolation);
}

LENSLET_INSTANTIATE_DB_TEST(RoleStoreTest);

}  // namespace
}  // namespace lenslet::store

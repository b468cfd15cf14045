// The privacy policy's decision on one user (visibility.hpp LoadProfile, which
// LoadVisiblePost shares), on both backends: one statement reads the user with
// everything the rules need (store/seen_user.hpp), and the answers are those
// of the rules — blocks either way, private accounts, suspended accounts (staff
// still see them), deactivated ones (nobody does), mute and restrict flags.
#include <gtest/gtest.h>

#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/quiet_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::users {
namespace {

class VisibilityTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  template <typename F>
  void Write(F body) {
    db().WriteNow([&](db::Connection& c) { body(c); });
  }
  // The profile and the statements it took; nullopt for 404.
  std::pair<std::optional<Profile>, std::int64_t> Load(std::optional<core::UserId> viewer, const std::string& name) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      std::optional<Profile> profile;
      try {
        profile = LoadProfile(c, viewer, name);
      } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::ErrorCode::kNotFound);
      }
      return std::pair(std::move(profile), c.statements_executed() - before);
    });
  }
};

TEST_P(VisibilityTest, OneStatementDecidesWhoSeesWhom) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat", true);
  const auto mod = NewUserId("mod");
  const auto sus = NewUserId("sus");
  const auto gone = NewUserId("gone");
  Write([&](db::Connection& c) {
    store::RoleStore().Set(c, "mod", store::Role::kModerator);
    store::SuspensionStore().Put(c, sus, "spam", std::nullopt, mod, 1);
    c.Exec("UPDATE users SET deactivated_at = 1 WHERE id = $1", gone);
    store::FollowStore().Follow(c, bob, cat, true, 2);
    store::MuteStore().Mute(c, bob, ann, 3);
    store::RestrictStore().Restrict(c, bob, ann, 3);
  });

  const auto [seen, cost] = Load(bob, "ANN");
  ASSERT_TRUE(seen);
  EXPECT_EQ(cost, 1);
  EXPECT_TRUE(seen->can_see_content);
  EXPECT_EQ(seen->viewer_state, store::FollowState::kNone);
  EXPECT_TRUE(seen->viewer_quiet->muted);
  EXPECT_TRUE(seen->viewer_quiet->restricted);
  const auto anonymous = Load(std::nullopt, "ann").first;
  ASSERT_TRUE(anonymous);
  EXPECT_FALSE(anonymous->viewer_quiet) << "nothing to mute when signed out";
  EXPECT_FALSE(Load(bob, "bob").first->viewer_quiet) << "nor for oneself";

  const auto requested = Load(bob, "cat").first;
  ASSERT_TRUE(requested);
  EXPECT_EQ(requested->viewer_state, store::FollowState::kRequested);
  EXPECT_FALSE(requested->can_see_content) << "a pending request is not enough";
  Write([&](db::Connection& c) { store::FollowStore().Accept(c, bob, cat, 4); });
  EXPECT_TRUE(Load(bob, "cat").first->can_see_content);
  EXPECT_FALSE(Load(std::nullopt, "cat").first->can_see_content);

  EXPECT_FALSE(Load(bob, "sus").first) << "suspended: hidden";
  EXPECT_FALSE(Load(std::nullopt, "sus").first);
  const auto [by_staff, staff_cost] = Load(mod, "sus");
  EXPECT_TRUE(by_staff) << "staff still see the suspended";
  EXPECT_EQ(staff_cost, 2) << "the viewer's role, only for a suspended user";
  EXPECT_TRUE(Load(sus, "sus").first) << "oneself";
  EXPECT_FALSE(Load(mod, "gone").first) << "deactivated: hidden from staff too";
  EXPECT_FALSE(Load(bob, "gone").first);
  EXPECT_TRUE(Load(gone, "gone").first);
  EXPECT_FALSE(Load(bob, "nobody").first);

  Write([&](db::Connection& c) { store::BlockStore().Block(c, ann, bob, 5); });
  const auto [blocked, blocked_cost] = Load(bob, "ann");
  EXPECT_FALSE(blocked) << "blocked by them";
  EXPECT_EQ(blocked_cost, 1);
  EXPECT_FALSE(Load(ann, "bob").first) << "blocked them";
  EXPECT_TRUE(Load(std::nullopt, "ann").first) << "a block is between the two only";
  EXPECT_TRUE(Load(cat, "ann").first);
}

LENSLET_INSTANTIATE_DB_TEST(VisibilityTest);

}  // namespace
}  // namespace lenslet::api::users

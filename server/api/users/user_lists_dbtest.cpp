// The list endpoints' unit bodies run a constant number of statements whatever
// the page size (no query per row): counted with Connection::statements_executed().
#include <gtest/gtest.h>

#include "api/notifications/detail/notification_page.hpp"
#include "api/users/detail/user_lists.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {
namespace {

class UserListsTest : public db::testing::DatabaseTest {
 protected:
  store::UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return store::UserStore().Insert(
          c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }

  // Statements run by `body` in a read unit.
  template <typename F>
  std::int64_t Count(F body) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      body(c);
      return c.statements_executed() - before;
    });
  }
};

TEST_P(UserListsTest, EveryListCostsTheSameStatementsWhateverThePageSize) {
  const auto owner = NewUser("owner");
  const auto viewer = NewUser("viewer");
  db().WriteNow([&](db::Connection& c) {
    const store::FollowStore follows;
    const store::NotificationStore notifications;
    for (int i = 0; i < 40; ++i) {
      const auto fan = store::UserStore().Insert(
          c, store::NewUser{"fan" + std::to_string(i), "fan" + std::to_string(i) + "@x.org", "h", "f", 1});
      follows.Follow(c, fan.id, owner.id, i % 2 == 1, 10 + i);
      follows.Follow(c, owner.id, fan.id, false, 10 + i);
      if (i % 3 == 0) follows.Follow(c, viewer.id, fan.id, false, 10 + i);
      notifications.Upsert(
          c,
          {.recipient = owner.id, .type = store::NotificationType::kFollow, .actor = fan.id, .now = 10 + i});
    }
  });

  std::vector<std::int64_t> counts;
  for (const int limit : {1, 7, 40}) {
    const api::detail::PageRequest page{.limit = limit};
    std::int64_t items = 0;
    counts.push_back(Count([&](db::Connection& c) {
      items += static_cast<std::int64_t>(
          detail::UserListPage(c, viewer.id, "owner", detail::UserList::kFollowers, page)["items"]
              .as_array()
              .size());
      items += static_cast<std::int64_t>(
          detail::UserListPage(c, std::nullopt, "owner", detail::UserList::kFollowing, page)["items"]
              .as_array()
              .size());
      items +=
          static_cast<std::int64_t>(detail::FollowRequestsPage(c, owner.id, page)["items"].as_array().size());
      items += static_cast<std::int64_t>(
          notifications::detail::NotificationPage(c, owner.id, page)["items"].as_array().size());
    }));
    EXPECT_EQ(items, limit == 40 ? 20 + 40 + 20 + 40 : 4 * limit) << limit;
  }
  EXPECT_EQ(counts[0], counts[1]);
  EXPECT_EQ(counts[1], counts[2]);
  // Followers: the user as the viewer sees them (one statement: suspended?,
  // blocks, follow state) + page; following (anonymous): user + page;
  // requests: page; notifications: page + unread count.
  EXPECT_EQ(counts[0], 2 + 2 + 1 + 2);
}

LENSLET_INSTANTIATE_DB_TEST(UserListsTest);

}  // namespace
}  // namespace lenslet::api::users

// Ids that something remembers after their row is deleted are never given
// again (migration 0023, id_high_water; posts since 0024). SQLite gives
// max(rowid) + 1, so deleting the newest row handed its id to the next; the
// stores take the next id above the highest ever given, and a trigger refuses
// any other insert below it. PostgreSQL's identities never go back.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/report_store.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class IdHighWaterTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return UserStore().Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
        })
        .id;
  }
  void Delete(std::string_view table, std::int64_t id) {
    db().WriteNow(
        [&](db::Connection& c) { c.Exec("DELETE FROM " + std::string(table) + " WHERE id = $1", id); });
  }
};

TEST_P(IdHighWaterTest, EachStoreTakesAnIdAboveEveryIdGiven) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto post = db().WriteNow([&](db::Connection& c) {
    return PostStore().Insert(c, NewPost{.author = ann, .caption = "a post", .now = 1}).id;
  });
  const auto session = [&] {
    return db().WriteNow([&](db::Connection& c) {
      return SessionStore().CreateSession(c, NewSession{ann, 1, 1'000, "", ""}).id.value;
    });
  };
  const auto notification = [&] {
    return db().WriteNow([&](db::Connection& c) {
      return NotificationStore().Upsert(c, {ann, NotificationType::kFollow, bob, {}, {}, 4})->value;
    });
  };
  const auto comment = [&] {
    return db().WriteNow(
        [&](db::Connection& c) { return CommentStore().Insert(c, post, bob, "hi", 2).value; });
  };
  const auto report = [&] {
    return db().WriteNow([&](db::Connection& c) {
      return ReportStore()
          .Create(c,
                  {.reporter = bob, .target = {ReportTarget::kPost, post.value}, .reason = "spam", .now = 3})
          .id;
    });
  };
  struct Case {
    std::string_view table;
    std::function<std::int64_t()> insert;
  };
  const auto another_post = [&] {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{.author = bob, .caption = "another", .now = 5}).id.value;
    });
  };
  const std::vector<Case> cases = {{"sessions", session},
                                   {"notifications", notification},
                                   {"comments", comment},
                                   {"reports", report},
                                   {"posts", another_post}};
  for (const auto& [table, insert] : cases) {
    const auto first = insert();
    Delete(table, first);
    EXPECT_GT(insert(), first) << table;
  }
}

// Whatever else inserts (the seed, a hand-written statement) is held to it
// too: SQLite's own id would be a deleted row's, and the insert is refused.
TEST_P(IdHighWaterTest, AnInsertBelowTheHighestIdGivenIsRefused) {
  if (dialect() != db::Dialect::kSqlite) GTEST_SKIP() << "PostgreSQL's identities never go back";
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto post = db().WriteNow([&](db::Connection& c) {
    return PostStore().Insert(c, NewPost{.author = ann, .caption = "a post", .now = 1}).id;
  });
  // Each inserts one row as SQLite would number it and returns its id.
  const auto raw = [&](std::string_view table, std::function<void(db::Connection&)> insert) {
    return [this, table, insert] {
      return db().WriteNow([&](db::Connection& c) {
        insert(c);
        return c.Exec("SELECT max(id) FROM " + std::string(table)).one().Int(0);
      });
    };
  };
  const std::vector<std::pair<std::string_view, std::function<std::int64_t()>>> inserts = {
      {"sessions", raw("sessions",
                       [&](db::Connection& c) {
                         c.Exec(
                             "INSERT INTO sessions (user_id, created_at, last_seen_at, expires_at) "
                             "VALUES ($1, 1, 1, 2)",
                             ann);
                       })},
      {"notifications", raw("notifications",
                            [&](db::Connection& c) {
                              c.Exec(
                                  "INSERT INTO notifications (recipient_id, type, actor_id, is_read, "
                                  "created_at) VALUES ($1, 'follow', $2, 0, 1)",
                                  ann, bob);
                            })},
      {"comments", raw("comments",
                       [&](db::Connection& c) {
                         c.Exec(
                             "INSERT INTO comments (post_id, author_id, text, created_at) "
                             "VALUES ($1, $2, 'hi', 1)",
                             post, bob);
                       })},
      {"posts", raw("posts",
                    [&](db::Connection& c) {
                      c.Exec(
                          "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at) "
                          "VALUES ($1, '', 0, 0, 1)",
                          bob);
                    })},
      {"reports", raw("reports",
                      [&](db::Connection& c) {
                        c.Exec(
                            "INSERT INTO reports (reporter_id, target_type, target_id, reason, created_at) "
                            "VALUES ($1, 'user', $2, 'spam', 1)",
                            bob, ann);
                      })},
  };
  for (const auto& [table, run] : inserts) {
    const auto first = run();
    Delete(table, first);
    EXPECT_THROW(run(), std::exception) << table;
  }
}

LENSLET_INSTANTIATE_DB_TEST(IdHighWaterTest);

}  // namespace
}  // namespace lenslet::store

#pragma once
// What the race dbtests of follows, blocks and profile updates share
// (block_race_dbtest.cpp, profile_race_dbtest.cpp): a pool wide enough for a
// held unit, two writes and the test's polls at once, and the checks they
// make after each race.
#include <functional>
#include <string>

#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::users::testing {

// What a write answered: "" when it answered, "404" when it was not found,
// else its error.
inline std::string AnswerOf(const std::function<void()>& write) {
  try {
    write();
  } catch (const core::Error& e) {
    return e.code() == core::ErrorCode::kNotFound ? "404" : std::string("error: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
  return "";
}

class RaceTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    auto wider = options();
    wider.max_connections = 8;
    wider.worker_threads = 8;
    Reopen(wider);
  }
  bool pg() const { return dialect() == db::Dialect::kPostgres; }
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  // Users whose stored counters differ from their accepted follows.
  std::int64_t MiscountedUsers() {
    return db().ReadNow([&](db::Connection& c) {
      return c
          .Exec(
              "SELECT count(*) FROM users u WHERE u.follower_count <> (SELECT count(*) FROM follows f WHERE "
              "f.followee_id = u.id AND f.accepted = 1) OR u.following_count <> (SELECT count(*) FROM "
              "follows f WHERE f.follower_id = u.id AND f.accepted = 1)")
          .one()
          .Int(0);
    });
  }
};

}  // namespace lenslet::api::users::testing

// An SQLite instance upgraded across 0024 keeps its posts' high water: 0024
// moves it from 0022's post_ids into id_high_water, and a post id given
// before the upgrade — a deleted newest post's included — is never given
// after it.
#include <gtest/gtest.h>

#include <string>

#include "db/database.hpp"
#include "db/detail/backend.hpp"
#include "db/migrations.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

constexpr int kBeforeTheMove = 23;

// Applies the migrations up to `last` as RunMigrations would, recording them
// so that a later RunMigrations applies only the rest.
void MigrateUpTo(db::Database& db, int last) {
  db.WriteNow([&](db::Connection& c) {
    auto& backend = dynamic_cast<db::detail::BackendConnection&>(c);
    backend.ExecScript(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT "
        "NOT NULL)");
    for (const auto& m : db::Migrations(db::Dialect::kSqlite)) {
      if (m.version > last) break;
      backend.ExecScript(m.sql);
      c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, 0)", m.version,
             m.name);
    }
  });
}

TEST(IdHighWaterUpgrade, ADeletedNewestPostsIdIsNotGivenAfterTheUpgrade) {
  auto db = db::Open({.url = "sqlite::memory:"});
  MigrateUpTo(*db, kBeforeTheMove);

  // Before 0024: three posts, the newest two deleted, so post_ids remembers
  // an id that max(id) no longer shows.
  const auto [ann, deleted] = db->WriteNow([](db::Connection& c) {
    // By hand: the stores' statements follow the newest schema, not 0023's.
    const core::UserId ann{
        c.Exec("INSERT INTO users (username, email, password_hash, display_name, created_at, "
               "updated_at, role) VALUES ('ann', 'ann@example.com', 'x', 'Ann', 1, 1, 'user') "
               "RETURNING id")
            .one()
            .Int(0)};
    std::int64_t newest = 0;
    for (int i = 0; i < 3; ++i) {
      newest = c.Exec(
                    "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at) "
                    "VALUES ($1, '', 0, 0, 1) RETURNING id",
                    ann)
                   .one()
                   .Int(0);
    }
    c.Exec("DELETE FROM posts WHERE id >= $1", newest - 1);
    return std::pair{ann, newest};
  });

  db::RunMigrations(*db);
  const auto next = db->WriteNow([&](db::Connection& c) {
    return PostStore().Insert(c, NewPost{.author = ann, .caption = "after", .now = 2}).id.value;
  });
  EXPECT_EQ(next, deleted + 1);
  // post_ids is gone: posts have one high water, id_high_water's.
  EXPECT_EQ(db->ReadNow([](db::Connection& c) {
    return c.Exec("SELECT count(*) FROM sqlite_schema WHERE name = 'post_ids'").one().Int(0);
  }),
            0);
  // And any other insert is still held to it.
  db->WriteNow([&](db::Connection& c) { c.Exec("DELETE FROM posts WHERE id = $1", next); });
  EXPECT_THROW(db->WriteNow([&](db::Connection& c) {
    c.Exec(
        "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at) VALUES ($1, '', 0, 0, "
        "1)",
        ann);
  }),
               std::exception);
}

}  // namespace
}  // namespace lenslet::store

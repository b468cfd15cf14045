#include "db/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <random>
#include <string>
#include <thread>

namespace lenslet::db {
namespace {

namespace fs = std::filesystem;

class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lenslet-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path() const { return (dir_ / "lenslet.db").string(); }

  fs::path dir_;
};

// A row of about one page, so the WAL grows a page or more per commit.
std::string PageOfText(int i) { return std::string(4000, 'a' + i % 26) + std::to_string(i); }

// How the checkpoints keep the WAL bounded: detail/sqlite_checkpointer_test.cpp.
TEST_F(SqliteFileTest, WritesAreCheckpointedInTheBackground) {
  SqliteDatabase db(Path(), {});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });

  // ~3,000 rows of a page each in 3,000 commits: past the checkpoint threshold.
  constexpr int kRows = 3000;
  for (int i = 0; i < kRows; ++i) {
    db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", PageOfText(i)); });
  }
  // The commits only signal; the copies happen on the checkpointer's thread.
  for (int wait = 0; wait < 100 && db.checkpoints_completed() == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(db.checkpoints_completed(), 0u);
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), kRows);
}

TEST_F(SqliteFileTest, AReaderKeepsItsSnapshotWhileWritesAndCheckpointsGoOn) {
  SqliteDatabase db(Path(), {.worker_threads = 2});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
  db.WriteNow([](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", PageOfText(0)); });

  std::atomic<bool> reader_started{false};
  std::atomic<bool> writes_done{false};
  std::int64_t seen_before = -1;
  std::int64_t seen_after = -1;
  std::thread reader([&] {
    db.ReadNow([&](Connection& c) {
      seen_before = c.Exec("SELECT count(*) FROM t").one().Int(0);
      reader_started = true;
      while (!writes_done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      seen_after = c.Exec("SELECT count(*) FROM t").one().Int(0);
    });
  });
  while (!reader_started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Past the threshold while the reader holds the oldest snapshot: writes must
  // neither wait for it nor fail with SQLITE_BUSY.
  for (int i = 1; i <= 1500; ++i) {
    db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", PageOfText(i)); });
  }
  writes_done = true;
  reader.join();
  EXPECT_EQ(seen_before, 1);
  EXPECT_EQ(seen_after, 1);
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), 1501);
}

// Reads run where the pages are still mapped and cached: on the read-write
// connection that made the last commit (see sqlite_database.hpp).
TEST_F(SqliteFileTest, AReadAfterACommitRunsOnTheConnectionThatMadeIt) {
  SqliteDatabase db(Path(), {.worker_threads = 2});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
  for (int i = 1; i <= 3; ++i) {
    db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", std::to_string(i)); });
    EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), i);
  }
  EXPECT_EQ(db.warm_reads(), 3u);
}

// The warm connection writes too, so a Read unit there must be refused what a
// read-only reader connection refuses.
TEST_F(SqliteFileTest, AReadOnTheWarmConnectionCannotWrite) {
  SqliteDatabase db(Path(), {.worker_threads = 2});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
  EXPECT_THROW(db.ReadNow([](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", "x"); }), core::Error);
  EXPECT_EQ(db.warm_reads(), 1u);
  // ...and the connection writes again afterwards.
  db.WriteNow([](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", "y"); });
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), 1);
}

// A read that holds the warm connection (a long page, a slow client of the
// pool) must not hold up writes: they take the other read-write connection.
// Reads that come meanwhile go to the readers.
TEST_F(SqliteFileTest, WritesDoNotWaitForAReadOnTheWarmConnection) {
  SqliteDatabase db(Path(), {.worker_threads = 4});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread long_read([&] {
    db.ReadNow([&](Connection& c) {
      c.Exec("SELECT count(*) FROM t");
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(db.warm_reads(), 1u);
  auto writes = std::async(std::launch::async, [&] {
    for (int i = 1; i <= 20; ++i) {
      db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", std::to_string(i)); });
    }
    return db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); });
  });
  const bool done = writes.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  release = true;  // lets the read go even when the writes were stuck behind it
  long_read.join();
  ASSERT_TRUE(done) << "the writes waited for the read";
  EXPECT_EQ(writes.get(), 20);
  EXPECT_EQ(db.warm_reads(), 1u) << "the read during the long one went to a reader";
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), 20);
  EXPECT_EQ(db.warm_reads(), 2u);
}

std::uintmax_t WalBytes(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path + "-wal", ec);
  return ec ? 0 : size;
}

// Issue 17.6: a long reader kept every checkpoint from completing, the WAL
// grew to 1.26 GB and stayed that size on disk until restart. Once the reader
// lets go and writes pause, the WAL file must go back to zero bytes.
TEST_F(SqliteFileTest, TheWalIsTruncatedOnceTheLastReaderLetsGoAndWritesPause) {
  SqliteDatabase db(Path(), {.worker_threads = 2}, {.wal_idle_truncate = std::chrono::milliseconds(200)});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });

  // A reader of another process on an old snapshot, as a backup or a long
  // report would be.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(Path().c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM t;", nullptr, nullptr, nullptr), SQLITE_OK);
  for (int i = 0; i < 2000; ++i) {
    db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", PageOfText(i)); });
  }
  // No checkpoint could pass the reader's snapshot: ~2,000 pages in the WAL.
  EXPECT_GT(WalBytes(Path()), 4u * 1024 * 1024);
  // Still held for a few idle intervals: nothing may be cut under the reader.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_GT(WalBytes(Path()), 4u * 1024 * 1024);

  ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close_v2(reader);
  for (int wait = 0; wait < 200 && WalBytes(Path()) > 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(WalBytes(Path()), 0u);
  // Nothing was lost on the way.
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), 2000);
  db.WriteNow([&](Connection& c) { c.Exec("INSERT INTO t (v) VALUES ($1)", PageOfText(0)); });
  EXPECT_EQ(db.ReadNow([](Connection& c) { return c.Exec("SELECT count(*) FROM t").one().Int(0); }), 2001);
}

// The database and the WAL files it brings hold password hashes and messages.
TEST_F(SqliteFileTest, TheDatabaseFilesAreReadableByTheOwnerOnly) {
  SqliteDatabase db(Path(), {});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (v TEXT)"); });
  for (const std::string& file : {Path(), Path() + "-wal", Path() + "-shm"}) {
    ASSERT_TRUE(fs::exists(file)) << file;
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << file;
  }
}

TEST(SqliteMemory, HasNoCheckpointer) {
  SqliteDatabase db(":memory:", {});
  db.WriteNow([](Connection& c) { c.Exec("CREATE TABLE t (v TEXT)"); });
  EXPECT_EQ(db.checkpoints_completed(), 0u);
}

// SQLite keeps no memory statistics: with them every allocation of SQLite's
// takes a process-wide mutex (ConfigureSqliteOnce in sqlite_database.cpp).
TEST(SqliteMemory, KeepsNoMemoryStatistics) {
  SqliteDatabase db(":memory:", {});
  db.WriteNow([](Connection& c) {
    c.Exec("CREATE TABLE t (v TEXT)");
    c.Exec("INSERT INTO t (v) VALUES ($1)", std::string(10000, 'x'));
  });
  sqlite3_int64 used = -1;
  sqlite3_int64 highest = -1;
  ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highest, 0), SQLITE_OK);
  EXPECT_EQ(used, 0);
  EXPECT_EQ(highest, 0);
}

}  // namespace
}  // namespace lenslet::db

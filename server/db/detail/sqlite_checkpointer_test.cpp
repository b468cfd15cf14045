#include "db/detail/sqlite_checkpointer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/metrics.hpp"

namespace lenslet::db::detail {
namespace {

namespace fs = std::filesystem;

// The process-wide series the checkpointer counts into (the same objects, by
// name and labels).
std::uint64_t WriterCheckpointsCounted() {
  return core::metrics::Registry::Global()
      .GetCounter("lenslet_sqlite_checkpoints_total", "SQLite WAL checkpoints completed, by who ran them",
                  {{"by", "writer"}})
      .value();
}
std::uint64_t WriterStallsObserved() {
  return core::metrics::Registry::Global()
      .GetHistogram("lenslet_sqlite_writer_checkpoint_seconds",
                    "Time the writer spent checkpointing after a commit (the WAL reached its limit), holding the "
                    "write turn",
                    core::metrics::kLatencyBuckets)
      .Snapshot()
      .count;
}

// A WAL-mode database with one writer connection, the way SqliteDatabase
// sets it up, whose commits report the WAL's size in frames.
class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lenslet-checkpointer-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    ASSERT_EQ(sqlite3_open(path_.c_str(), &writer_), SQLITE_OK);
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (v TEXT NOT NULL);");
  }
  void TearDown() override {
    checkpointer_.reset();
    sqlite3_close(writer_);
    fs::remove_all(dir_);
  }

  void Start(int threshold_frames, int max_frames) {
    // No idle truncation here: these tests watch the passes alone.
    checkpointer_ = std::make_unique<SqliteCheckpointer>(path_, threshold_frames, max_frames, std::chrono::hours(1));
    sqlite3_wal_hook(writer_, &CheckpointerTest::RecordingHook, this);
  }
  // One write unit, as SqliteDatabase::RunUnit runs it.
  void InsertAboutOnePage() {
    {
      std::lock_guard lock(writer_mutex_);
      Exec("INSERT INTO t (v) VALUES (printf('%.4000c', 'x'))");
      checkpointer_->AfterCommit(writer_);
    }
    checkpointer_->AfterUnit();
  }
  void Exec(const char* sql) { ASSERT_EQ(sqlite3_exec(writer_, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql; }
  void WaitForCheckpoints(std::uint64_t n) {
    for (int i = 0; i < 200 && checkpointer_->completed() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  static int RecordingHook(void* self, sqlite3* db, const char* name, int wal_frames) {
    auto* test = static_cast<CheckpointerTest*>(self);
    test->last_wal_frames_ = wal_frames;
    test->largest_wal_frames_ = std::max(test->largest_wal_frames_, wal_frames);
    return SqliteCheckpointer::Hook(test->checkpointer_.get(), db, name, wal_frames);
  }

  fs::path dir_;
  std::string path_;
  sqlite3* writer_ = nullptr;
  std::mutex writer_mutex_;
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
  int last_wal_frames_ = 0;
  int largest_wal_frames_ = 0;
};

TEST_F(CheckpointerTest, AQuietWalIsCopiedInTheBackgroundAndRewoundByTheNextWrite) {
  Start(/*threshold_frames=*/100, /*max_frames=*/100'000);
  while (last_wal_frames_ < 100) InsertAboutOnePage();
  WaitForCheckpoints(1);
  ASSERT_EQ(checkpointer_->completed(), 1u);
  InsertAboutOnePage();
  EXPECT_LT(last_wal_frames_, 10) << "the write after a complete checkpoint starts the WAL over";
  EXPECT_EQ(checkpointer_->completed_by_writer(), 0u) << "no write ever waited for a checkpoint";
}

TEST_F(CheckpointerTest, UnderSustainedWritesTheWalStaysNearItsLimit) {
  Start(/*threshold_frames=*/100, /*max_frames=*/400);
  const auto writer_checkpoints_before = WriterCheckpointsCounted();
  const auto writer_stalls_before = WriterStallsObserved();
  // Writes back to back, never a lull: ~9,000 frames, more than 20 times the limit.
  for (int i = 0; i < 3000; ++i) InsertAboutOnePage();
  // Without the writer's own checkpoints the WAL would keep all ~9,000: on a
  // quiet machine the background passes never catch up with this loop.
  EXPECT_LT(largest_wal_frames_, 3000);
  // Whether they did catch up depends on the machine (on a loaded one each
  // insert is slow and a pass may finish between two): so the rule is
  // checked where it applies. Once the WAL reached the limit, the writer
  // copied it itself.
  if (largest_wal_frames_ >= 400) {
    EXPECT_GT(checkpointer_->completed_by_writer(), 0u);
    // What operators see of it (docs/operations.md "Metrics").
    EXPECT_GE(WriterCheckpointsCounted() - writer_checkpoints_before, checkpointer_->completed_by_writer());
    EXPECT_GE(WriterStallsObserved() - writer_stalls_before, checkpointer_->completed_by_writer());
  }
  sqlite3_stmt* count = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(writer_, "SELECT count(*) FROM t", -1, &count, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(count, 0), 3000);
  sqlite3_finalize(count);
}

TEST_F(CheckpointerTest, AnUnopenableFileIsUnavailable) {
  const std::string missing = (dir_ / "missing" / "x.db").string();
  EXPECT_THROW({ SqliteCheckpointer checkpointer(missing, 100, 400, std::chrono::hours(1)); }, core::Error);
}

}  // namespace
}  // namespace lenslet::db::detail

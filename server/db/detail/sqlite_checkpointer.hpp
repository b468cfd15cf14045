#pragma once
// Moves SQLite's WAL checkpoints off the write path.
//
// SQLite's automatic checkpoint runs inside the commit that crosses
// wal_autocheckpoint pages: that commit copies ~1,000 pages back into the
// database file and fsyncs twice (~4 ms per fsync on a virtual disk) while
// our one writer still holds the write mutex, so every write queued behind it
// (a chat message, a like) waits. At 1,000 messages/s that happened several
// times a second and was the p99 of message delivery (docs/bench-history.md
// "Evening of 2026-11-25: per-socket state, and checkpoints off the write
// path").
//
// Instead the writer's WAL hook (which replaces the automatic checkpoint)
// notes each `threshold_frames` new frames, and after the write unit has
// ended this thread runs a PASSIVE checkpoint on its own connection. A
// passive checkpoint takes neither the write lock nor a busy handler: the
// writer keeps committing while pages are copied and fsynced. The next write
// rewinds the WAL to its start when everything was copied and no reader
// still needs it.
//
// Under sustained writes a pass never quite catches up (some commit lands
// during every fsync), so the WAL would grow without end. When it reaches
// `max_frames`, the writer itself runs one checkpoint right after its commit,
// as SQLite would have: it copies only what the background passes have not
// (the last few commits), and the write after it rewinds. That stall comes
// once per `max_frames`, not once per threshold.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace lenslet::db::detail {

class SqliteCheckpointer {
 public:
  // Opens its own read-write connection to `path` (which must exist, in WAL
  // mode). Throws core::Error(kUnavailable) when it cannot.
  SqliteCheckpointer(const std::string& path, int threshold_frames, int max_frames,
                     std::chrono::milliseconds idle_truncate);
  // Runs a last checkpoint if one was asked for, then joins the thread.
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Install on the writer connection with sqlite3_wal_hook(writer, Hook, this):
  // called inside each commit with the WAL's size in frames. Never blocks.
  static int Hook(void* checkpointer, sqlite3* writer, const char* database, int wal_frames);
  // The writer calls both after each write unit that committed:
  // - still holding its write mutex: copies the WAL on `writer` when it
  //   reached max_frames (the fallback above);
  void AfterCommit(sqlite3* writer);
  // - after releasing it: starts a background pass when one is due. Not
  //   sooner: inside the unit the writer still holds the read mark of its
  //   snapshot from before the commit, and a pass would stop short of that
  //   commit's frames (an incomplete checkpoint never lets the WAL rewind).
  void AfterUnit();

  // Checkpoints run so far, and how many of them the writer ran itself
  // (tests and diagnostics).
  std::uint64_t completed() const { return completed_.load(); }
  std::uint64_t completed_by_writer() const { return by_writer_.load(); }
  // TRUNCATE checkpoints that emptied the WAL file.
  std::uint64_t truncations() const { return truncations_.load(); }

 private:
  void Run(std::stop_token stop);
  // One PASSIVE checkpoint through `statement` (a prepared wal_checkpoint
  // PRAGMA on some connection); false when it could not run.
  bool Checkpoint(sqlite3* db, sqlite3_stmt* statement);
  // One TRUNCATE checkpoint on this thread's connection; true when the WAL
  // is now empty.
  bool Truncate();

  const int threshold_frames_;
  const int max_frames_;
  const std::chrono::milliseconds idle_truncate_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* checkpoint_ = nullptr;
  sqlite3_stmt* truncate_ = nullptr;
  // Bumped by every commit that wrote to the WAL (Hook); the WAL holds frames
  // a truncation could drop.
  std::atomic<std::uint64_t> units_{0};
  std::atomic<bool> wal_dirty_{false};
  // The WAL's size at the last pass; the next pass is due `threshold_frames_`
  // later (or as soon as the WAL, rewound, holds that many again).
  std::atomic<int> frames_at_last_pass_{0};
  std::atomic<bool> pass_due_{false};
  std::atomic<bool> writer_must_copy_{false};
  // Held for each checkpoint, whoever runs it. PASSIVE checkpoints do not
  // wait for each other: without this the writer's fallback found a pass
  // running (slow on a loaded machine) and gave up, and the WAL grew to
  // 4,000-7,000 frames against a limit of 400 while the test machine was
  // busy. Now the writer waits for that pass (a few milliseconds, once per
  // max_frames) and then copies the rest.
  std::mutex checkpoint_mutex_;
  std::mutex mutex_;
  std::condition_variable_any wanted_cv_;
  bool wanted_ = false;
  std::atomic<std::uint64_t> completed_{0};
  std::atomic<std::uint64_t> by_writer_{0};
  std::atomic<std::uint64_t> truncations_{0};
  std::jthread thread_;  // last: started once everything above exists
};

}  // namespace lenslet::db::detail

#include "db/sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>

#include "db/detail/sqlite_setup.hpp"

namespace lenslet::db {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

// A busy source (a checkpoint holding its lock a moment) is waited for this
// long per call before the copy gives up.
constexpr int kBusyTimeoutMs = 10'000;

Db OpenOrThrow(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  detail::ConfigureSqliteOnce();
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

std::string QuickCheck(sqlite3* db) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &raw, nullptr) != SQLITE_OK) {
    return sqlite3_errmsg(db);
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
  std::string out;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    if (!out.empty()) out += "; ";
    out += reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    if (out.size() > 1'000) break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sqlite3_errmsg(db);
  return out;
}

long long PageSize(sqlite3* db) {
  sqlite3_stmt* raw = nullptr;
  long long size = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &raw, nullptr) == SQLITE_OK && sqlite3_step(raw) == SQLITE_ROW) {
    size = sqlite3_column_int64(raw, 0);
  }
  sqlite3_finalize(raw);
  return size;
}

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot fsync " + path + ": " + std::strerror(error));
}

std::string ParentOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

SqliteCopy CopySqliteDatabase(const std::string& source, const std::string& destination) {
  // Read-write without create: a WAL database is read through its -shm index,
  // which a read-only connection may not be able to set up; and a missing
  // file must be an error, not a new empty database.
  Db from = OpenOrThrow(source, SQLITE_OPEN_READWRITE);

  const std::string tmp = destination + ".tmp";
  ::unlink(tmp.c_str());
  {
    // 0600 before SQLite writes a byte: the copy holds password hashes.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
    ::close(fd);
  }
  SqliteCopy copy;
  try {
    Db to = OpenOrThrow(tmp, SQLITE_OPEN_READWRITE);
    // Busy or locked: a writer was checkpointing at that instant. The step is
    // retried from the start, so the copy still comes from one transaction.
    for (int attempt = 0;; ++attempt) {
      sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
      if (!backup) throw std::runtime_error(std::string("cannot start the copy: ") + sqlite3_errmsg(to.get()));
      const int step = sqlite3_backup_step(backup, -1);
      copy.pages = sqlite3_backup_pagecount(backup);
      const int finish = sqlite3_backup_finish(backup);
      if (step == SQLITE_DONE && finish == SQLITE_OK) break;
      if ((step == SQLITE_BUSY || step == SQLITE_LOCKED) && attempt < 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      throw std::runtime_error(std::string("the copy failed: ") + sqlite3_errstr(step == SQLITE_DONE ? finish : step));
    }
    // The copy keeps the source's WAL mode in its header; a backup is one
    // self-contained file, so it is written back to rollback-journal mode
    // (the server switches it to WAL again when it opens it).
    if (sqlite3_exec(to.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("cannot finish the copy: ") + sqlite3_errmsg(to.get()));
    }
    if (const auto check = QuickCheck(to.get()); check != "ok") {
      throw std::runtime_error("the copy does not pass quick_check: " + check);
    }
    copy.bytes = copy.pages * PageSize(to.get());
    to.reset();
    FsyncPath(tmp, O_RDONLY);
    if (std::rename(tmp.c_str(), destination.c_str()) != 0) {
      throw std::runtime_error("cannot rename " + tmp + ": " + std::strerror(errno));
    }
    FsyncPath(ParentOf(destination), O_RDONLY | O_DIRECTORY);
  } catch (...) {
    ::unlink(tmp.c_str());
    ::unlink((tmp + "-journal").c_str());
    throw;
  }
  return copy;
}

std::string CheckSqliteFile(const std::string& path) {
  Db db = OpenOrThrow(path, SQLITE_OPEN_READONLY);
  return QuickCheck(db.get());
}

}  // namespace lenslet::db

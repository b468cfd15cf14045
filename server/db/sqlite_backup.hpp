#pragma once
// A consistent copy of a live SQLite database (`lenslet backup`, issue 15.4).
//
// SQLite's online backup API copies every page inside ONE read transaction
// when asked for all pages in one step, so the copy is the database as of one
// instant: every unit committed before it, none after, never a torn unit. In
// WAL mode that read transaction blocks nobody — the server keeps writing
// while the pages are read. (Copying the file with cp is not a backup: the
// latest commits may still be in the -wal file, and a checkpoint may rewrite
// pages halfway through the copy.)
#include <string>

namespace lenslet::db {

struct SqliteCopy {
  long long pages = 0;
  long long bytes = 0;
};

// Copies the database at `source` (which must exist) to `destination`,
// written as a temporary file beside it, checked (PRAGMA quick_check),
// fsynced and renamed into place, 0600 from the start. Throws
// std::runtime_error with a message for people on any failure, and leaves no
// partial `destination`.
SqliteCopy CopySqliteDatabase(const std::string& source, const std::string& destination);

// PRAGMA quick_check of the file at `path`, opened read-only: "ok" or the
// first problems SQLite reports. Throws std::runtime_error when it cannot
// be opened as a database at all.
std::string CheckSqliteFile(const std::string& path);

}  // namespace lenslet::db

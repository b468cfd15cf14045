#pragma once
// A ZIP archive written with libzip, in bounded memory: each entry is a source
// that libzip reads only while the archive is written (Close), one entry at a
// time and a piece at a time — a file streamed from disk, or a blob loaded when
// its turn comes. Nothing of the archive itself is held in memory.
//
// libzip writes to "<path>.XXXXXX" beside `path` and renames it to `path` once
// complete, so `path` never names a partial archive; a failed or aborted Close
// removes the temporary (a crash leaves it: the caller sweeps "<path>.*").
// Blocking: run it on a worker pool.
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

struct zip;

namespace lenslet::api::exports::detail {

class ZipWriter {
 public:
  // Called before an entry is opened (with 0) and after each piece is read
  // (with its size). It may sleep (pacing) or throw to abort the archive:
  // Close then rethrows that exception.
  using Progress = std::function<void(std::size_t bytes)>;
  // A blob's bytes, or nullopt when it is gone.
  using Loader = std::function<std::optional<std::string>()>;

  ZipWriter(const std::filesystem::path& path, Progress progress, std::time_t mtime);
  ~ZipWriter();  // discards an archive that was not closed
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // `name` is the path inside the archive (UTF-8, "/"-separated). Photos are
  // stored as they are (`compress` false): they are compressed already.
  void AddFile(const std::string& name, const std::filesystem::path& file, bool compress);
  void AddLoaded(const std::string& name, Loader load, bool compress);

  // Writes the archive. Throws what Progress threw, or std::runtime_error.
  void Close();

 private:
  struct Entry;
  friend struct Entry;
  void Add(const std::string& name, Entry* entry, bool compress);

  zip* archive_ = nullptr;
  Progress progress_;
  std::time_t mtime_;
  std::exception_ptr failure_;  // the first exception a source caught
};

}  // namespace lenslet::api::exports::detail

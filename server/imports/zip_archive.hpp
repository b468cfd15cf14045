#pragma once
// A ZIP archive read with libzip, as untrusted input: every limit is checked
// before the bytes it guards are produced.
//
// - Entry count: read from the end-of-central-directory record (ZIP64 too)
//   before libzip builds its table, so "ten million entries" costs nothing.
// - Zip bombs: an entry is refused when its declared size is over the caller's
//   limit, or when it expands more than `max_ratio` times beyond 1 MB; the
//   archive is refused when its entries together declare more than
//   `max_ratio` times its own size (overlapping entries, the "better zip
//   bomb"); reading stops at the declared size, and a stream that is longer
//   or shorter than declared, or fails its CRC, is refused.
// - Names are only looked up, never used as paths: nothing is written under a
//   name taken from the archive.
//
// Blocking file I/O: use it on a worker pool. One thread at a time.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct zip;

namespace lenslet::imports {

struct ZipLimits {
  std::uint64_t max_entries = 200'000;
  // Uncompressed bytes one entry may declare relative to its compressed size,
  // for entries above 1 MB; and the whole archive's declared total relative
  // to its size on disk.
  std::uint64_t max_ratio = 100;
};

// The entry count the archive's end record declares (ZIP64 included), read
// without libzip. Throws Refusal "not_a_zip" when there is no such record.
std::uint64_t DeclaredEntryCount(const std::filesystem::path& path);

class ZipArchive {
 public:
  // Throws Refusal: "not_a_zip", "too_many_entries", "zip_bomb".
  ZipArchive(const std::filesystem::path& path, ZipLimits limits = {});
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Entry names by index (directories included).
  const std::vector<std::string>& names() const { return names_; }
  std::optional<std::size_t> Find(std::string_view name) const;
  std::uint64_t DeclaredSize(std::size_t index) const;

  // The whole entry in memory, at most `max_bytes`. Throws Refusal:
  // "too_large" (declared over the limit), "zip_bomb" (ratio), "damaged"
  // (lies about its size, fails its CRC, unsupported or encrypted).
  std::string Read(std::size_t index, std::uint64_t max_bytes) const;
  // The same, streamed into a new file at `to` (a name of the caller's).
  void Extract(std::size_t index, const std::filesystem::path& to, std::uint64_t max_bytes) const;

 private:
  template <typename Sink>
  void Stream(std::size_t index, std::uint64_t max_bytes, Sink&& sink) const;

  ZipLimits limits_;
  zip* archive_ = nullptr;
  std::vector<std::string> names_;
  std::vector<std::uint64_t> sizes_;
  std::vector<std::uint64_t> compressed_sizes_;
  std::vector<bool> encrypted_;
  std::unordered_map<std::string, std::size_t> by_name_;
};

}  // namespace lenslet::imports

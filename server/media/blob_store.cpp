#include "media/blob_store.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <cstring>
#include <random>
#include <system_error>
#include <utility>

#include "core/error.hpp"

namespace lenslet::media {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;

constexpr std::string_view kTempPrefix = ".tmp-";

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool IsValidExtension(std::string_view ext) {
  if (ext.empty() || ext.size() > 8) return false;
  for (char c : ext) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 15]);
  }
  return hex;
}

// A full disk or quota is the operator's to fix, not a bug: 507, so the client
// is told to try later and the log says which file system filled up.
[[noreturn]] void ThrowIo(std::string_view what, const fs::path& path, int error) {
  std::string internal = std::string(what) + " " + path.string() + ": " + std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) {
    throw Error(ErrorCode::kInsufficientStorage, "The server is out of storage space, try again later", {},
                std::move(internal));
  }
  throw Error(ErrorCode::kInternal, "Internal error", {}, std::move(internal));
}

[[noreturn]] void ThrowInvalidKey() {
  throw Error(ErrorCode::kNotFound, "Not found", {}, "invalid blob key");
}

std::string RandomSuffix() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint64_t v = rng(), i = 0; i < 16; ++i, v >>= 4) out.push_back(kDigits[v & 15]);
  return out;
}

// Unlinks the temporary file unless the write was committed (renamed).
class TempFileGuard {
 public:
  explicit TempFileGuard(fs::path path) : path_(std::move(path)) {}
  ~TempFileGuard() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  void set_fd(int fd) { fd_ = fd; }
  int release_fd() { return std::exchange(fd_, -1); }
  void Commit() { committed_ = true; }

 private:
  fs::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

bool IsValidBlobKey(std::string_view key) {
  // ab/cd/<64 hex>.<ext>
  if (key.size() < 6 + 64 + 2 || key[2] != '/' || key[5] != '/') return false;
  const std::string_view hash = key.substr(6, 64);
  for (char c : hash) {
    if (!IsHex(c)) return false;
  }
  if (key.substr(0, 2) != hash.substr(0, 2) || key.substr(3, 2) != hash.substr(2, 2)) return false;
  if (key[70] != '.') return false;
  return IsValidExtension(key.substr(71));
}

std::string NewBlobKey(std::string_view extension) {
  if (!IsValidExtension(extension)) {
    throw Error(ErrorCode::kInvalidValue, "Invalid file extension", {},
                "blob extension: " + std::string(extension));
  }
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) {
    throw Error(ErrorCode::kInternal, "Internal error", {}, "RAND_bytes failed");
  }
  const std::string hex = Hex(random, sizeof random);
  return hex.substr(0, 2) + "/" + hex.substr(2, 2) + "/" + hex + "." + std::string(extension);
}

std::string BlobStore::Put(std::string_view bytes, std::string_view extension) {
  std::string key = NewBlobKey(extension);
  PutAs(key, bytes);
  return key;
}

DiskBlobStore::DiskBlobStore(fs::path root) : root_(std::move(root)) {}

fs::path DiskBlobStore::PathOf(std::string_view key) const {
  if (!IsValidBlobKey(key)) ThrowInvalidKey();
  return root_ / fs::path(std::string(key));
}

void DiskBlobStore::PutAs(std::string_view key, std::string_view bytes) {
  if (!IsValidBlobKey(key)) {
    throw Error(ErrorCode::kInvalidValue, "Invalid key", {}, "blob key: " + std::string(key));
  }
  const fs::path final_path = PathOf(key);
  // Only complete files ever get the final name, and a key belongs to one
  // upload's bytes: a file of the right size under it is these bytes.
  std::error_code ec;
  if (fs::is_regular_file(final_path, ec) && fs::file_size(final_path, ec) == bytes.size() && !ec) return;

  const fs::path dir = final_path.parent_path();
  fs::create_directories(dir, ec);
  if (ec) ThrowIo("create_directories", dir, ec.value());

  // Unique per writer, so concurrent writes of the same key never share a file.
  fs::path temp_path;
  int fd = -1;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    temp_path = dir / (std::string(kTempPrefix) + std::string(key.substr(6, 16)) + "-" + RandomSuffix());
    fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) ThrowIo("open", temp_path, errno);
  }
  if (fd < 0) ThrowIo("open", temp_path, EEXIST);
  TempFileGuard guard(temp_path);
  guard.set_fd(fd);

  WriteAll(fd, bytes, temp_path);
  // WARNING: fsync before rename, or a crash could leave the final name
  // pointing at an empty file, which Put would then trust forever.
  if (::fsync(fd) != 0) ThrowIo("fsync", temp_path, errno);
  if (::close(guard.release_fd()) != 0) ThrowIo("close", temp_path, errno);
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) ThrowIo("rename", final_path, errno);
  guard.Commit();
  // Make the rename itself durable; failing here loses nothing already visible.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

std::optional<BlobInfo> DiskBlobStore::Stat(std::string_view key) const {
  if (!IsValidBlobKey(key)) return std::nullopt;
  struct stat info {};
  const fs::path path = PathOf(key);
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowIo("stat", path, errno);
  }
  if (!S_ISREG(info.st_mode)) return std::nullopt;
  return BlobInfo{.size = static_cast<std::uint64_t>(info.st_size),
                  .etag = std::to_string(info.st_size) + "-" + std::to_string(info.st_mtim.tv_sec)};
}

void DiskBlobStore::Delete(std::string_view key) {
  const fs::path path = PathOf(key);
  if (::unlink(path.c_str()) == 0 || errno == ENOENT || errno == ENOTDIR) return;
  ThrowIo("unlink", path, errno);
}

namespace {

// The bytes [first, first + count) of the file, or nullopt if it is missing.
std::optional<std::string> ReadFile(const fs::path& path, std::uint64_t first, std::uint64_t count) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowIo("open", path, errno);
  }
  std::string out;
  char buffer[64 * 1024];
  auto offset = static_cast<off_t>(first);
  while (out.size() < count) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buffer, count - out.size()));
    const ssize_t n = ::pread(fd, buffer, want, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ThrowIo("read", path, error);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  ::close(fd);
  return out;
}

// The names in `folder` that sort after the matching part of `after`, sorted.
std::vector<std::string> SortedNames(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::optional<std::string> DiskBlobStore::Read(std::string_view key) const {
  return ReadFile(PathOf(key), 0, std::numeric_limits<std::uint64_t>::max());
}

std::optional<std::string> DiskBlobStore::ReadRange(std::string_view key, std::uint64_t first,
                                                    std::uint64_t last) const {
  if (last < first) return std::string();
  return ReadFile(PathOf(key), first, last - first + 1);
}

std::vector<std::string> DiskBlobStore::KeysAfter(std::string_view after, int limit) const {
  // The layout is ab/cd/<hash>.<ext>: walking the two folder levels in
  // sorted order lists keys in key order, skipping whole folders before `after`.
  std::vector<std::string> keys;
  const std::string top_after(after.substr(0, std::min<std::size_t>(2, after.size())));
  for (const auto& top : SortedNames(root_)) {
    if (top < top_after || top.size() != 2) continue;
    const std::string mid_after = after.size() >= 5 && top == after.substr(0, 2) ? std::string(after.substr(3, 2)) : "";
    for (const auto& mid : SortedNames(root_ / top)) {
      if (mid < mid_after || mid.size() != 2) continue;
      for (const auto& name : SortedNames(root_ / top / mid)) {
        std::string key = top + "/" + mid + "/" + name;
        if (key <= after || !IsValidBlobKey(key)) continue;
        keys.push_back(std::move(key));
        if (static_cast<int>(keys.size()) >= limit) return keys;
      }
    }
  }
  return keys;
}

std::size_t DiskBlobStore::RemoveStaleTemporaries(fs::file_time_type::duration min_age) {
  std::size_t removed = 0;
  std::error_code ec;
  if (!fs::exists(root_, ec)) return 0;
  const auto cutoff = fs::file_time_type::clock::now() - min_age;
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (!it->path().filename().string().starts_with(kTempPrefix)) continue;
    if (it->last_write_time(ec) > cutoff || ec) continue;
    if (fs::remove(it->path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace lenslet::media

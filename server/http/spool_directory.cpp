#include "http/spool_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

namespace lenslet::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLockSuffix = ".lock";
constexpr std::string_view kInstancePrefix = "instance-";
constexpr auto kLegacyMinAge = std::chrono::hours(1);

std::string RandomInstanceName() {
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name(kInstancePrefix);
  for (int i = 0; i < 4; ++i) {
    auto bits = device();
    for (int j = 0; j < 8; ++j, bits >>= 4) name += kHex[bits & 15];
  }
  return name;
}

// True when `lock` is a lock file nobody holds any more: its process is gone.
// The lock is held (fd returned through `fd`) while the caller cleans up, so a
// second sweeper cannot race it.
bool TakeAbandonedLock(const fs::path& lock, int& fd) {
  fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;  // gone already: another sweeper did it
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  ::close(fd);
  fd = -1;
  return false;
}

}  // namespace

SpoolDirectory::SpoolDirectory(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) throw std::runtime_error("cannot create the upload spool folder " + root_.string() + ": " + ec.message());
  // The lock first, then the folder: a sweeper treats a folder without a lock
  // file as abandoned, and never takes a lock a live process holds.
  const std::string name = RandomInstanceName();
  lock_path_ = root_ / (name + std::string(kLockSuffix));
  lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    throw std::runtime_error("cannot lock " + lock_path_.string() + ": " + std::strerror(errno));
  }
  path_ = root_ / name;
  fs::create_directory(path_, ec);
  if (ec) throw std::runtime_error("cannot create " + path_.string() + ": " + ec.message());
  Sweep();
}

SpoolDirectory::~SpoolDirectory() {
  std::error_code ec;
  fs::remove_all(path_, ec);
  ::unlink(lock_path_.c_str());
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::size_t SpoolDirectory::Sweep() const {
  std::size_t removed = 0;
  std::error_code ec;
  const auto legacy_cutoff = fs::file_time_type::clock::now() - kLegacyMinAge;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    std::error_code entry_ec;
    const auto& p = entry.path();
    const std::string name = p.filename().string();
    if (p == path_ || p == lock_path_) continue;
    if (entry.is_directory(entry_ec)) {
      // A folder whose lock file is gone was being removed by a sweeper, or
      // is left over from a crash in the middle of that: nobody uses it.
      if (!name.starts_with(kInstancePrefix)) continue;
      if (!fs::exists(root_ / (name + std::string(kLockSuffix)), entry_ec)) {
        removed += static_cast<std::size_t>(fs::remove_all(p, entry_ec) > 0);
      }
      continue;
    }
    if (name.starts_with(kInstancePrefix) && name.ends_with(kLockSuffix)) {
      int fd = -1;
      if (!TakeAbandonedLock(p, fd)) continue;
      const auto folder = root_ / name.substr(0, name.size() - kLockSuffix.size());
      removed += static_cast<std::size_t>(fs::remove_all(folder, entry_ec) > 0);
      ::unlink(p.c_str());  // while holding the lock: nobody re-takes it meanwhile
      ::close(fd);
      ++removed;
      continue;
    }
    // Spool files of versions before per-instance folders.
    if (entry.is_regular_file(entry_ec) && entry.last_write_time(entry_ec) < legacy_cutoff && !entry_ec) {
      removed += static_cast<std::size_t>(fs::remove(p, entry_ec));
    }
  }
  return removed;
}

}  // namespace lenslet::http

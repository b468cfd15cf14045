#include "app/durable_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lenslet::app {
namespace {

namespace fs = std::filesystem;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close() may carry (NFS, quota).
  int Close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

[[noreturn]] void Fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

void MakeFolders(const fs::path& folder) {
  if (folder.empty() || fs::is_directory(folder)) return;
  MakeFolders(folder.parent_path());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) Fail("cannot create", folder);
}

}  // namespace

void DurableCopier::Copy(const fs::path& from, const fs::path& to) {
  MakeFolders(to.parent_path());
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) Fail("cannot open", from);
  const fs::path tmp = to.string() + ".tmp";
  ::unlink(tmp.c_str());
  Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (out.get() < 0) Fail("cannot create", tmp);
  try {
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) Fail("cannot read", from);
      if (n == 0) break;
      for (ssize_t done = 0; done < n;) {
        const ssize_t w = ::write(out.get(), buffer + done, static_cast<std::size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) Fail("cannot write", tmp);
        done += w;
      }
    }
    if (::fsync(out.get()) != 0) Fail("cannot fsync", tmp);
    if (out.Close() != 0) Fail("cannot close", tmp);
    if (std::rename(tmp.c_str(), to.c_str()) != 0) Fail("cannot rename", tmp);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  folders_.insert(to.parent_path());
}

void DurableCopier::SyncFolders() {
  for (const auto& folder : folders_) {
    Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) Fail("cannot open", folder);
    if (::fsync(dir.get()) != 0) Fail("cannot fsync", folder);
  }
  folders_.clear();
}

void DurableCopier::SyncFolders(const fs::path& folder) {
  folders_.insert(folder);
  SyncFolders();
}

std::size_t RemoveTemporaries(const fs::path& root) {
  if (!fs::is_directory(root)) return 0;
  std::vector<fs::path> leftovers;  // not removed while the walk is under way
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".tmp") leftovers.push_back(entry.path());
  }
  std::size_t removed = 0;
  for (const auto& path : leftovers) {
    std::error_code ignored;
    if (fs::remove(path, ignored)) ++removed;
  }
  return removed;
}

}  // namespace lenslet::app

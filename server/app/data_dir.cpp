#include "app/data_dir.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace lenslet::app {

void EnsurePrivateDataDir(const std::string& dir) {
  const std::filesystem::path path(dir);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      spdlog::warn("data folder {} is readable by other users (mode {:o}); chmod 700 it", dir,
                   st.st_mode & 07777);
    }
    return;
  }
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  // mkdir's mode, not a chmod afterwards: the folder is never open to others,
  // not even for an instant. (The umask can only remove bits from 0700.)
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create the data folder " + dir + ": " + std::strerror(errno));
  }
}

}  // namespace lenslet::app

#pragma once
// Where one server process spools uploads: <root>/<instance>/, beside a lock
// file <root>/<instance>.lock that the process holds (flock) for its whole
// life. Several instances may share a data folder (and so <root>), and an
// instance killed mid-upload leaves its spool files behind: a lock that can be
// taken belongs to a process that is gone, so its folder is garbage whatever
// its age, and a live instance's folder is never touched (issue 17.6).
//
// Created at start-up (which sweeps what crashed instances left) and swept
// again periodically by the server (Sweep), so one crashed sibling does not
// wait for the next restart to get its disk space back. Files the running
// process spools are deleted by their request (http::UploadedForm).
//
// Files left directly in <root> by versions before per-instance folders are
// removed once older than an hour, since such a version may still be running
// beside this one during an upgrade.
#include <chrono>
#include <cstddef>
#include <filesystem>

namespace lenslet::http {

class SpoolDirectory {
 public:
  // Creates <root> and this instance's folder, takes its lock, then sweeps.
  // Throws std::runtime_error with a clear message when it cannot.
  explicit SpoolDirectory(std::filesystem::path root);
  // Removes this instance's folder and lock (a clean shutdown leaves nothing).
  ~SpoolDirectory();
  SpoolDirectory(const SpoolDirectory&) = delete;
  SpoolDirectory& operator=(const SpoolDirectory&) = delete;

  // This instance's folder: UploadOptions::spool_dir.
  const std::filesystem::path& path() const { return path_; }

  // Removes the folders of instances that are gone and legacy loose files;
  // returns how many files and folders went. Never throws; blocking file
  // system work, so run it off the network threads.
  std::size_t Sweep() const;

 private:
  std::filesystem::path root_;
  std::filesystem::path path_;
  std::filesystem::path lock_path_;
  int lock_fd_ = -1;
};

}  // namespace lenslet::http

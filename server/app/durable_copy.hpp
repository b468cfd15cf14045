#pragma once
// File copies that survive a crash of the copier or the machine: written to a
// temporary name beside the destination, fsynced, renamed into place. Used by
// backup and restore (app/backup.hpp).
#include <filesystem>
#include <set>

namespace lenslet::app {

class DurableCopier {
 public:
  // Copies `from` to `to` (mode 0600, parents created 0700). Throws
  // std::runtime_error with the path and the reason.
  void Copy(const std::filesystem::path& from, const std::filesystem::path& to);
  // fsyncs every folder a Copy renamed into, so the renames themselves are
  // durable. Call once at the end.
  void SyncFolders();
  // fsyncs one folder (after a rename of the caller's own).
  void SyncFolders(const std::filesystem::path& folder);

 private:
  std::set<std::filesystem::path> folders_;
};

// Removes `*.tmp` files a crashed copier left under `root`. Returns how many.
std::size_t RemoveTemporaries(const std::filesystem::path& root);

}  // namespace lenslet::app

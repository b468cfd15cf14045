#pragma once
// Where Instagram archives wait (<data-dir>/imports) and how large one may be
// (--import-max-bytes). Set once by app/ at start-up, before the routes are
// declared and any request or job runs; read-only afterwards. Kept beside
// the imports rather than in api::Services so the feature stays in its folder.
#include <cstdint>
#include <filesystem>
#include <string>

namespace lenslet::api::imports {

struct ImportSettings {
  std::filesystem::path dir;  // empty: imports are not served (the upload answers 500)
  std::uint64_t max_bytes = 2ull << 30;
  // Names the data folder (random, kept in dir/folder-id): instances that
  // share the folder share it, and only they may run its imports.
  std::string folder_id;
};

// Reads <dir>/folder-id, creating it (random) the first time.
std::string LoadOrCreateFolderId(const std::filesystem::path& dir);

void ConfigureImports(ImportSettings settings);
const ImportSettings& Settings();

}  // namespace lenslet::api::imports

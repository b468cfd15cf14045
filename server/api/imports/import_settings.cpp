#include "api/imports/import_settings.hpp"

#include <fstream>
#include <random>
#include <sstream>

namespace lenslet::api::imports {
namespace {

ImportSettings& Current() {
  static ImportSettings settings;
  return settings;
}

}  // namespace

void ConfigureImports(ImportSettings settings) { Current() = std::move(settings); }

const ImportSettings& Settings() { return Current(); }

std::string LoadOrCreateFolderId(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto path = dir / "folder-id";
  {
    std::ifstream in(path);
    std::string id;
    if (in >> id && !id.empty()) return id;
  }
  std::random_device random;
  std::ostringstream id;
  id << std::hex << random() << random() << random() << random();
  // Two instances starting at once on a new folder: the first file written wins.
  const auto temporary = dir / ("folder-id." + id.str());
  std::ofstream(temporary) << id.str() << "\n";
  std::error_code ec;
  std::filesystem::create_hard_link(temporary, path, ec);
  std::filesystem::remove(temporary, ec);
  std::ifstream in(path);
  std::string kept;
  in >> kept;
  return kept.empty() ? id.str() : kept;
}

}  // namespace lenslet::api::imports

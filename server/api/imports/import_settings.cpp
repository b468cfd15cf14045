#include "api/imports/import_settings.hpp"

namespace lenslet::api::imports {
namespace {

ImportSettings& Current() {
  static ImportSettings settings;
  return settings;
}

}  // namespace

void ConfigureImports(ImportSettings settings) { Current() = std::move(settings); }

const ImportSettings& Settings() { return Current(); }

}  // namespace lenslet::api::imports

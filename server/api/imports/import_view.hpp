#pragma once
// The wire shape of an import (docs/openapi.yaml `Import`): its counters, and
// with `problems` the final report. The `import:progress` socket event carries
// the same object without the report.
#include <boost/json/object.hpp>
#include <optional>
#include <vector>

#include "store/import_store.hpp"

namespace lenslet::api::imports {

boost::json::object ImportView(const store::ImportRow& row,
                               const std::optional<std::vector<store::ImportProblemRow>>& problems);

}  // namespace lenslet::api::imports

#include "api/imports/import_view.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"

namespace lenslet::api::imports {

boost::json::object ImportView(const store::ImportRow& row,
                               const std::optional<std::vector<store::ImportProblemRow>>& problems) {
  const auto& n = row.counts;
  boost::json::object out{
      {"id", std::to_string(row.id)},
      {"source", row.source},
      {"status", row.status},
      {"total", n.total},
      {"done", n.done},
      {"skipped", n.skipped},
      {"failed", n.failed},
      {"alreadyImported", n.already_imported},
      {"photos", n.photos},
      {"videosSkipped", n.videos_skipped},
      {"createdAt", core::ToIso8601(row.created_at)},
      {"finishedAt", row.finished_at ? boost::json::value(core::ToIso8601(*row.finished_at)) : nullptr},
  };
  if (row.error_reason) {
    out["error"] = {{"reason", *row.error_reason}, {"message", row.error_message.value_or("")}};
  } else {
    out["error"] = nullptr;
  }
  if (problems) {
    boost::json::array items;
    for (const auto& p : *problems) {
      items.push_back({{"post", p.item},
                       {"photo", p.media ? boost::json::value(*p.media) : nullptr},
                       {"uri", p.uri},
                       {"outcome", p.outcome},
                       {"reason", p.reason},
                       {"message", p.message}});
    }
    out["problems"] = std::move(items);
    out["problemCount"] = row.problem_count;
  }
  return out;
}

}  // namespace lenslet::api::imports

#include "api/exports/exports.hpp"
#include "core/time.hpp"

namespace lenslet::api::exports {

boost::json::object ExportState(const std::optional<store::ExportRow>& row) {
  if (!row || row->status == store::ExportStatus::kExpired) return {{"status", "none"}};
  boost::json::object out{{"status", store::ToString(row->status)},
                          {"requestedAt", core::ToIso8601(row->created_at)}};
  if (row->status == store::ExportStatus::kReady) {
    out["url"] = "/api/v1/exports/" + row->id.ToString() + "/archive";
    if (row->size_bytes) out["sizeBytes"] = *row->size_bytes;
    if (row->expires_at) out["expiresAt"] = core::ToIso8601(*row->expires_at);
  }
  return out;
}

}  // namespace lenslet::api::exports

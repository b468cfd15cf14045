#pragma once
// "Download your information" (issue 14.7; API.md "Accounts for real life"):
// asking for an export, its state, and the archive itself. The archive is
// built in the background (export_worker.hpp) from export_archive.hpp.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action RequestExport;    // POST /users/me/export
Action GetExport;        // GET  /users/me/export
Action DownloadExport;   // GET  /exports/{id}/archive (owner only)

// The state object both /users/me/export answers carry: {status:"none"} when
// the user never asked or the last archive expired; {status, requestedAt}
// plus, when ready, {url, sizeBytes, expiresAt}.
boost::json::object ExportState(const std::optional<store::ExportRow>& row);

}  // namespace lenslet::api::exports

#pragma once
// Instagram import (issue 14.8; API.md "Accounts for real life"):
//
//   POST /imports/instagram (multipart `archive`) → 202 {import: {id, status}}
//   GET  /imports/{id}      → {id, status, total, done, skipped, failed, …report} (owner only, else 404)
//   GET  /imports           → the caller's imports, newest first
//
// The upload only stores the archive and queues the job; the import itself is
// the background job of import_job.hpp, driven by app/import_worker.hpp.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::imports {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action StartInstagramImport;  // POST /imports/instagram (multipart upload)
Action GetImport;             // GET  /imports/{id}
Action ListImports;           // GET  /imports

}  // namespace lenslet::api::imports

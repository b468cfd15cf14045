#pragma once
// The "your export is ready" mail (issue 14.7): queued in the mail outbox
// (mail/outbox.hpp) in the unit that marks the export ready, so the mail goes
// out if and only if the archive is there.
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

void QueueExportReadyMail(db::Connection& c, core::UserId user, store::ExportId id, core::Millis expires_at);

}  // namespace lenslet::api::exports

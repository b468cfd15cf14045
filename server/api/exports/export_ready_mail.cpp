#include "api/exports/export_ready_mail.hpp"

namespace lenslet::api::exports {

// The mail outbox (issue 14.1) is built on the `mail` branch; until it is
// merged here there is nowhere to queue the mail, and the web app's polling
// tells the user instead.
void QueueExportReadyMail(db::Connection&, core::UserId, store::ExportId, core::Millis) {}

}  // namespace lenslet::api::exports

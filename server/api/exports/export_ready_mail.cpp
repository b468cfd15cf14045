#include "api/exports/export_ready_mail.hpp"

#include "mail/outbox.hpp"
#include "store/export_data_store.hpp"

namespace lenslet::api::exports {

void QueueExportReadyMail(db::Connection& c, core::UserId user, store::ExportId, core::Millis expires_at) {
  const auto profile = store::ExportDataStore().Profile(c, user);
  if (!profile) return;  // the account is gone: nobody to tell
  // The link is to Settings, where the download is (a signed-in page): the
  // mail carries no capability of its own.
  mail::Enqueue(c, profile->email, mail::Template::kExportReady,
                {{"username", profile->username},
                 {"path", "/settings#settings-data-export"},
                 {"expiresAt", core::ToIso8601(expires_at)}},
                core::NowMillis());
}

}  // namespace lenslet::api::exports

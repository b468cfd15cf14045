#pragma once
// The outbox: mail to send, written in the same write unit as what caused it
// (a sign-up, a reset request, a finished export), so the mail exists exactly
// when the change does. MailWorker (mail_worker.hpp) sends it later, retrying
// until the SMTP server takes it; a restart or an outage delays mail, loses none.
//
//   co_await db.Write([&](db::Connection& c) {
//     ...the change...
//     mail::Enqueue(c, user.email, mail::Template::kExportReady,
//                   {{"username", user.username}, {"path", "/settings/export"}, {"expiresAt", iso}}, now);
//   });
//
// Fields may hold a secret (a token inside "path"): the row lives only until
// the mail is sent, and no log line ever prints fields.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "db/database.hpp"
#include "mail/templates.hpp"

namespace lenslet::mail {

// Queues one mail inside the caller's write unit; it goes out after the unit
// commits (within the worker's poll interval), never if the unit rolls back.
void Enqueue(db::Connection& c, std::string_view to, Template t, const Fields& fields, core::Millis now);

// A claimed row, as the worker sends it.
struct OutboxRow {
  std::int64_t id = 0;
  std::string to;
  std::string template_name;
  Fields fields;
  core::Millis created_at = 0;
  int attempts = 0;              // including this one
  core::Millis claimed_until = 0;  // the lease: only its holder may finish the row
};

class OutboxStore {
 public:
  void Insert(db::Connection& c, std::string_view to, Template t, const Fields& fields, core::Millis now) const;
  // Whether any row is due (cheap, read-only: the worker asks before it claims).
  bool AnyDue(db::Connection& c, core::Millis now) const;
  // Claims up to `limit` due rows until `lease_until`: no other worker (of
  // this or another instance) gets them before then. Counts the attempt.
  std::vector<OutboxRow> Claim(db::Connection& c, core::Millis now, core::Millis lease_until, int limit) const;
  // Sent (or given up): the row goes, with any secret its fields held. False
  // when the lease was lost (another worker holds the row now).
  bool Remove(db::Connection& c, std::int64_t id, core::Millis claimed_until) const;
  // Not sent: try again at `next_attempt_at`.
  bool Reschedule(db::Connection& c, std::int64_t id, core::Millis claimed_until, core::Millis next_attempt_at,
                  std::string_view error) const;
  // For tests and operations: how many rows wait.
  std::int64_t Count(db::Connection& c) const;
};

}  // namespace lenslet::mail

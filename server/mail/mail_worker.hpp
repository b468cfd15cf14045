#pragma once
// Sends the outbox (outbox.hpp). A timer on the control loop asks the
// database every `poll_interval` whether a mail is due; if so it claims one
// row at a time under a lease, sends it on the mail pool (curl blocks), then
// deletes it, or reschedules it with exponential back-off. Several instances
// on one PostgreSQL share the outbox: the lease keeps a row with one of them.
// A crash while sending leaves the row claimed; it is sent again once the
// lease runs out (at least once: a mail may rarely arrive twice, with the same
// Message-ID; never not at all, unless the server refuses it for good).
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "core/time.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "mail/outbox.hpp"
#include "mail/sender.hpp"

namespace lenslet::mail {

struct WorkerOptions {
  std::string from;                  // --mail-from
  std::string from_name = "Lenslet";
  std::string base_url;              // links: --public-url, without a trailing slash
  std::chrono::milliseconds poll_interval{1'000};
  std::chrono::milliseconds first_retry{30'000};  // then doubled per attempt
  std::chrono::milliseconds max_retry{60 * 60'000};
  int max_attempts = 60;  // with the defaults about two and a half days
  // Longer than one send may take (curl's timeouts), so a live worker never
  // loses its lease mid-send.
  std::chrono::milliseconds lease{5 * 60'000};
  int batch = 20;  // mails per turn at most
};

// The delay before attempt `attempts + 1`, after `attempts` failed ones.
core::Millis RetryDelay(const WorkerOptions& options, int attempts);

class MailWorker {
 public:
  MailWorker(db::Database& db, core::WorkerPool& pool, Sender& sender, WorkerOptions options);

  // Runs until the executor stops; skips its turns until `ready` (migrated).
  boost::asio::awaitable<void> Run(const std::atomic<bool>& ready);
  // One turn: claims what is due and sends it. Returns how many were sent.
  boost::asio::awaitable<std::size_t> RunOnce();

  // The message a row becomes (exposed for tests).
  Message Compose(const OutboxRow& row, core::Millis now) const;

 private:
  db::Database& db_;
  core::WorkerPool& pool_;
  Sender& sender_;
  WorkerOptions options_;
  OutboxStore outbox_;
};

}  // namespace lenslet::mail

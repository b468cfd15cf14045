#include "mail/mail_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/statement_unit.hpp"

namespace lenslet::mail {

core::Millis RetryDelay(const WorkerOptions& options, int attempts) {
  core::Millis delay = options.first_retry.count();
  const core::Millis cap = options.max_retry.count();
  for (int i = 1; i < attempts && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

MailWorker::MailWorker(db::Database& db, core::WorkerPool& pool, Sender& sender, WorkerOptions options)
    : db_(db), pool_(pool), sender_(sender), options_(std::move(options)) {}

Message MailWorker::Compose(const OutboxRow& row, core::Millis now) const {
  Message message;
  message.from = options_.from;
  message.from_name = options_.from_name;
  message.to = row.to;
  // Stable across retries: a mail delivered twice after a crash is recognisably one.
  message.message_id = "lenslet." + std::to_string(row.id) + "." + std::to_string(row.created_at) + "@" +
                       std::string(DomainOf(options_.from));
  message.date = now;
  const auto t = ParseTemplate(row.template_name);
  // A template this binary does not know (written by a newer version): an
  // older instance leaves it alone by failing it softly; see RunOnce.
  if (!t) throw SendError("unknown template " + row.template_name, false);
  Content content = RenderTemplate(*t, row.fields, options_.base_url);
  message.subject = std::move(content.subject);
  message.text = std::move(content.text);
  message.html = std::move(content.html);
  return message;
}

boost::asio::awaitable<std::size_t> MailWorker::RunOnce() {
  // Every poll_interval on every instance: one SELECT in autocommit (issue 16).
  const bool due = co_await db::ReadStatement(
      db_, [&](db::Connection& c) { return outbox_.AnyDue(c, core::NowMillis()); });
  if (!due) co_return 0;
  std::size_t sent = 0;
  // One row per claim: a lease then covers a single send (curl's timeout),
  // however slow the server is, and a failing server stops the turn early.
  for (int turn = 0; turn < options_.batch; ++turn) {
    const core::Millis now = core::NowMillis();
    const auto rows = co_await db_.Write(
        [&](db::Connection& c) { return outbox_.Claim(c, now, now + options_.lease.count(), 1); });
    if (rows.empty()) break;
    const OutboxRow& row = rows.front();
    std::string error;
    bool permanent = false;
    try {
      co_await pool_.Run([&] { sender_.Send(Compose(row, core::NowMillis())); });
    } catch (const SendError& e) {
      error = e.what();
      permanent = e.permanent();
    } catch (const std::exception& e) {
      error = e.what();
    }
    // Never the fields or the rendered text in a log line: they may hold a token.
    if (error.empty()) {
      co_await db_.Write([&](db::Connection& c) { return outbox_.Remove(c, row.id, row.claimed_until); });
      spdlog::info("mail {} ({}) sent after {} attempt(s)", row.id, row.template_name, row.attempts);
      ++sent;
      continue;
    }
    if (permanent || row.attempts >= options_.max_attempts) {
      co_await db_.Write([&](db::Connection& c) { return outbox_.Remove(c, row.id, row.claimed_until); });
      spdlog::error("mail {} ({}) given up after {} attempt(s): {}", row.id, row.template_name, row.attempts,
                    error);
      continue;
    }
    const core::Millis delay = RetryDelay(options_, row.attempts);
    const core::Millis next = core::NowMillis() + delay;
    co_await db_.Write(
        [&](db::Connection& c) { return outbox_.Reschedule(c, row.id, row.claimed_until, next, error); });
    spdlog::warn("mail {} ({}) not sent (attempt {}), next attempt in {} ms: {}", row.id, row.template_name,
                 row.attempts, delay, error);
    break;  // the server is likely down: the other mails wait for the next turn
  }
  co_return sent;
}

boost::asio::awaitable<void> MailWorker::Run(const std::atomic<bool>& ready) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  for (;;) {
    timer.expires_after(options_.poll_interval);
    co_await timer.async_wait(boost::asio::use_awaitable);
    if (!ready.load(std::memory_order_acquire)) continue;
    try {
      co_await RunOnce();
    } catch (const std::exception& e) {
      // The database away, the pool full: the next turn tries again.
      spdlog::warn("mail worker: {}", e.what());
    }
  }
}

}  // namespace lenslet::mail

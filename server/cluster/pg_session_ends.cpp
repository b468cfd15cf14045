#include "cluster/pg_session_ends.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>
#include <memory>
#include <string_view>

namespace lenslet::cluster {
namespace {

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

bool RunCommand(PGconn* conn, const char* sql) {
  const ResultPtr result(PQexec(conn, sql));
  return result && PQresultStatus(result.get()) == PGRES_COMMAND_OK;
}

std::string Why(PGconn* conn) {
  std::string why = conn ? PQerrorMessage(conn) : "out of memory";
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return why;
}

// A payload is a session id in decimal (migration 0021); anything else is
// not ours and is ignored.
std::optional<core::SessionId> ParseSession(std::string_view payload) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(payload.data(), payload.data() + payload.size(), id);
  if (ec != std::errc() || end != payload.data() + payload.size() || id <= 0) return std::nullopt;
  return core::SessionId(id);
}

}  // namespace

PgSessionEnds::PgSessionEnds(PgSessionEndsOptions options)
    : options_(std::move(options)), clock_(auth::OrSystemClock(options_.clock)) {}

PgSessionEnds::~PgSessionEnds() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void PgSessionEnds::Start(EndedFn ended, ListeningFn listening) {
  ended_ = std::move(ended);
  listening_ = std::move(listening);
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

std::optional<core::Millis> PgSessionEnds::ListeningSince() const {
  std::lock_guard lock(mutex_);
  return since_;
}

void PgSessionEnds::SetSince(std::optional<core::Millis> since) {
  std::lock_guard lock(mutex_);
  since_ = since;
}

void PgSessionEnds::Run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    ListenOnce(stop);
    SetSince(std::nullopt);
    // Sleep in small steps so a shutdown does not wait for the retry.
    const auto until = std::chrono::steady_clock::now() + options_.retry_after;
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void PgSessionEnds::ListenOnce(const std::stop_token& stop) {
  // Keepalives and a user timeout so a silently dead link is noticed within
  // seconds, not the kernel's two hours: until then nothing would be heard.
  const char* const keywords[] = {"connect_timeout", "application_name", "keepalives", "keepalives_idle",
                                  "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname",
                                  nullptr};
  const char* const values[] = {"10", "lenslet-session-ends", "1", "5", "2", "3", "10000",
                                options_.url.c_str(), nullptr};
  const ConnPtr conn(PQconnectdbParams(keywords, values, 1));
  const std::string listen = std::string("LISTEN ") + kSessionEndChannel;
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK || !RunCommand(conn.get(), listen.c_str())) {
    if (!warned_.exchange(true)) {
      spdlog::warn("logins ended by other instances: cannot listen on PostgreSQL ({}); each login is "
                   "checked with the database every 2 s until it can",
                   Why(conn.get()));
    }
    return;
  }
  // LISTEN is in force: every login ended from here on is announced. What
  // was cached before may have missed one, so it goes.
  SetSince(clock_());
  if (listening_) listening_();
  if (warned_.exchange(false)) spdlog::info("logins ended by other instances: listening on PostgreSQL again");

  auto next_ping = std::chrono::steady_clock::now() + options_.ping_every;
  std::vector<core::SessionId> ended;
  while (!stop.stop_requested()) {
    pollfd fd{PQsocket(conn.get()), POLLIN, 0};
    if (fd.fd < 0) break;
    const int ready = poll(&fd, 1, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0 && PQconsumeInput(conn.get()) == 0) break;
    if (std::chrono::steady_clock::now() >= next_ping) {
      // Notifications that arrive during the ping are queued for PQnotifies.
      const ResultPtr ping(PQexec(conn.get(), "SELECT 1"));
      if (!ping || PQresultStatus(ping.get()) != PGRES_TUPLES_OK) break;
      next_ping = std::chrono::steady_clock::now() + options_.ping_every;
    }
    ended.clear();
    while (PGnotify* note = PQnotifies(conn.get())) {
      if (const auto session = ParseSession(note->extra)) ended.push_back(*session);
      PQfreemem(note);
    }
    if (!ended.empty() && ended_) ended_(ended);
    if (PQstatus(conn.get()) != CONNECTION_OK) break;
  }
  if (!stop.stop_requested()) {
    warned_ = true;
    spdlog::warn("logins ended by other instances: lost the PostgreSQL connection that listens ({}); each "
                 "login is checked with the database every 2 s until it is back",
                 Why(conn.get()));
  }
}

}  // namespace lenslet::cluster

#pragma once
// Logins ended by any process on a PostgreSQL database, heard as they end
// (issue 16): one dedicated libpq connection LISTENs on lenslet_session_ended,
// which migration 0021's triggers NOTIFY with the session's id when a login
// is revoked or deleted, at the ending transaction's commit. Used without
// Redis (with it, the revocation list does this job): the auth service's
// session cache then keeps "active" answers for minutes instead of 2 s, and a
// request no longer reads the sessions table.
//
// Its own thread, not the network's: connecting and waiting on the socket
// block. While the connection is down nothing is promised (ListeningSince is
// nullopt, the cache falls back to its short ttl); once LISTEN is in force
// again the cache is cleared, since an announcement may have been missed.
// A connection that dies silently is found by TCP keepalives and a ping
// every `ping_every`.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auth/clock.hpp"
#include "auth/session_end_feed.hpp"
#include "core/ids.hpp"

namespace lenslet::cluster {

inline constexpr const char* kSessionEndChannel = "lenslet_session_ended";

struct PgSessionEndsOptions {
  std::string url;
  auth::Clock clock;  // the auth service's
  std::chrono::milliseconds retry_after{1'000};
  std::chrono::milliseconds ping_every{5'000};
};

class PgSessionEnds final : public auth::SessionEndFeed {
 public:
  using EndedFn = std::function<void(const std::vector<core::SessionId>&)>;
  using ListeningFn = std::function<void()>;

  explicit PgSessionEnds(PgSessionEndsOptions options);
  ~PgSessionEnds() override;  // stops listening and joins the thread
  PgSessionEnds(const PgSessionEnds&) = delete;
  PgSessionEnds& operator=(const PgSessionEnds&) = delete;

  // Starts the thread. `ended`: sessions that ended; `listening`: LISTEN is in
  // force (again), from before ListeningSince's new value. Both are called on
  // the listener's thread and must not block.
  void Start(EndedFn ended, ListeningFn listening);

  std::optional<core::Millis> ListeningSince() const override;

 private:
  void Run(const std::stop_token& stop);
  // Connects, LISTENs and delivers until the connection is lost or `stop`.
  void ListenOnce(const std::stop_token& stop);
  void SetSince(std::optional<core::Millis> since);

  PgSessionEndsOptions options_;
  auth::Clock clock_;
  EndedFn ended_;
  ListeningFn listening_;
  mutable std::mutex mutex_;
  std::optional<core::Millis> since_;
  std::atomic<bool> warned_{false};
  std::jthread thread_;  // last: joined first
};

}  // namespace lenslet::cluster

#pragma once
// What /health reports about the database. The probe runs on a thread and a
// connection of its own, so it never queues behind units stalled on a lock,
// and the answer comes within about its budget whatever the database does.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "db/database.hpp"

namespace lenslet::db {

struct HealthReport {
  // "ok"; "unavailable" (cannot connect, or answers with an error); "timeout"
  // (no answer within the budget); "stalled" (units are giving up waiting,
  // usually on a lock held elsewhere, and none of their kind has finished since).
  std::string state;
  // A fixed phrase for operators, empty when ok. /health is public: details
  // such as hosts and paths go to the log only.
  std::string reason;
  bool ok() const { return state == "ok"; }
};

// Waits at most `budget` (capped at the database's unit timeout) for the probe.
boost::asio::awaitable<HealthReport> CheckHealth(Database& db, std::chrono::milliseconds budget);

}  // namespace lenslet::db

#include "db/detail/unit_guard.hpp"

#include <algorithm>

namespace lenslet::db::detail {
namespace {

thread_local int unbounded_scopes = 0;

// A kind is stalled when it kept its whole share of threads and none of its
// units finished for this long: long against a healthy unit (milliseconds),
// short against the timeout a stall costs every request.
std::chrono::milliseconds StallAfter(std::chrono::milliseconds timeout) {
  return std::clamp(timeout / 2, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
}

}  // namespace

UnboundedScope::UnboundedScope() { ++unbounded_scopes; }
UnboundedScope::~UnboundedScope() { --unbounded_scopes; }

UnitGuard::UnitGuard(std::chrono::milliseconds timeout, std::size_t threads)
    : timeout_(timeout), stall_after_(StallAfter(timeout)), share_(std::max<std::size_t>(1, threads / 2)) {
  reads_.last_finished = writes_.last_finished = Clock::now();
}

core::Error UnitGuard::TimedOut(std::string internal) const {
  core::Error error(core::ErrorCode::kUnavailable, "The database is busy, try again shortly", {},
                    std::move(internal));
  error.retry_after_seconds = static_cast<int>(std::max<long long>(1, (timeout_.count() + 999) / 1000));
  return error;
}

long long UnitGuard::RemainingMs(Deadline deadline) {
  if (!deadline) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
  return std::max<long long>(1, left);
}

bool UnitGuard::Stalled(const Kind& kind, Clock::time_point now) const {
  return kind.in_flight >= share_ && now - kind.last_finished > stall_after_;
}

void UnitGuard::Run(bool write, const std::function<void(Deadline)>& unit) {
  Deadline deadline;
  if (unbounded_scopes == 0) deadline = Clock::now() + timeout_;
  Kind& kind = write ? writes_ : reads_;
  const char* name = write ? "write" : "read";
  {
    std::unique_lock lock(mutex_);
    // Units of this kind gave up and none finished since: the next ones would
    // very likely wait their whole timeout too. Refuse them at once for one
    // timeout after the last give-up (then let units try again), so callers
    // that queue on a lock of their own before their unit (one conversation's
    // sends) drain in milliseconds instead of one timeout each.
    if (const auto now = Clock::now();
        kind.last_gave_up && *kind.last_gave_up > kind.last_finished && now - *kind.last_gave_up < timeout_) {
      throw TimedOut(std::string("db: ") + name + " units are giving up; refused at once until " +
                     std::to_string(timeout_.count()) + " ms after the last one");
    }
    while (kind.in_flight >= share_) {
      const auto now = Clock::now();
      if (Stalled(kind, now) || (deadline && now >= *deadline)) {
        kind.last_gave_up = now;
        throw TimedOut(std::string("db: ") + std::to_string(kind.in_flight) + " " + name +
                       " units hold their share of the worker threads and none finished for " +
                       std::to_string(stall_after_.count()) + " ms");
      }
      // Woken by a unit that leaves; otherwise looks again for a stall soon.
      auto wake = now + stall_after_ / 4;
      if (deadline) wake = std::min(wake, *deadline);
      place_free_.wait_until(lock, wake);
    }
    // From idle, the clock of "none finished" starts now, not at the last
    // unit of a quiet hour ago.
    if (kind.in_flight == 0) kind.last_finished = std::max(kind.last_finished, Clock::now());
    ++kind.in_flight;
  }
  const auto admitted = Clock::now();
  bool gave_up = false;
  const auto leave = [&] {
    {
      std::lock_guard lock(mutex_);
      --kind.in_flight;
      // Any answer from the database, an error included, is progress; a unit
      // that ran out of time is not. It is a sign of a stall only when no
      // unit of its kind finished while it ran: one slow statement (a cold
      // ranking) timing out among reads that go on must not turn the next
      // reads away.
      if (gave_up) {
        if (kind.last_finished < admitted) kind.last_gave_up = Clock::now();
      } else {
        kind.last_finished = Clock::now();
      }
    }
    place_free_.notify_all();
  };
  try {
    unit(deadline);
  } catch (const core::Error& e) {
    gave_up = e.code() == core::ErrorCode::kUnavailable && e.retry_after_seconds.has_value();
    leave();
    throw;
  } catch (...) {
    leave();
    throw;
  }
  leave();
}

std::optional<std::string> UnitGuard::StallReason() const {
  const auto now = Clock::now();
  // Long enough to be seen by a load balancer's check; a unit that finishes
  // ends it at once.
  const auto window = std::max<Clock::duration>(2 * timeout_, std::chrono::seconds(10));
  std::lock_guard lock(mutex_);
  for (const auto* kind : {&writes_, &reads_}) {
    if (kind->last_gave_up && *kind->last_gave_up > kind->last_finished &&
        now - *kind->last_gave_up < window) {
      return std::string(kind == &writes_ ? "writes" : "reads") + " are giving up after waiting " +
             std::to_string(timeout_.count()) +
             " ms for the database (a lock held elsewhere, or a slow statement)";
    }
  }
  return std::nullopt;
}

}  // namespace lenslet::db::detail

#pragma once
// Per-socket limits on the cheap-to-send, costly-to-serve client events
// (`typing`, `message:read`): pure bookkeeping kept in each socket's
// ConnectedUser, touched only by that socket's handlers. Small on purpose —
// every connected socket carries them.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "auth/rate_limiter.hpp"
#include "core/ids.hpp"

namespace lenslet::api::live {

using SteadyTime = std::chrono::steady_clock::time_point;

// At most `limit` events per fixed window of one minute, counted from the
// first event of the window. A fixed window (not a sliding one): 16 bytes per
// socket instead of a queue of times; a burst at a window's edge may reach
// twice the limit, which still bounds the work a socket can cause.
class EventBudget {
 public:
  static constexpr auto kWindow = std::chrono::minutes(1);

  // Counts one event at `now` when the limit allows it (limit <= 0: no limit).
  // Refused: retry_after_seconds is the time left in the window (at least 1).
  auth::RateDecision Spend(int limit, SteadyTime now);

 private:
  SteadyTime window_start_{};
  std::uint32_t count_ = 0;
};

// The `typing` relay throttle: at most one relay per socket and conversation
// per kInterval. Only conversations the caller was found a member of are ever
// recorded (Relayed is called after the membership check), and only those
// relayed within the last kInterval are kept — older entries cannot throttle
// anything — at most kMaxTracked of them: the list is bounded whatever ids a
// client sends.
class TypingThrottle {
 public:
  static constexpr auto kInterval = std::chrono::seconds(1);
  static constexpr std::size_t kMaxTracked = 8;

  // Whether a `typing` in `conversation` at `now` may be relayed. Stores nothing.
  bool MayRelay(core::ConversationId conversation, SteadyTime now) const;
  // Records a relay at `now`; false when another one of the same conversation
  // was recorded within kInterval in the meantime (the caller then skips it).
  bool Relayed(core::ConversationId conversation, SteadyTime now);

  std::size_t tracked() const { return last_.size(); }

 private:
  std::vector<std::pair<core::ConversationId, SteadyTime>> last_;
};

}  // namespace lenslet::api::live

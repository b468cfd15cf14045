#pragma once
// Per-client-address limits of the HTTP edge, so one address (a scraper, a
// flood) cannot take the box: concurrent connections, Socket.IO handshakes,
// and media bytes sent. Thread-safe; each call is one short critical section,
// taken per connection, per handshake or per slice of a media body — never per
// WebSocket message. Loopback addresses are not limited (see IsLimitedAddress).
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lenslet::http::detail {

// Loopback is the machine itself: a reverse proxy on this host (which carries
// every client) or the operator's own tools and benchmarks. Counting them as
// one client would throttle everyone behind the proxy.
bool IsLimitedAddress(std::string_view address);

// Open connections per address, at most `limit` each (0: unlimited).
class ConnectionCounter {
 public:
  explicit ConnectionCounter(std::size_t limit) : state_(std::make_shared<State>(limit)) {}

  // Held for as long as the connection lives; releases the count when destroyed.
  using Slot = std::shared_ptr<const void>;
  // A slot, or nullptr when `address` already holds `limit` connections.
  // Addresses that are not limited get an empty-but-valid slot.
  Slot Acquire(const std::string& address);
  std::size_t count(const std::string& address) const;

 private:
  struct State {
    explicit State(std::size_t l) : limit(l) {}
    const std::size_t limit;
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::size_t> open;
  };
  std::shared_ptr<State> state_;  // slots may outlive the counter's owner by a moment
};

// A token bucket per address: `rate` tokens a second, holding at most `burst`.
// Full (idle) buckets are forgotten now and then, so the map stays as small as
// the set of recently active addresses.
class AddressBuckets {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // rate <= 0: unlimited (every call succeeds at once).
  AddressBuckets(double rate, double burst, Clock clock = [] { return std::chrono::steady_clock::now(); });

  bool unlimited() const { return rate_ <= 0; }
  // Takes `amount` tokens when the bucket holds them; otherwise takes nothing
  // and returns how long until it will (a refusal with Retry-After).
  std::optional<std::chrono::milliseconds> TryTake(const std::string& address, double amount);
  // Takes `amount` tokens even into debt and returns how long to wait until
  // the debt is paid (pacing: a sender sleeps that long, then goes on).
  std::chrono::milliseconds Spend(const std::string& address, double amount);
  std::size_t tracked() const;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  Bucket& Refill(const std::string& address, std::chrono::steady_clock::time_point now);
  std::chrono::milliseconds WaitFor(double deficit) const;
  void ForgetIdle(std::chrono::steady_clock::time_point now);

  const double rate_;
  const double burst_;
  const Clock clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::size_t next_sweep_ = 1024;
};

}  // namespace lenslet::http::detail

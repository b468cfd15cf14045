#pragma once
// One computation at a time, its outcome shared by everyone who asked while
// it ran. The first caller of Run leads: it awaits `compute()`. Callers that
// come while it runs follow: their coroutines are suspended (no thread held,
// no resource of the leader's) and resumed on their own executors with the
// leader's value, or with the leader's exception rethrown (as a
// std::shared_future hands one exception to every getter). A call after the
// flight landed starts a new one. Used for work that every concurrent caller
// needs once, not once each: explore's ranking (api/feed/explore_snapshots.hpp).
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace lenslet::core {

template <typename T>
class SingleFlight {
 public:
  SingleFlight() = default;
  SingleFlight(const SingleFlight&) = delete;
  SingleFlight& operator=(const SingleFlight&) = delete;

  // Whether a computation is running now (a hint: it may land right after).
  bool InFlight() const {
    const std::lock_guard lock(mutex_);
    return flight_ != nullptr;
  }

  // `compute`: a callable returning boost::asio::awaitable<T>; called only by
  // the leader, and awaited in the leader's coroutine (what it refers to need
  // only live as long as that call of Run).
  template <typename F>
  boost::asio::awaitable<T> Run(F compute) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
      const std::lock_guard lock(mutex_);
      if (!flight_) {
        flight_ = std::make_shared<Flight>();
        leader = true;
      }
      flight = flight_;
    }
    if (!leader) co_return co_await Follow(std::move(flight));

    // If this frame is destroyed before the flight lands (its io_context was
    // destroyed while it waited), the followers are dropped as the io_context
    // drops its own pending handlers, and the next caller leads anew.
    Abandon abandon{this, flight};
    std::optional<T> value;
    std::exception_ptr error;
    try {
      value.emplace(co_await compute());
    } catch (...) {
      error = std::current_exception();
    }
    abandon.flight = nullptr;
    Land(*flight, value, error);
    if (error) std::rethrow_exception(error);
    co_return std::move(*value);
  }

 private:
  struct Waiter {
    boost::asio::any_completion_handler<void()> resume;
    // Counted work on the follower's executor until its resumption has been
    // posted: the leader's thread touches that io_context while posting (Asio
    // signals after unlocking), so it must not be able to finish and be
    // destroyed under it (the bug ThreadSanitizer found in worker_pool.hpp).
    boost::asio::any_io_executor executor;
  };

  struct Flight {
    bool landed = false;
    std::optional<T> value;
    std::exception_ptr error;
    std::vector<Waiter> waiters;
  };

  struct Abandon {
    SingleFlight* owner;
    std::shared_ptr<Flight> flight;
    ~Abandon() {
      if (!flight) return;
      std::vector<Waiter> dropped;
      {
        const std::lock_guard lock(owner->mutex_);
        if (owner->flight_ == flight) owner->flight_ = nullptr;
        dropped = std::move(flight->waiters);
      }
    }
  };

  boost::asio::awaitable<T> Follow(std::shared_ptr<Flight> flight) {
    auto executor = co_await boost::asio::this_coro::executor;
    co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
        [&](auto handler) {
          auto tracked = boost::asio::prefer(executor, boost::asio::execution::outstanding_work.tracked);
          {
            const std::lock_guard lock(mutex_);
            if (!flight->landed) {
              flight->waiters.push_back(Waiter{std::move(handler), std::move(tracked)});
              return;
            }
          }
          // Landed between our look and now: resume at once (never inline,
          // which would resume this coroutine inside its own suspension).
          boost::asio::post(tracked, std::move(handler));
        },
        boost::asio::use_awaitable);
    // Written before `landed` was set under the mutex, never after.
    if (flight->error) std::rethrow_exception(flight->error);
    co_return *flight->value;
  }

  void Land(Flight& flight, const std::optional<T>& value, std::exception_ptr error) {
    std::vector<Waiter> waiters;
    {
      const std::lock_guard lock(mutex_);
      flight.value = value;
      flight.error = std::move(error);
      flight.landed = true;
      waiters = std::move(flight.waiters);
      flight_ = nullptr;
    }
    for (auto& waiter : waiters) boost::asio::post(waiter.executor, std::move(waiter.resume));
    // `waiters` goes now: each tracked executor is released after its post.
  }

  mutable std::mutex mutex_;
  std::shared_ptr<Flight> flight_;  // the flight in progress, if any
};

}  // namespace lenslet::core

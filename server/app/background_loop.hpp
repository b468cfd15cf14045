#pragma once
// What every timer-driven background job of the server shares (the account
// purge, the home feeds' trim): a loop on the control io_context that sleeps
// between rounds and stops on SIGTERM after the unit in flight.
//
//   asio::awaitable<void> Job::Run() {
//     co_await loop_.Start();
//     while (!loop_.stopping()) { ...; co_await loop_.Sleep(interval); }
//     loop_.Finish();
//   }
//   // SIGTERM: job.loop().Stop(); job.loop().WaitStopped(timeout);
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace lenslet::app {

class BackgroundLoop {
 public:
  // At the start of the job's coroutine, on the executor it runs on.
  boost::asio::awaitable<void> Start();
  // When the coroutine is about to return.
  void Finish();

  bool stopping() const { return stopping_.load(); }
  // Returns early when Stop() is called.
  boost::asio::awaitable<void> Sleep(std::chrono::milliseconds duration);

  // Asks the loop to end after the unit in flight. Any thread.
  void Stop();
  // Waits (blocking) until Finish() ran, at most `timeout`; true when it did
  // (or the loop never started).
  bool WaitStopped(std::chrono::milliseconds timeout);

 private:
  std::atomic<bool> stopping_{false};
  std::optional<boost::asio::steady_timer> timer_;  // lives on the job's executor
  std::mutex mutex_;
  std::condition_variable stopped_cv_;
  bool running_ = false;
};

}  // namespace lenslet::app

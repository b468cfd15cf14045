#pragma once
// Runs Instagram imports in the background (issue 14.8), the way every job of
// ours runs (HELPER-RULES "Background work"): the job is a row of `imports`
// (migration 0018), claimed with a lease so that two instances on one
// PostgreSQL never run it twice, driven from a timer on the control loop's
// io_context while the blocking work goes to the worker pools, and stopped
// cleanly on SIGTERM (the post in hand finishes, the job is given back and
// the next start resumes it at the next post).
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "api/services.hpp"

namespace lenslet::app {

class ImportWorker {
 public:
  ImportWorker(api::Services& services, const std::atomic<bool>& ready,
               std::chrono::milliseconds poll = std::chrono::seconds(1));

  // Claims and runs imports one at a time until Stop(); on the control loop.
  boost::asio::awaitable<void> Run();
  // On the control loop's thread (the signal handler): no new claim, the
  // current import gives its job back after the post in hand.
  void Stop();
  // From any other thread: waits until Run has returned, at most `limit`.
  void WaitStopped(std::chrono::milliseconds limit);

 private:
  // Deletes the archives of imports that ended without their job deleting
  // them (the account's purge stopped it, or a crash came in between).
  boost::asio::awaitable<void> RemoveEndedArchives();

  api::Services& services_;
  const std::atomic<bool>& ready_;
  std::chrono::milliseconds poll_;
  std::string worker_;
  std::atomic<bool> stopping_{false};
  std::optional<boost::asio::steady_timer> timer_;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool running_ = false;
};

}  // namespace lenslet::app

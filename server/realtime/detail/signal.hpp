#pragma once
// A wake-up call between threads: any thread may Notify(); one coroutine at a
// time Wait()s. Notifications do not count: one or many before a Wait() wake
// it once, so a waiter always re-checks the state it waits on.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

namespace lenslet::realtime::detail {

class Signal {
 public:
  explicit Signal(const boost::asio::any_io_executor& executor);
  ~Signal();
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  void Notify();
  // true when notified, false when `timeout` passed first.
  boost::asio::awaitable<bool> Wait(std::chrono::steady_clock::duration timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lenslet::realtime::detail

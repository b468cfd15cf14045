#include "app/background_loop.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lenslet::app {

namespace asio = boost::asio;

asio::awaitable<void> BackgroundLoop::Start() {
  timer_.emplace(co_await asio::this_coro::executor);
  std::lock_guard lock(mutex_);
  running_ = true;
}

void BackgroundLoop::Finish() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  stopped_cv_.notify_all();
}

asio::awaitable<void> BackgroundLoop::Sleep(std::chrono::milliseconds duration) {
  // Stop() sets the flag before it posts the cancel to this executor: either
  // this sees the flag or the cancel finds the wait.
  if (stopping_.load()) co_return;
  timer_->expires_after(duration);
  boost::system::error_code ignored;  // cancelled by Stop()
  co_await timer_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

void BackgroundLoop::Stop() {
  stopping_.store(true);
  std::lock_guard lock(mutex_);
  if (!running_ || !timer_) return;
  asio::post(timer_->get_executor(), [this] { timer_->cancel(); });
}

bool BackgroundLoop::WaitStopped(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return stopped_cv_.wait_for(lock, timeout, [this] { return !running_; });
}

}  // namespace lenslet::app

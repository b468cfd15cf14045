#include "realtime/detail/signal.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lenslet::realtime::detail {
namespace net = boost::asio;

struct Signal::Impl {
  // Capacity 1: a pending wake-up absorbs later ones (try_send fails, harmlessly).
  explicit Impl(const net::any_io_executor& executor) : channel(executor, 1) {}
  net::experimental::concurrent_channel<void(boost::system::error_code)> channel;
};

Signal::Signal(const net::any_io_executor& executor) : impl_(std::make_unique<Impl>(executor)) {}
Signal::~Signal() = default;

void Signal::Notify() { impl_->channel.try_send(boost::system::error_code{}); }

net::awaitable<bool> Signal::Wait(std::chrono::steady_clock::duration timeout) {
  using namespace net::experimental::awaitable_operators;
  // Cheap path: a wake-up already waiting.
  if (impl_->channel.try_receive([](boost::system::error_code) {})) co_return true;
  net::steady_timer timer(co_await net::this_coro::executor, timeout);
  const auto winner = co_await (impl_->channel.async_receive(net::as_tuple(net::use_awaitable)) ||
                                timer.async_wait(net::as_tuple(net::use_awaitable)));
  co_return winner.index() == 0;
}

}  // namespace lenslet::realtime::detail

#pragma once
// For tests: runs a coroutine to completion on a private io_context from the
// test's thread, as a request's coroutine would run it, and returns its value
// (or rethrows what it threw). Work the coroutine hands to pools (SQL,
// hashing) runs there, so one thread here is enough.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <utility>

namespace lenslet::core::testing {

template <typename T>
T Await(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace lenslet::core::testing

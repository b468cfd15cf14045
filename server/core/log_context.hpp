#pragma once
// Which request a thread is working for, so that every log line written
// meanwhile names it (the log formatter in app/logging.cpp reads it) without
// passing the id through every function.
//
// A request is a coroutine that hops between threads, and other coroutines run
// on the same threads between its steps, so a plain thread-local set once would
// name the wrong request. Instead the connection's coroutine runs on a
// LogScopeExecutor: every time it resumes, on whatever thread, the executor
// installs the connection's LogScope for exactly that step. Work handed to a
// WorkerPool carries a copy of the id to the pool's thread.
#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace lenslet::core {

// The request id of the work running on this thread; empty outside a request.
std::string_view CurrentRequestId();

// Names `request_id` as this thread's request while it lives (nested scopes
// restore the outer one). The string must outlive the scope.
class RequestIdScope {
 public:
  explicit RequestIdScope(const std::string* request_id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  const std::string* previous_;
};

// One per connection: the id of the request it is serving now (empty between
// requests). Written and read only by the connection's own coroutine.
struct LogScope {
  std::string request_id;
};

// Wraps an executor so that every function it runs sees `scope` as the
// thread's request. Forwards every property to the wrapped executor, so it can
// stand wherever that one could (any_io_executor, co_spawn).
template <typename Inner>
class LogScopeExecutor {
 public:
  LogScopeExecutor(Inner inner, std::shared_ptr<LogScope> scope)
      : inner_(std::move(inner)), scope_(std::move(scope)) {}

  template <typename Property>
  auto query(const Property& property) const
      -> decltype(boost::asio::query(std::declval<const Inner&>(), property)) {
    return boost::asio::query(inner_, property);
  }

  template <typename Property>
  auto require(const Property& property) const
      -> LogScopeExecutor<std::decay_t<decltype(boost::asio::require(std::declval<const Inner&>(), property))>> {
    return {boost::asio::require(inner_, property), scope_};
  }

  template <typename Property>
  auto prefer(const Property& property) const
      -> LogScopeExecutor<std::decay_t<decltype(boost::asio::prefer(std::declval<const Inner&>(), property))>> {
    return {boost::asio::prefer(inner_, property), scope_};
  }

  template <typename F>
  void execute(F f) const {
    inner_.execute([scope = scope_, f = std::move(f)]() mutable {
      const RequestIdScope named(scope ? &scope->request_id : nullptr);
      std::move(f)();
    });
  }

  friend bool operator==(const LogScopeExecutor& a, const LogScopeExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.scope_ == b.scope_;
  }
  friend bool operator!=(const LogScopeExecutor& a, const LogScopeExecutor& b) noexcept { return !(a == b); }

  const Inner& inner() const { return inner_; }

 private:
  template <typename>
  friend class LogScopeExecutor;
  Inner inner_;
  std::shared_ptr<LogScope> scope_;
};

}  // namespace lenslet::core

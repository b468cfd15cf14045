#pragma once
// A bounded pool for blocking work (SQL, password hashing, image processing).
// Network threads `co_await pool.Run(fn)`: fn runs on a pool thread and the
// coroutine resumes on its own executor. When more than `max_queued` jobs wait,
// Run throws Error(kUnavailable) at once instead of letting latency grow
// without bound: a full queue sheds load rather than stalling everyone.
// Each pool shows its queue in the metrics (lenslet_worker_pool_*{pool=name}),
// and a job logs under the request id of the coroutine that handed it over.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "core/log_context.hpp"
#include "core/metrics.hpp"

namespace lenslet::core {

class WorkerPool {
 public:
  WorkerPool(std::string name, std::size_t threads, std::size_t max_queued)
      : name_(std::move(name)),
        pool_(threads),
        max_queued_(max_queued),
        refused_(metrics::Registry::Global().GetCounter("lenslet_worker_pool_refused_total",
                                                         "Jobs refused (503) because the pool's queue was full",
                                                         {{"pool", name_}})),
        collector_(metrics::Registry::Global().AddCollector([this, threads](metrics::Collection& out) {
          out.Add("lenslet_worker_pool_queued", "Jobs waiting for or running on a pool's threads",
                  metrics::Type::kGauge, static_cast<double>(queued()), {{"pool", name_}});
          out.Add("lenslet_worker_pool_threads", "Threads of a pool", metrics::Type::kGauge,
                  static_cast<double>(threads), {{"pool", name_}});
        })) {}
  ~WorkerPool() {
    collector_ = {};
    pool_.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  template <typename F>
  auto Run(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    if (queued_.fetch_add(1) >= max_queued_) {
      queued_.fetch_sub(1);
      refused_.Inc();
      throw Error(ErrorCode::kUnavailable, "The server is busy, try again shortly", {},
                  name_ + " pool queue full");
    }
    auto caller = co_await boost::asio::this_coro::executor;
    // Lives in this frame until the job is done: the job's log lines name it.
    const std::string request_id(CurrentRequestId());
    // Result is carried in a variant-like pair so void and non-void both work.
    std::exception_ptr error;
    std::optional<std::conditional_t<std::is_void_v<R>, int, R>> value;
    // The pool thread still touches the caller's io_context after posting the
    // resumption (Asio signals its condition variable after unlocking): the
    // caller could finish, return from run() and destroy the io_context under
    // it. Counted work on the caller's executor, released when the job is
    // gone, keeps run() from returning until then (found by ThreadSanitizer,
    // docs/testing.md).
    auto tracked = boost::asio::prefer(caller, boost::asio::execution::outstanding_work.tracked);
    co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
        [&](auto handler) {
          boost::asio::post(pool_, [&, handler = std::move(handler), caller = std::move(tracked)]() mutable {
            const RequestIdScope named(request_id.empty() ? nullptr : &request_id);
            try {
              if constexpr (std::is_void_v<R>) {
                fn();
                value.emplace(0);
              } else {
                value.emplace(fn());
              }
            } catch (...) {
              error = std::current_exception();
            }
            queued_.fetch_sub(1);
            boost::asio::post(caller, std::move(handler));
          });
        },
        boost::asio::use_awaitable);
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>) {
      co_return std::move(*value);
    }
  }

  // For callers that are not coroutines (start-up, tools, tests).
  template <typename F>
  void Post(F fn) {
    boost::asio::post(pool_, std::move(fn));
  }

  std::size_t queued() const { return queued_.load(); }
  void Stop() { pool_.stop(); }

 private:
  std::string name_;
  boost::asio::thread_pool pool_;
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
  metrics::Counter& refused_;
  metrics::CollectorHandle collector_;  // last: removed before the rest goes
};

}  // namespace lenslet::core

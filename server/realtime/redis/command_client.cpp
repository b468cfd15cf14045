#include "realtime/redis/command_client.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

#include "realtime/redis/detail/log_throttle.hpp"
#include "realtime/redis/detail/reconnect.hpp"
#include "realtime/redis/detail/redis_connection.hpp"
#include "realtime/redis/redis_url.hpp"

namespace lenslet::realtime::redis {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Commands written before their replies are read: one round trip carries
// them all, and a failure has at most this many to answer as unavailable.
constexpr std::size_t kMaxPipeline = 512;

RedisValue Copy(const redisReply& reply) {
  RedisValue value;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      value.kind = RedisValue::Kind::kInteger;
      value.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      value.kind = reply.type == REDIS_REPLY_STRING   ? RedisValue::Kind::kString
                   : reply.type == REDIS_REPLY_STATUS ? RedisValue::Kind::kStatus
                                                      : RedisValue::Kind::kError;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ARRAY:
      value.kind = RedisValue::Kind::kArray;
      value.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) value.elements.push_back(Copy(*reply.element[i]));
      break;
    default:
      break;  // nil
  }
  return value;
}

// The waiting coroutine's completion handler, type-erased. Exactly one of the
// client's thread and the deadline timer gets to complete it (Claim).
class Completion {
 public:
  virtual ~Completion() = default;
  bool Claim() { return !claimed_.exchange(true); }
  bool claimed() const { return claimed_.load(); }
  // After a successful Claim() only.
  virtual void Complete(CommandResult result) = 0;

 private:
  std::atomic<bool> claimed_{false};
};

template <typename Handler>
class HandlerCompletion final : public Completion {
 public:
  explicit HandlerCompletion(Handler handler)
      : handler_(std::move(handler)), work_(asio::make_work_guard(asio::get_associated_executor(handler_))) {}

  // The deadline timer, waiting on the coroutine's executor.
  void SetTimer(std::shared_ptr<asio::steady_timer> timer) { timer_ = std::move(timer); }

  void Complete(CommandResult result) override {
    // Resumed on the coroutine's own executor, never on the client's thread;
    // the timer is cancelled there too (a timer belongs to its executor), so
    // a finished command leaves nothing behind to keep an io_context running.
    auto executor = work_.get_executor();
    asio::post(executor, [handler = std::move(handler_), result = std::move(result),
                          timer = std::move(timer_)]() mutable {
      if (timer) timer->cancel();
      std::move(handler)(std::move(result));
    });
    work_.reset();
  }

 private:
  Handler handler_;
  asio::executor_work_guard<asio::associated_executor_t<Handler>> work_;
  std::shared_ptr<asio::steady_timer> timer_;
};

void Finish(const std::shared_ptr<Completion>& completion, CommandResult result) {
  if (completion->Claim()) completion->Complete(std::move(result));
}

struct Pending {
  std::vector<std::string> args;  // for a script: numkeys, keys…, arguments…
  int script = -1;
  Clock::time_point deadline;
  std::shared_ptr<Completion> completion;
};

}  // namespace

class CommandClient::Impl {
 public:
  explicit Impl(CommandClientOptions options)
      : options_(std::move(options)),
        address_(ParseRedisUrlOrThrow(options_.url)),
        thread_([this](std::stop_token stop) { Loop(stop); }) {}

  ~Impl() {
    thread_.request_stop();
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    for (auto& pending : queue_) Finish(pending.completion, {CommandStatus::kUnavailable, {}});
  }

  // Any thread. False: answered already (unavailable or overloaded).
  bool Enqueue(Pending pending) {
    {
      std::lock_guard lock(mutex_);
      if (pending.script >= static_cast<int>(options_.scripts.size())) {
        Finish(pending.completion, {CommandStatus::kOk, {RedisValue::Kind::kError, 0, "ERR no such script", {}}});
        return false;
      }
      if (!connected_.load()) {
        Finish(pending.completion, {CommandStatus::kUnavailable, {}});
        return false;
      }
      if (queue_.size() >= options_.max_queued) {
        if (detail::ShouldLogOccurrence(++overloaded_)) {
          spdlog::warn("{}: {} commands wait for Redis; answering new ones without it ({} so far)", options_.name,
                       queue_.size(), overloaded_);
        }
        Finish(pending.completion, {CommandStatus::kOverloaded, {}});
        return false;
      }
      queue_.push_back(std::move(pending));
    }
    wake_.notify_one();
    return true;
  }

  bool connected() const { return connected_.load(); }
  std::uint64_t answered() const { return answered_.load(); }
  std::uint64_t round_trips() const { return round_trips_.load(); }

 private:
  bool Connect(detail::RedisConnection& redis) {
    if (!redis.Connect(address_, options_.io_timeout)) return false;
    shas_.clear();
    for (const auto& script : options_.scripts) {
      detail::Reply reply = redis.Command({"SCRIPT", "LOAD", script});
      if (!reply) return false;
      if (reply->type != REDIS_REPLY_STRING) {
        redis.Fail("SCRIPT LOAD refused: " + std::string(reply->str != nullptr ? reply->str : "?"));
        return false;
      }
      shas_.emplace_back(reply->str, reply->len);
    }
    return true;
  }

  // Everything still queued, answered without Redis.
  void FailQueued() {
    std::deque<Pending> failed;
    {
      std::lock_guard lock(mutex_);
      failed.swap(queue_);
    }
    for (auto& pending : failed) Finish(pending.completion, {CommandStatus::kUnavailable, {}});
  }

  void Loop(std::stop_token stop) {
    detail::BlockSigpipeInThisThread();
    detail::RedisConnection redis;
    detail::OutageLog log(options_.name, address_.ToString());
    detail::Backoff backoff;
    std::vector<Pending> batch;
    while (!stop.stop_requested()) {
      if (!redis.connected()) {
        connected_.store(false);
        FailQueued();
        if (!Connect(redis)) {
          log.Failed(redis.error());
          detail::SleepFor(stop, backoff.Next());
          continue;
        }
        log.Connected();
        backoff.Reset();
        connected_.store(true);
      }
      {
        std::unique_lock lock(mutex_);
        if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) break;
        while (!queue_.empty() && batch.size() < kMaxPipeline) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      Send(redis, batch);
      batch.clear();
      if (!redis.connected()) log.Failed(redis.error());
    }
    connected_.store(false);
    FailQueued();
  }

  void Send(detail::RedisConnection& redis, std::vector<Pending>& batch) {
    const auto now = Clock::now();
    std::vector<Pending*> sent;
    sent.reserve(batch.size());
    for (auto& pending : batch) {
      // Its waiter has given up: not worth a place in the pipeline.
      if (pending.completion->claimed() || now >= pending.deadline) {
        Finish(pending.completion, {CommandStatus::kTimedOut, {}});
        continue;
      }
      if (pending.script >= 0) {
        pending.args.insert(pending.args.begin(), {"EVALSHA", shas_.at(static_cast<std::size_t>(pending.script))});
      }
      if (!redis.Append(pending.args)) break;
      sent.push_back(&pending);
    }
    if (sent.empty()) {
      for (auto& pending : batch) Finish(pending.completion, {CommandStatus::kUnavailable, {}});
      return;
    }
    round_trips_.fetch_add(1);
    bool flushed_scripts = false;
    for (auto* pending : sent) {
      detail::Reply reply = redis.GetReply();
      if (!reply) break;
      answered_.fetch_add(1);
      RedisValue value = Copy(*reply);
      if (value.kind == RedisValue::Kind::kError && value.text.starts_with("NOSCRIPT")) flushed_scripts = true;
      Finish(pending->completion, {CommandStatus::kOk, std::move(value)});
    }
    // Those a failed connection left unanswered (Finish ignores the answered).
    for (auto& pending : batch) Finish(pending.completion, {CommandStatus::kUnavailable, {}});
    // SCRIPT FLUSH on the server: load them again on a new connection.
    if (flushed_scripts && redis.connected()) redis.Fail("scripts flushed");
  }

  const CommandClientOptions options_;
  const RedisAddress address_;
  std::vector<std::string> shas_;  // the thread's only

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Pending> queue_;       // guarded by mutex_
  std::uint64_t overloaded_ = 0;    // guarded by mutex_
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> answered_{0};
  std::atomic<std::uint64_t> round_trips_{0};

  std::jthread thread_;  // last: started after, and joined before, the members above
};

CommandClient::CommandClient(CommandClientOptions options)
    : deadline_(options.deadline), impl_(std::make_shared<Impl>(std::move(options))) {}

CommandClient::~CommandClient() = default;

boost::asio::awaitable<CommandResult> CommandClient::Run(std::vector<std::string> args) {
  return Submit(std::move(args), -1);
}

boost::asio::awaitable<CommandResult> CommandClient::RunScript(std::size_t script, std::vector<std::string> keys,
                                                               std::vector<std::string> args) {
  std::vector<std::string> argv;
  argv.reserve(1 + keys.size() + args.size());
  argv.push_back(std::to_string(keys.size()));
  for (auto& key : keys) argv.push_back(std::move(key));
  for (auto& arg : args) argv.push_back(std::move(arg));
  return Submit(std::move(argv), static_cast<int>(script));
}

boost::asio::awaitable<CommandResult> CommandClient::Submit(std::vector<std::string> args, int script) {
  const auto executor = co_await asio::this_coro::executor;
  Pending pending{std::move(args), script, Clock::now() + deadline_, nullptr};
  Impl& impl = *impl_;
  // Named, not a temporary of the co_await expression: GCC 12 destroys such
  // temporaries of a coroutine twice.
  auto initiation = [&impl, &pending, executor](auto handler) {
    auto completion = std::make_shared<HandlerCompletion<decltype(handler)>>(std::move(handler));
    // The waiter's own deadline, whatever the client's thread is doing.
    // Armed before the command is queued: once queued, only Complete
    // touches the timer (on its executor).
    auto timer = std::make_shared<asio::steady_timer>(executor, pending.deadline);
    timer->async_wait([completion](const boost::system::error_code& error) {
      if (!error) Finish(completion, {CommandStatus::kTimedOut, {}});
    });
    completion->SetTimer(std::move(timer));
    pending.completion = std::move(completion);
    impl.Enqueue(std::move(pending));
  };
  auto reply = asio::async_initiate<decltype(asio::use_awaitable), void(CommandResult)>(initiation, asio::use_awaitable);
  CommandResult result = co_await std::move(reply);
  co_return result;
}

bool CommandClient::connected() const { return impl_->connected(); }
std::uint64_t CommandClient::answered() const { return impl_->answered(); }
std::uint64_t CommandClient::round_trips() const { return impl_->round_trips(); }

}  // namespace lenslet::realtime::redis

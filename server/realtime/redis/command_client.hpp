#pragma once
// Redis commands for request paths (issue 15.6: rate limits and revocations
// shared by every instance). A coroutine co_awaits Run(); one thread of the
// client's own writes whatever is queued as one pipeline, reads the replies
// and resumes each waiter on its own executor. The network threads never
// wait on a socket: they only queue and are resumed.
//
// Never a hang: every command has a deadline (a timer on the waiter's side,
// so a Redis that stops answering costs a request at most the deadline), and
// while Redis is unreachable Run() answers kUnavailable at once. The caller
// decides what a missing answer means (the shared limits fall back to this
// instance's own count; the revocation check to the session cache).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lenslet::realtime::redis {

// A reply copied out of hiredis (the waiter runs after the thread moved on).
struct RedisValue {
  enum class Kind { kNil, kInteger, kString, kStatus, kError, kArray };
  Kind kind = Kind::kNil;
  long long integer = 0;
  std::string text;  // kString, kStatus, kError
  std::vector<RedisValue> elements;
};

enum class CommandStatus {
  kOk,           // Redis answered (value may still be an error reply)
  kUnavailable,  // not connected, or the connection failed before the reply
  kTimedOut,     // no reply within the deadline
  kOverloaded,   // the queue was full
};

struct CommandResult {
  CommandStatus status = CommandStatus::kUnavailable;
  RedisValue value;

  bool ok() const { return status == CommandStatus::kOk && value.kind != RedisValue::Kind::kError; }
};

struct CommandClientOptions {
  std::string url;                    // redis://[:password@]host:port[/db]
  std::string name = "redis commands";  // the log lines' prefix
  // From Run() to its answer. Requests wait this long at most for Redis.
  std::chrono::milliseconds deadline{250};
  // A blocked read or write of the client's thread: a hung Redis is then
  // treated like a lost one (and its waiters have long had their timeout).
  std::chrono::milliseconds io_timeout{1'000};
  std::size_t max_queued = 20'000;
  // Lua scripts, loaded (SCRIPT LOAD) on every connection and run by index
  // with RunScript (EVALSHA): only their SHA1 travels with each call.
  std::vector<std::string> scripts;
};

class CommandClient {
 public:
  // Throws std::invalid_argument for a malformed URL. Connects in the
  // background: until it has, commands answer kUnavailable.
  explicit CommandClient(CommandClientOptions options);
  // Stops the thread; waiters still queued get kUnavailable.
  ~CommandClient();
  CommandClient(const CommandClient&) = delete;
  CommandClient& operator=(const CommandClient&) = delete;

  boost::asio::awaitable<CommandResult> Run(std::vector<std::string> args);
  // EVALSHA of options.scripts[script] with these keys and arguments.
  boost::asio::awaitable<CommandResult> RunScript(std::size_t script, std::vector<std::string> keys,
                                                  std::vector<std::string> args);

  // Whether the client's thread holds a connection right now.
  bool connected() const;
  // Counters for tests and the benchmark: commands answered by Redis, and
  // pipelines written (one round trip each).
  std::uint64_t answered() const;
  std::uint64_t round_trips() const;

  class Impl;

 private:
  boost::asio::awaitable<CommandResult> Submit(std::vector<std::string> args, int script);

  std::chrono::milliseconds deadline_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace lenslet::realtime::redis

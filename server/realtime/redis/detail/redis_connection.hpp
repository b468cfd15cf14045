#pragma once
// One blocking hiredis connection, used by one thread only (the publisher's or
// the subscriber's). Blocking is fine there: those threads exist to wait on
// Redis, and the network threads never touch a connection.
#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/redis/redis_url.hpp"

struct redisContext;
struct redisReply;

namespace lenslet::realtime::redis::detail {

// hiredis writes with write(2): to a socket whose peer is gone that raises
// SIGPIPE, which kills the process unless handled. Blocked in the calling
// thread (the signal is thread-directed), the write just fails with EPIPE and
// the connection is retried; the rest of the process is left alone. Each
// thread that owns a RedisConnection calls this first.
void BlockSigpipeInThisThread();

struct ReplyDeleter {
  void operator()(redisReply* reply) const;
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// What came back for a command: a reply (which may be a Redis error reply),
// or nothing when the connection failed (it is then closed; see error()).
class RedisConnection {
 public:
  RedisConnection() = default;
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Connects, then AUTH and SELECT as the address says. `timeout` bounds the
  // connect and every later blocking read or write, so a Redis that hangs is
  // noticed instead of hanging this thread. False (and closed) on failure.
  bool Connect(const RedisAddress& address, std::chrono::milliseconds timeout);
  void Close();
  bool connected() const { return context_ != nullptr; }
  // Why the last Connect or command failed: fixed text from hiredis or Redis,
  // never a password.
  const std::string& error() const { return error_; }

  // Binary-safe argv command; waits for its reply. nullptr: I/O failure.
  Reply Command(std::initializer_list<std::string_view> args);
  // Pipelining: queue commands in the output buffer, then read their replies
  // in order with GetReply (which writes the buffer first).
  bool Append(std::initializer_list<std::string_view> args);
  // The same for an argument list built at run time (the command client's).
  bool Append(const std::vector<std::string>& args);
  Reply GetReply();

  // For a subscriber's poll loop: the socket, then ReadAvailable() once poll
  // says it is readable (it does not block), then NextBufferedReply() until
  // nullptr. False from ReadAvailable: the connection failed (closed).
  int fd() const;
  bool ReadAvailable();
  // nullptr when no whole reply is buffered yet; sets failed() on a protocol error.
  Reply NextBufferedReply();
  bool failed() const { return failed_; }
  // Writes what Append queued (blocking, bounded by the timeout).
  bool Flush();
  // Gives the connection up (a peer that stopped answering): closes it, keeps `why`.
  void Fail(std::string why);

 private:

  redisContext* context_ = nullptr;
  std::string error_;
  bool failed_ = false;
};

}  // namespace lenslet::realtime::redis::detail

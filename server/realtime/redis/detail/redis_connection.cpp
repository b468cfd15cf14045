#include "realtime/redis/detail/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <vector>

namespace lenslet::realtime::redis::detail {
namespace {

timeval ToTimeval(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  return tv;
}

struct Argv {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;

  template <typename Args>
  explicit Argv(const Args& args) {
    pointers.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
};

std::string ReplyError(const redisReply& reply) {
  return std::string(reply.str != nullptr ? std::string_view(reply.str, reply.len) : std::string_view("error"));
}

}  // namespace

void BlockSigpipeInThisThread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ReplyDeleter::operator()(redisReply* reply) const { freeReplyObject(reply); }

RedisConnection::~RedisConnection() { Close(); }

void RedisConnection::Close() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

void RedisConnection::Fail(std::string why) {
  error_ = std::move(why);
  failed_ = true;
  Close();
}

bool RedisConnection::Connect(const RedisAddress& address, std::chrono::milliseconds timeout) {
  Close();
  failed_ = false;
  error_.clear();
  context_ = redisConnectWithTimeout(address.host.c_str(), address.port, ToTimeval(timeout));
  if (context_ == nullptr) {
    Fail("out of memory");
    return false;
  }
  if (context_->err != 0) {
    Fail(context_->errstr);
    return false;
  }
  if (redisSetTimeout(context_, ToTimeval(timeout)) != REDIS_OK) {
    Fail(context_->errstr);
    return false;
  }
  // Notices a peer that vanished without a FIN (a host gone, a partition).
  redisEnableKeepAlive(context_);

  if (!address.password.empty()) {
    Reply reply = address.username.empty() ? Command({"AUTH", address.password})
                                           : Command({"AUTH", address.username, address.password});
    if (!reply) return false;
    if (reply->type == REDIS_REPLY_ERROR) {
      // Redis's own text ("WRONGPASS invalid username-password pair"): no secret in it.
      Fail("AUTH refused: " + ReplyError(*reply));
      return false;
    }
  }
  if (address.db != 0) {
    Reply reply = Command({"SELECT", std::to_string(address.db)});
    if (!reply) return false;
    if (reply->type == REDIS_REPLY_ERROR) {
      Fail("SELECT refused: " + ReplyError(*reply));
      return false;
    }
  }
  return true;
}

Reply RedisConnection::Command(std::initializer_list<std::string_view> args) {
  if (!Append(args)) return nullptr;
  return GetReply();
}

bool RedisConnection::Append(std::initializer_list<std::string_view> args) {
  if (context_ == nullptr) return false;
  Argv argv(args);  // hiredis 0.14 takes `const char**` (it does not write through it)
  if (redisAppendCommandArgv(context_, argv.count(), argv.pointers.data(), argv.lengths.data()) != REDIS_OK) {
    Fail(context_->errstr);
    return false;
  }
  return true;
}

bool RedisConnection::Append(const std::vector<std::string>& args) {
  if (context_ == nullptr) return false;
  Argv argv(args);
  if (redisAppendCommandArgv(context_, argv.count(), argv.pointers.data(), argv.lengths.data()) != REDIS_OK) {
    Fail(context_->errstr);
    return false;
  }
  return true;
}

Reply RedisConnection::GetReply() {
  if (context_ == nullptr) return nullptr;
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
    Fail(context_->errstr[0] != '\0' ? context_->errstr : "connection lost");
    return nullptr;
  }
  return Reply(static_cast<redisReply*>(raw));
}

int RedisConnection::fd() const { return context_ != nullptr ? context_->fd : -1; }

bool RedisConnection::ReadAvailable() {
  if (context_ == nullptr) return false;
  if (redisBufferRead(context_) != REDIS_OK) {
    Fail(context_->errstr[0] != '\0' ? context_->errstr : "connection lost");
    return false;
  }
  return true;
}

Reply RedisConnection::NextBufferedReply() {
  if (context_ == nullptr) return nullptr;
  void* raw = nullptr;
  if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
    Fail(context_->errstr[0] != '\0' ? context_->errstr : "protocol error");
    return nullptr;
  }
  return Reply(static_cast<redisReply*>(raw));
}

bool RedisConnection::Flush() {
  if (context_ == nullptr) return false;
  int done = 0;
  while (done == 0) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) {
      Fail(context_->errstr[0] != '\0' ? context_->errstr : "connection lost");
      return false;
    }
  }
  return true;
}

}  // namespace lenslet::realtime::redis::detail

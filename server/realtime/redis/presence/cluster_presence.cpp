#include "realtime/redis/presence/cluster_presence.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/channel_subscriber.hpp"
#include "realtime/redis/detail/log_throttle.hpp"
#include "realtime/redis/detail/reconnect.hpp"
#include "realtime/redis/detail/redis_connection.hpp"
#include "realtime/redis/presence/claim_mirror.hpp"
#include "realtime/local_devices.hpp"
#include "realtime/redis/presence/pipeline.hpp"
#include "realtime/redis/presence/presence_message.hpp"
#include "realtime/redis/redis_url.hpp"

namespace lenslet::realtime::redis {
namespace {

using Clock = std::chrono::steady_clock;
using detail::ShouldLogOccurrence;

// Every script reads the clock of Redis, not of the instance: claims written
// by instances whose clocks disagree are still compared on one clock.
#define LENSLET_REDIS_NOW          \
  "local t = redis.call('TIME')\n" \
  "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

// KEYS[1] = the user's key; ARGV = instance, ttl ms, channel, user id.
// Returns how many OTHER instances hold a live claim: 0 = the user came online.
constexpr std::string_view kJoinScript = LENSLET_REDIS_NOW
    "local ttl = tonumber(ARGV[2])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
    "local others = redis.call('ZCARD', KEYS[1])\n"
    "if redis.call('ZSCORE', KEYS[1], ARGV[1]) then others = others - 1 end\n"
    "redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])\n"
    "if redis.call('PTTL', KEYS[1]) < 2 * ttl then redis.call('PEXPIRE', KEYS[1], 2 * ttl) end\n"
    "redis.call('PUBLISH', ARGV[3], '+ ' .. ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. ARGV[4])\n"
    "return others\n";

// KEYS[1] = the user's key; ARGV = instance, channel, user id.
// Returns how many instances still hold a live claim: 0 = the user went offline.
constexpr std::string_view kLeaveScript = LENSLET_REDIS_NOW
    "redis.call('ZREM', KEYS[1], ARGV[1])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
    "local left = redis.call('ZCARD', KEYS[1])\n"
    "if left == 0 then redis.call('DEL', KEYS[1]) end\n"
    "redis.call('PUBLISH', ARGV[2], '- ' .. ARGV[1] .. ' ' .. ARGV[3])\n"
    "return left\n";

// KEYS[1] = the user's key; ARGV = instance, ttl ms. The key's own expiry is
// only ever lengthened: an instance configured with a shorter ttl must not
// cut another one's claim short. The key outlives its claims (2 × ttl) so
// that a crashed instance's lapsed claim is still there for kReapScript.
constexpr std::string_view kRefreshScript = LENSLET_REDIS_NOW
    "local ttl = tonumber(ARGV[2])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
    "redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])\n"
    "if redis.call('PTTL', KEYS[1]) < 2 * ttl then redis.call('PEXPIRE', KEYS[1], 2 * ttl) end\n"
    "return 1\n";

// KEYS[1] = the user's key. Removes lapsed claims (an instance that crashed
// and stopped refreshing). Returns 0 when this call removed the last of them,
// so the user went offline and exactly one caller, the one that removed
// them, announces it; -1 when there was nothing to remove (claims still
// live, or another instance reaped them first); else the live claims left.
constexpr std::string_view kReapScript = LENSLET_REDIS_NOW
    "if redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) == 0 then return -1 end\n"
    "local left = redis.call('ZCARD', KEYS[1])\n"
    "if left == 0 then redis.call('DEL', KEYS[1]) end\n"
    "return left\n";

#undef LENSLET_REDIS_NOW

// Users per "h" message: a few kB each, so a large instance's heartbeat is
// many small messages rather than one that stalls every subscriber.
constexpr std::size_t kUsersPerHeartbeat = 1'000;
// Commands written before their replies are read: bounds the buffers of a
// refresh of a large instance.
constexpr std::size_t kPipelineDepth = 1'000;

enum class Change { kJoin, kLeave };

struct Op {
  core::UserId user;
  Change change;
};

std::string_view Text(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_STRING && reply.type != REDIS_REPLY_STATUS &&
      reply.type != REDIS_REPLY_ERROR) {
    return {};
  }
  return std::string_view(reply.str, reply.len);
}

}  // namespace

class ClusterPresence::Impl {
 public:
  Impl(ClusterPresenceOptions options, RedisAddress address, Announce announce)
      : options_(std::move(options)),
        address_(std::move(address)),
        announce_(std::move(announce)),
        instance_(realtime::detail::RandomId()),
        channel_(options_.prefix),
        ttl_ms_(std::to_string(options_.ttl.count())),
        worker_([this](std::stop_token stop) { Work(stop); }),
        subscriber_({.address = address_,
                     .channel = channel_,
                     .who = "redis presence subscriber",
                     .io_timeout = options_.io_timeout},
                    {.on_subscribed = [this] { Resubscribed(); },
                     .on_message = [this](std::string_view message) { Heard(message); }}) {}

  void Connected(core::UserId user) { Track({user, Change::kJoin}); }
  void Disconnected(core::UserId user) { Track({user, Change::kLeave}); }

  std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const {
    auto online = local_.Have(users);
    mirror_.MarkOnline(users, online);
    return online;
  }

  const std::string& instance() const { return instance_; }
  bool subscribed() const { return subscriber_.subscribed(); }

  bool WaitIdle(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(queue_mutex_);
    const auto target = enqueued_;
    return idle_.wait_for(lock, timeout, [&] { return done_ >= target; });
  }

 private:
  struct Scripts {
    std::string join, leave, refresh, reap;  // SHA1s from SCRIPT LOAD
  };

  // ---- called on network threads: never more than a lock and a push

  // The device count changes and the join or leave is queued under one lock,
  // so the worker's snapshot for a refresh (ClaimableUsers) never sees a
  // user counted here whose join is not queued yet.
  void Track(Op op) {
    bool overflow = false;
    {
      std::lock_guard lock(queue_mutex_);
      const bool changed =
          op.change == Change::kJoin ? local_.Connected(op.user) : local_.Disconnected(op.user);
      if (!changed) return;
      if (queue_.size() >= options_.max_queued) {
        overflow = true;
        if (op.change == Change::kLeave) orphans_.insert(op.user);
      } else {
        queue_.push_back(op);
        ++enqueued_;
      }
    }
    if (!overflow) {
      wake_.notify_one();
      return;
    }
    // Redis cannot keep up: decide as one process would rather than wait.
    if (ShouldLogOccurrence(overflowed_.fetch_add(1) + 1)) {
      spdlog::warn("redis presence: {} joins and leaves waiting for Redis; deciding locally ({} so far)",
                   options_.max_queued, overflowed_.load());
    }
    Tell(op.user, op.change == Change::kJoin);
  }

  void Tell(core::UserId user, bool online) {
    try {
      announce_(user, online);
    } catch (const std::exception& e) {
      spdlog::error("redis presence: announcing user {} failed: {}", user.value, e.what());
    }
  }

  // ---- the worker thread: joins, leaves, refreshes

  void Work(std::stop_token stop) {
    detail::BlockSigpipeInThisThread();
    detail::RedisConnection redis;
    detail::OutageLog log("redis presence", address_.ToString());
    detail::Backoff backoff;
    Scripts scripts;
    auto next_connect = Clock::now();
    auto next_refresh = Clock::now() + options_.refresh_interval;
    bool ask_pending = false;
    for (;;) {
      std::deque<Op> ops;
      bool claim = false;
      bool beat = false;
      bool stopping = false;
      {
        std::unique_lock lock(queue_mutex_);
        const auto deadline = redis.connected() ? next_refresh : std::min(next_refresh, next_connect);
        wake_.wait_until(lock, stop, deadline,
                         [&] { return !queue_.empty() || heartbeat_requested_ || snapshot_requested_; });
        stopping = stop.stop_requested();
        ops.swap(queue_);
        beat = std::exchange(heartbeat_requested_, false);
        ask_pending = std::exchange(snapshot_requested_, false) || ask_pending;
      }
      auto now = Clock::now();
      // Not while stopping: a Redis that is away would hold the shutdown up.
      if (!redis.connected() && now >= next_connect && !stopping) {
        if (Connect(redis, scripts)) {
          log.Connected();
          backoff.Reset();
          // Claims may have lapsed during the outage, or Redis restarted empty.
          claim = true;
        } else {
          log.Failed(redis.error());
          next_connect = Clock::now() + backoff.Next();
        }
      }
      const bool was_connected = redis.connected();
      if (!ops.empty()) Apply(redis, scripts, ops);
      now = Clock::now();
      if (now >= next_refresh) {
        claim = true;
        next_refresh = now + options_.refresh_interval;
        SweepMirror();
      }
      if ((claim || beat) && redis.connected() && !stopping) Refresh(redis, scripts, claim);
      if (!lapsed_.empty() && redis.connected() && !stopping) Reap(redis, scripts);
      if (ask_pending && redis.connected() && !stopping) {
        // Every instance answers with a heartbeat: this mirror is whole again.
        if (detail::Reply reply = redis.Command({"PUBLISH", channel_, EncodeAsk(instance_)}))
          ask_pending = false;
      }
      if (was_connected && !redis.connected()) {
        log.Failed(redis.error());
        next_connect = Clock::now() + backoff.Next();
      }
      MarkDone(ops.size());
      if (stopping) return;
    }
  }

  bool Connect(detail::RedisConnection& redis, Scripts& scripts) {
    if (!redis.Connect(address_, options_.io_timeout)) return false;
    const auto load = [&](std::string_view script, std::string& sha) {
      detail::Reply reply = redis.Command({"SCRIPT", "LOAD", script});
      if (!reply) return false;
      if (reply->type != REDIS_REPLY_STRING) {
        redis.Fail("SCRIPT LOAD refused: " + std::string(Text(*reply)));
        return false;
      }
      sha = std::string(Text(*reply));
      return true;
    };
    return load(kJoinScript, scripts.join) && load(kLeaveScript, scripts.leave) &&
           load(kRefreshScript, scripts.refresh) && load(kReapScript, scripts.reap);
  }

  // Joins and leaves. What Redis did not answer is decided from this
  // process's own devices, as the one-process server does.
  void Apply(detail::RedisConnection& redis, const Scripts& scripts, const std::deque<Op>& ops) {
    const auto answered = Pipeline(
        redis, ops.size(), kPipelineDepth,
        [&](std::size_t i) {
          const auto& op = ops[i];
          const auto key = Key(op.user);
          const auto user = op.user.ToString();
          return op.change == Change::kJoin
                     ? redis.Append({"EVALSHA", scripts.join, "1", key, instance_, ttl_ms_, channel_, user})
                     : redis.Append({"EVALSHA", scripts.leave, "1", key, instance_, channel_, user});
        },
        [&](std::size_t i, const redisReply& reply) {
          const auto& op = ops[i];
          if (reply.type == REDIS_REPLY_INTEGER) {
            // Nobody else had the user (join), or nobody has them now (leave).
            if (reply.integer == 0) Tell(op.user, op.change == Change::kJoin);
            return;
          }
          Refused(redis, reply);
          Degrade(op);
        });
    for (std::size_t i = answered; i < ops.size(); ++i) Degrade(ops[i]);
  }

  // An error reply: a script Redis forgot (SCRIPT FLUSH) reloads on a new
  // connection; anything else is logged at the 1st, 2nd, 4th… occurrence.
  void Refused(detail::RedisConnection& redis, const redisReply& reply) {
    const auto text = Text(reply);
    if (ShouldLogOccurrence(refused_.fetch_add(1) + 1)) {
      spdlog::warn("redis presence: Redis refused a command: {} ({} so far)", text, refused_.load());
    }
    if (text.starts_with("NOSCRIPT")) redis.Fail("scripts flushed");
  }

  void Degrade(const Op& op) {
    if (op.change == Change::kLeave) {
      // This instance's claim may still be in Redis: taken back when it can be.
      std::lock_guard lock(queue_mutex_);
      orphans_.insert(op.user);
    }
    Tell(op.user, op.change == Change::kJoin);
  }

  // Re-claims every local user (claim) and/or tells the other instances who
  // is here (heartbeat, always), and takes back claims a failed leave left.
  void Refresh(detail::RedisConnection& redis, const Scripts& scripts, bool claim) {
    std::vector<core::UserId> users;
    std::vector<core::UserId> orphans;
    {
      std::lock_guard lock(queue_mutex_);
      users = ClaimableUsers();
      orphans.assign(orphans_.begin(), orphans_.end());
      orphans_.clear();
    }
    std::erase_if(orphans, [&](core::UserId user) { return local_.Has(user); });

    // In this order: the claims, the heartbeats, the orphans' leaves.
    const std::size_t claims = claim ? users.size() : 0;
    const auto heartbeats = EncodeHeartbeats(instance_, options_.ttl, users, kUsersPerHeartbeat);
    const std::size_t count = claims + heartbeats.size() + orphans.size();
    const auto answered = Pipeline(
        redis, count, kPipelineDepth,
        [&](std::size_t i) {
          if (i < claims) {
            return redis.Append({"EVALSHA", scripts.refresh, "1", Key(users[i]), instance_, ttl_ms_});
          }
          i -= claims;
          if (i < heartbeats.size()) return redis.Append({"PUBLISH", channel_, heartbeats[i]});
          const auto user = orphans[i - heartbeats.size()];
          return redis.Append(
              {"EVALSHA", scripts.leave, "1", Key(user), instance_, channel_, user.ToString()});
        },
        [&](std::size_t, const redisReply& reply) {
          if (reply.type == REDIS_REPLY_ERROR) Refused(redis, reply);
        });
    if (answered < count && !orphans.empty()) {
      std::lock_guard lock(queue_mutex_);
      orphans_.insert(orphans.begin(), orphans.end());
    }
  }

  // Under queue_mutex_: the users with a device here, less those whose join
  // is still queued. A refresh must not claim those: their join script
  // decides whether they came online by counting the OTHER instances'
  // claims, and a silent claim of ours written first would make another
  // instance's simultaneous join see us and stay quiet while ours then sees
  // it — nobody would announce the user at all.
  std::vector<core::UserId> ClaimableUsers() const {
    auto users = local_.Users();
    std::unordered_set<core::UserId> joining;
    for (const auto& op : queue_) {
      if (op.change == Change::kJoin) joining.insert(op.user);
    }
    if (!joining.empty()) std::erase_if(users, [&](core::UserId user) { return joining.contains(user); });
    return users;
  }

  // Users whose every claim lapsed in the mirror: if Redis agrees (their
  // claims there lapsed too, nobody refreshed them), one instance — whichever
  // reaps first — announces them offline. This is how the users of a crashed
  // instance go offline for the people they talk to. What Redis did not
  // answer stays for the next refresh.
  void Reap(detail::RedisConnection& redis, const Scripts& scripts) {
    // A device here again: not lapsed (and this instance's claim keeps them online).
    std::erase_if(lapsed_, [&](core::UserId user) { return local_.Has(user); });
    const std::vector<core::UserId> users(lapsed_.begin(), lapsed_.end());
    Pipeline(
        redis, users.size(), kPipelineDepth,
        [&](std::size_t i) {
          return redis.Append({"EVALSHA", scripts.reap, "1", Key(users[i])});
        },
        [&](std::size_t i, const redisReply& reply) {
          if (reply.type == REDIS_REPLY_ERROR) {
            Refused(redis, reply);
            return;
          }
          lapsed_.erase(users[i]);
          if (reply.type == REDIS_REPLY_INTEGER && reply.integer == 0) Tell(users[i], false);
        });
  }

  void MarkDone(std::size_t count) {
    if (count == 0) return;
    {
      std::lock_guard lock(queue_mutex_);
      done_ += count;
    }
    idle_.notify_all();
  }

  std::string Key(core::UserId user) const { return options_.prefix + ":" + user.ToString(); }

  // ---- the subscriber thread: the mirror of the other instances' claims

  // Leaves published while this was not listening were missed: what the
  // mirror holds is kept only until the other instances have answered the
  // "?" the worker now sends.
  void Resubscribed() {
    mirror_.ShortenTo(options_.io_timeout);
    {
      std::lock_guard lock(queue_mutex_);
      snapshot_requested_ = true;
    }
    wake_.notify_one();
  }

  void Heard(std::string_view text) {
    const auto message = DecodePresenceMessage(text);
    if (!message) {
      if (ShouldLogOccurrence(ignored_.fetch_add(1) + 1)) {
        spdlog::warn("redis presence: ignored a message on {} ({} so far)", channel_, ignored_.load());
      }
      return;
    }
    if (message->instance == instance_) return;
    switch (message->kind) {
      case PresenceMessage::Kind::kAsk: {
        {
          std::lock_guard lock(queue_mutex_);
          heartbeat_requested_ = true;
        }
        wake_.notify_one();
        return;
      }
      case PresenceMessage::Kind::kLeft:
        mirror_.Forget(message->users.front(), message->instance);
        return;
      case PresenceMessage::Kind::kJoined:
      case PresenceMessage::Kind::kHeartbeat:
        mirror_.Remember(message->instance, message->ttl, message->users);
        return;
    }
  }

  // On the worker thread. Users left with no live claim become candidates
  // for Reap; bounded like the queue: past it, those users lapse silently
  // (the behaviour before reaping existed).
  void SweepMirror() {
    for (const auto user : mirror_.Sweep()) {
      if (lapsed_.size() >= options_.max_queued) break;
      lapsed_.insert(user);
    }
  }

  const ClusterPresenceOptions options_;
  const RedisAddress address_;
  const Announce announce_;
  const std::string instance_;
  const std::string channel_;
  const std::string ttl_ms_;

  // This process's devices: what it falls back to, and what it claims.
  realtime::LocalDevices local_;
  ClaimMirror mirror_;

  mutable std::mutex queue_mutex_;
  std::condition_variable_any wake_;
  mutable std::condition_variable idle_;
  std::deque<Op> queue_;
  // Users whose leave did not reach Redis: this instance's claim is taken
  // back at the next refresh rather than left to lapse.
  std::unordered_set<core::UserId> orphans_;
  // The worker thread's own: users whose claims lapsed in the mirror, to be
  // reaped in Redis (see Reap).
  std::unordered_set<core::UserId> lapsed_;
  bool heartbeat_requested_ = false;
  bool snapshot_requested_ = false;
  std::uint64_t enqueued_ = 0;
  std::uint64_t done_ = 0;

  std::atomic<std::uint64_t> overflowed_{0};
  std::atomic<std::uint64_t> refused_{0};
  std::atomic<std::uint64_t> ignored_{0};

  // Last: destroyed first. The subscriber goes before the worker, which then
  // sends the leaves still queued (sockets closed by the drain) if it can.
  std::jthread worker_;
  ChannelSubscriber subscriber_;
};

ClusterPresence::ClusterPresence(ClusterPresenceOptions options, Announce announce) {
  auto address = ParseRedisUrlOrThrow(options.url);
  impl_ = std::make_unique<Impl>(std::move(options), std::move(address), std::move(announce));
}

ClusterPresence::~ClusterPresence() = default;

void ClusterPresence::Connected(core::UserId user) { impl_->Connected(user); }
void ClusterPresence::Disconnected(core::UserId user) { impl_->Disconnected(user); }
bool ClusterPresence::IsOnline(core::UserId user) const { return impl_->AreOnline({user})[0]; }

std::vector<bool> ClusterPresence::AreOnline(const std::vector<core::UserId>& users) const {
  return impl_->AreOnline(users);
}

const std::string& ClusterPresence::instance() const { return impl_->instance(); }
bool ClusterPresence::subscribed() const { return impl_->subscribed(); }
bool ClusterPresence::WaitIdle(std::chrono::milliseconds timeout) const { return impl_->WaitIdle(timeout); }

}  // namespace lenslet::realtime::redis

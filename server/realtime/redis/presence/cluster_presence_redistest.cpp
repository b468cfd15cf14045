// ClusterPresence against a real redis-server: two "instances" (two
// ClusterPresence objects on one Redis and one key prefix) as two Lenslet
// processes would have them.
//
// Needs LENSLET_TEST_REDIS_URL, and the redis-server binary for the case that
// kills Redis (see realtime/redis/testing/redis_fixture.hpp).
#include "realtime/redis/presence/cluster_presence.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/detail/redis_connection.hpp"
#include "realtime/redis/redis_url.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::realtime::redis {
namespace {

using namespace std::chrono_literals;
namespace rd = detail;
using testing::RedisProcess;
using core::UserId;

// What an instance announced, in order.
class Announcements {
 public:
  ClusterPresence::Announce Callback() {
    return [this](UserId user, bool online) {
      std::lock_guard lock(mutex_);
      seen_.emplace_back(user, online);
    };
  }
  std::vector<std::pair<UserId, bool>> Seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::size_t Count(UserId user, bool online) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count(seen_.begin(), seen_.end(), std::pair<UserId, bool>(user, online)));
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<UserId, bool>> seen_;
};

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 3s) {
  return testing::WaitUntil(condition, timeout);
}

class ClusterPresenceTest : public testing::RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Each test its own keys and channel: tests never see each other's claims.
    prefix_ = "lenslet-test:presence:" + realtime::detail::RandomId();
    ASSERT_TRUE(raw_.Connect(*ParseRedisUrl(redis_url()), 2s)) << raw_.error();
  }

  ClusterPresenceOptions Options(std::chrono::milliseconds refresh = 10s, std::chrono::milliseconds ttl = 30s) const {
    return {.url = redis_url(), .prefix = prefix_, .refresh_interval = refresh, .ttl = ttl, .io_timeout = 1s};
  }

  std::unique_ptr<ClusterPresence> Start(Announcements& announcements, ClusterPresenceOptions options) {
    auto presence = std::make_unique<ClusterPresence>(std::move(options), announcements.Callback());
    EXPECT_TRUE(Eventually([&] { return presence->subscribed(); })) << "never subscribed";
    return presence;
  }
  std::unique_ptr<ClusterPresence> Start(Announcements& announcements) { return Start(announcements, Options()); }

  std::string Key(UserId user) const { return prefix_ + ":" + user.ToString(); }

  long long Integer(std::initializer_list<std::string_view> command) {
    rd::Reply reply = raw_.Command(command);
    EXPECT_TRUE(reply) << raw_.error();
    if (!reply) return -100;
    EXPECT_EQ(reply->type, REDIS_REPLY_INTEGER);
    return reply->integer;
  }

  std::string prefix_;
  rd::RedisConnection raw_;
};

TEST_F(ClusterPresenceTest, AUserOnOneInstanceIsOnlineOnTheOtherAndAnnouncedOnce) {
  Announcements seen_a;
  Announcements seen_b;
  auto a = Start(seen_a);
  auto b = Start(seen_b);
  const UserId alice(11);
  const UserId bob(12);

  a->Connected(alice);
  ASSERT_TRUE(a->WaitIdle(3s));
  EXPECT_TRUE(a->IsOnline(alice));
  EXPECT_TRUE(Eventually([&] { return b->IsOnline(alice); })) << "B never heard of alice";
  EXPECT_EQ(b->AreOnline({bob, alice, bob}), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(seen_a.Seen(), (std::vector<std::pair<UserId, bool>>{{alice, true}}));
  EXPECT_TRUE(seen_b.Seen().empty());
  // The claim in Redis: this instance, live for the ttl, in a key that
  // expires after twice that (so a lapsed claim can still be reaped).
  EXPECT_EQ(Integer({"ZCARD", Key(alice)}), 1);
  const auto pttl = Integer({"PTTL", Key(alice)});
  EXPECT_GT(pttl, 30'000);
  EXPECT_LE(pttl, 60'000);

  a->Disconnected(alice);
  ASSERT_TRUE(a->WaitIdle(3s));
  EXPECT_FALSE(a->IsOnline(alice));
  EXPECT_TRUE(Eventually([&] { return !b->IsOnline(alice); })) << "B still sees alice";
  EXPECT_EQ(seen_a.Seen(), (std::vector<std::pair<UserId, bool>>{{alice, true}, {alice, false}}));
  EXPECT_TRUE(seen_b.Seen().empty());
  EXPECT_EQ(Integer({"EXISTS", Key(alice)}), 0) << "the last leave deletes the key";
}

TEST_F(ClusterPresenceTest, ASecondDeviceOnAnotherInstanceAnnouncesNothing) {
  Announcements seen_a;
  Announcements seen_b;
  auto a = Start(seen_a);
  auto b = Start(seen_b);
  const UserId carol(21);

  a->Connected(carol);
  ASSERT_TRUE(a->WaitIdle(3s));
  b->Connected(carol);  // her phone, through the other instance
  b->Connected(carol);  // and a second tab there
  ASSERT_TRUE(b->WaitIdle(3s));
  EXPECT_EQ(seen_a.Count(carol, true), 1u);
  EXPECT_EQ(seen_b.Count(carol, true), 0u) << "already online through A";

  // The first instance's device goes: she is still on B.
  a->Disconnected(carol);
  ASSERT_TRUE(a->WaitIdle(3s));
  EXPECT_EQ(seen_a.Count(carol, false), 0u);
  EXPECT_TRUE(Eventually([&] { return a->IsOnline(carol); }));

  b->Disconnected(carol);
  ASSERT_TRUE(b->WaitIdle(3s));
  EXPECT_EQ(seen_b.Count(carol, false), 0u) << "one tab is still open";
  b->Disconnected(carol);
  ASSERT_TRUE(b->WaitIdle(3s));
  EXPECT_EQ(seen_b.Count(carol, false), 1u);
  EXPECT_EQ(seen_a.Count(carol, false), 0u);
  EXPECT_TRUE(Eventually([&] { return !a->IsOnline(carol) && !b->IsOnline(carol); }));
}

// The scripts make join and leave atomic: devices of one user arriving on two
// instances at the same moment give one "came online", and leaving at the
// same moment one "went offline" — never two, never none.
TEST_F(ClusterPresenceTest, SimultaneousDevicesOnTwoInstancesAnnounceExactlyOnce) {
  Announcements seen_a;
  Announcements seen_b;
  auto a = Start(seen_a);
  auto b = Start(seen_b);
  constexpr int kUsers = 200;
  std::thread on_a([&] {
    for (int i = 1; i <= kUsers; ++i) a->Connected(UserId(1000 + i));
  });
  std::thread on_b([&] {
    for (int i = 1; i <= kUsers; ++i) b->Connected(UserId(1000 + i));
  });
  on_a.join();
  on_b.join();
  ASSERT_TRUE(a->WaitIdle(5s));
  ASSERT_TRUE(b->WaitIdle(5s));
  std::thread off_a([&] {
    for (int i = 1; i <= kUsers; ++i) a->Disconnected(UserId(1000 + i));
  });
  std::thread off_b([&] {
    for (int i = 1; i <= kUsers; ++i) b->Disconnected(UserId(1000 + i));
  });
  off_a.join();
  off_b.join();
  ASSERT_TRUE(a->WaitIdle(5s));
  ASSERT_TRUE(b->WaitIdle(5s));
  for (int i = 1; i <= kUsers; ++i) {
    const UserId user(1000 + i);
    EXPECT_EQ(seen_a.Count(user, true) + seen_b.Count(user, true), 1u) << "user " << user.value;
    EXPECT_EQ(seen_a.Count(user, false) + seen_b.Count(user, false), 1u) << "user " << user.value;
  }
}

// An instance that dies without saying goodbye: its claims lapse after the
// ttl, in the other instances' memory and in Redis.
TEST_F(ClusterPresenceTest, ACrashedInstancesUsersGoOfflineAfterTheTtl) {
  Announcements seen_a;
  Announcements seen_b;
  const auto short_lived = Options(200ms, 1'000ms);
  auto a = Start(seen_a, short_lived);
  auto b = Start(seen_b, short_lived);
  const UserId dave(31);
  a->Connected(dave);
  ASSERT_TRUE(a->WaitIdle(3s));
  ASSERT_TRUE(Eventually([&] { return b->IsOnline(dave); }));
  // Refreshed while A lives: still online well past one ttl.
  std::this_thread::sleep_for(2'000ms);
  EXPECT_TRUE(b->IsOnline(dave));

  // No Disconnected: A vanishes with dave's device still counted (a crash,
  // as far as Redis and B can tell).
  a.reset();
  const auto gone = std::chrono::steady_clock::now();
  EXPECT_TRUE(Eventually([&] { return !b->IsOnline(dave); }, 3s)) << "still online long after the ttl";
  EXPECT_GE(std::chrono::steady_clock::now() - gone, 500ms) << "dropped before the claim could lapse";
  // B, the survivor, tells dave's contacts he went offline, and the reap
  // removed the key.
  EXPECT_TRUE(Eventually([&] { return seen_b.Count(dave, false) == 1; }, 3s)) << "nobody announced dave offline";
  EXPECT_TRUE(Eventually([&] { return Integer({"EXISTS", Key(dave)}) == 0; }, 3s)) << "the key outlived the ttl";

  // Dave comes back through B: the dead claim does not count, so he came online.
  b->Connected(dave);
  ASSERT_TRUE(b->WaitIdle(3s));
  EXPECT_EQ(seen_b.Count(dave, true), 1u);
}

// Several survivors: exactly one of them announces each of the crashed
// instance's users offline, and none announces a user who is still online
// through another instance.
TEST_F(ClusterPresenceTest, ACrashedInstancesUsersAreAnnouncedOfflineOnceAcrossSurvivors) {
  Announcements seen_a;
  Announcements seen_b;
  Announcements seen_c;
  const auto short_lived = Options(200ms, 1'000ms);
  auto a = Start(seen_a, short_lived);
  auto b = Start(seen_b, short_lived);
  auto c = Start(seen_c, short_lived);
  std::vector<UserId> on_a;
  for (int i = 0; i < 20; ++i) on_a.emplace_back(300 + i);
  const UserId also_on_b(300);  // a second device through B
  for (const auto user : on_a) a->Connected(user);
  ASSERT_TRUE(a->WaitIdle(3s));
  b->Connected(also_on_b);
  ASSERT_TRUE(b->WaitIdle(3s));
  ASSERT_TRUE(Eventually([&] {
    return std::all_of(on_a.begin(), on_a.end(), [&](UserId u) { return b->IsOnline(u) && c->IsOnline(u); });
  }));

  a.reset();  // a crash: nobody disconnected
  ASSERT_TRUE(Eventually(
      [&] {
        return std::all_of(on_a.begin() + 1, on_a.end(),
                           [&](UserId u) { return seen_b.Count(u, false) + seen_c.Count(u, false) >= 1; });
      },
      5s))
      << "not every user of the crashed instance was announced offline";
  std::this_thread::sleep_for(1'000ms);  // a few more refreshes: no second announcement
  for (const auto user : on_a) {
    if (user == also_on_b) continue;
    EXPECT_EQ(seen_b.Count(user, false) + seen_c.Count(user, false), 1u) << "user " << user.value;
    EXPECT_FALSE(b->IsOnline(user));
    EXPECT_FALSE(c->IsOnline(user));
  }
  EXPECT_EQ(seen_b.Count(also_on_b, false) + seen_c.Count(also_on_b, false), 0u) << "still online through B";
  EXPECT_TRUE(c->IsOnline(also_on_b));
}

// A claim left by an instance that is gone (written here by hand) does not
// make anybody online once its score is past, even while its key lives on.
TEST_F(ClusterPresenceTest, ExpiredClaimsAreNotCounted) {
  Announcements seen;
  auto a = Start(seen);
  const UserId erin(41);
  ASSERT_EQ(Integer({"ZADD", Key(erin), "1", "ghost-instance"}), 1);  // expired in 1970
  a->Connected(erin);
  ASSERT_TRUE(a->WaitIdle(3s));
  EXPECT_EQ(seen.Count(erin, true), 1u);
  EXPECT_EQ(Integer({"ZCARD", Key(erin)}), 1) << "the dead claim was swept";
}

// A new instance learns who is online elsewhere without waiting a refresh.
TEST_F(ClusterPresenceTest, ALateInstanceAsksTheOthersWhoIsOnline) {
  Announcements seen_a;
  Announcements seen_b;
  auto a = Start(seen_a);
  const UserId frank(51);
  a->Connected(frank);
  ASSERT_TRUE(a->WaitIdle(3s));
  auto b = Start(seen_b);  // refresh every 10 s: only the answer to "?" can tell it
  EXPECT_TRUE(Eventually([&] { return b->IsOnline(frank); }, 2s));
}

// Redis dies and comes back empty: meanwhile each instance keeps its own
// users and (until the ttl) the others'; afterwards their claims are back in
// Redis and in every mirror, without anyone reconnecting a socket.
TEST_F(ClusterPresenceTest, RedisLostAndBackEmptyGetsEveryClaimBack) {
  RedisProcess redis;  // of its own: the shared one must not die under the other tests
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  auto options = Options();
  options.url = redis.url();
  Announcements seen_a;
  Announcements seen_b;
  auto a = Start(seen_a, options);
  auto b = Start(seen_b, options);
  const UserId hana(71);
  const UserId ivan(72);
  a->Connected(hana);
  ASSERT_TRUE(a->WaitIdle(3s));
  ASSERT_TRUE(Eventually([&] { return b->IsOnline(hana); }));

  redis.Kill();
  a->Connected(ivan);  // decided locally: Redis is gone
  ASSERT_TRUE(a->WaitIdle(5s));
  EXPECT_EQ(seen_a.Count(ivan, true), 1u);
  EXPECT_TRUE(a->IsOnline(ivan));
  EXPECT_TRUE(b->IsOnline(hana)) << "the mirror keeps what it knew until the ttl";

  ASSERT_NO_FATAL_FAILURE(redis.Start());
  rd::RedisConnection fresh;
  ASSERT_TRUE(Eventually([&] { return fresh.Connect(*ParseRedisUrl(redis.url()), 1s); }));
  const auto exists = [&](UserId user) {
    rd::Reply reply = fresh.Command({"EXISTS", Key(user)});
    return reply && reply->type == REDIS_REPLY_INTEGER && reply->integer == 1;
  };
  // Reconnecting waits up to 5 s (+20 %) between attempts.
  EXPECT_TRUE(Eventually([&] { return exists(hana) && exists(ivan); }, 15s)) << "claims not re-registered";
  EXPECT_TRUE(Eventually([&] { return b->IsOnline(ivan); }, 15s)) << "B never learnt of ivan";

  a->Disconnected(ivan);
  ASSERT_TRUE(a->WaitIdle(5s));
  EXPECT_EQ(seen_a.Count(ivan, false), 1u);
  EXPECT_TRUE(Eventually([&] { return !b->IsOnline(ivan); }));
  EXPECT_TRUE(seen_b.Seen().empty());
}

// No Redis: presence is this process's, announced as the one-process server
// does, and nothing waits for the missing Redis.
TEST_F(ClusterPresenceTest, WithoutClusterPresenceIsLocalAndNothingBlocks) {
  Announcements seen;
  auto options = Options();
  options.url = "redis://127.0.0.1:1";  // nobody listens on port 1
  ClusterPresence lonely(options, seen.Callback());
  const UserId gina(61);
  const auto before = std::chrono::steady_clock::now();
  lonely.Connected(gina);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 50ms);
  EXPECT_TRUE(lonely.IsOnline(gina));
  ASSERT_TRUE(lonely.WaitIdle(5s));
  EXPECT_EQ(seen.Count(gina, true), 1u);
  lonely.Disconnected(gina);
  ASSERT_TRUE(lonely.WaitIdle(5s));
  EXPECT_EQ(seen.Count(gina, false), 1u);
  EXPECT_FALSE(lonely.IsOnline(gina));
}

TEST(ClusterPresenceOptionsTest, ABadUrlIsRefusedWithoutEchoingIt) {
  try {
    ClusterPresence bad({.url = "http://user:secret@host"}, [](UserId, bool) {});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace lenslet::realtime::redis

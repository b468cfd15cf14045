// Presence in decision order (api/live/presence_announcer.cpp), on both
// backends: an announcement whose audience was read before a block committed
// must not reach the blocked viewer after the block's "offline" — their screen
// would keep showing "online" for someone who had just blocked them. The
// publisher here holds the announcement on its way, as a busy machine can
// (tests/functional/message-safety.test.mjs "presence follows who may see it").
// The same for the "online" an accepted request sends (here: a reply).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "api/conversations/detail/send.hpp"
#include "api/live/events.hpp"
#include "api/live/presence.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/services.hpp"
#include "auth/auth_service.hpp"
#include "core/worker_pool.hpp"
#include "db/testing/database_fixture.hpp"
#include "realtime/broadcast.hpp"
#include "store/block_store.hpp"
#include "store/conversation_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::live {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Records every broadcast; holds the first `presence` one inside Publish until
// released, as a thread descheduled between deciding and publishing would.
class HoldingPublisher final : public realtime::Publisher {
 public:
  void Publish(realtime::Broadcast broadcast) override {
    std::unique_lock lock(mutex_);
    if (broadcast.event == "presence" && hold_ == Hold::kArmed) {
      hold_ = Hold::kHolding;
      changed_.notify_all();
      changed_.wait(lock, [&] { return hold_ == Hold::kReleased; });
    }
    published_.push_back(std::move(broadcast));
  }
  void HoldNextPresence() {
    const std::lock_guard lock(mutex_);
    hold_ = Hold::kArmed;
  }
  bool WaitHolding(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return hold_ == Hold::kHolding; });
  }
  void Release() {
    const std::lock_guard lock(mutex_);
    hold_ = Hold::kReleased;
    changed_.notify_all();
  }
  // The last presence event about `subject` that reached `viewer`'s room.
  std::optional<boost::json::value> LastPresence(core::UserId subject, core::UserId viewer) {
    const std::lock_guard lock(mutex_);
    const auto room = UserRoom(viewer);
    for (auto it = published_.rbegin(); it != published_.rend(); ++it) {
      if (it->event != "presence" || std::find(it->rooms.begin(), it->rooms.end(), room) == it->rooms.end())
        continue;
      const auto& payload = it->args.args.at(0);
      if (payload.at("userId").as_string() == subject.ToString()) return payload;
    }
    return std::nullopt;
  }

 private:
  enum class Hold { kNone, kArmed, kHolding, kReleased };
  std::mutex mutex_;
  std::condition_variable changed_;
  Hold hold_ = Hold::kNone;
  std::vector<realtime::Broadcast> published_;
};

class PresenceOrderTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auth::AuthOptions options;
    options.jwt_secret = core::Secret(std::string(32, 'k'));
    options.password = {.opslimit = 1, .memlimit = 8192};
    auth_.emplace(db(), hash_pool_, options);
    services_.emplace(Services{.db = db(), .auth = *auth_, .options = {}, .ready = ready_});
    services_->publisher = &publisher_;
    services_->presence = &presence_;
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  void TearDown() override {
    publisher_.Release();
    work_.reset();
    for (auto& t : threads_) t.join();
    services_.reset();
    auth_.reset();
    DatabaseTest::TearDown();
  }
  store::UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return store::UserStore().Insert(
          c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  template <typename Awaitable>
  auto Start(Awaitable awaitable) {
    return asio::co_spawn(io_, std::move(awaitable), asio::use_future);
  }

  core::WorkerPool hash_pool_{"test-hash", 1, 10};
  std::atomic<bool> ready_{true};
  std::optional<auth::AuthService> auth_;
  std::optional<Services> services_;
  HoldingPublisher publisher_;
  InMemoryPresence presence_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{asio::make_work_guard(io_)};
  std::vector<std::thread> threads_;
};

TEST_P(PresenceOrderTest, AComingOnlineDecidedBeforeABlockDoesNotOutrunTheBlocksOffline) {
  const auto ann = NewUser("ann").id;
  const auto bob = NewUser("bob").id;
  db().WriteNow([&](db::Connection& c) { store::ConversationStore().FindOrCreateDirect(c, ann, bob, 10); });

  // Ann's device connects; the announcement reads her contacts (Bob among
  // them) and is held on its way to publishing.
  ASSERT_TRUE(presence_.Connected(ann));
  publisher_.HoldNextPresence();
  auto announced = Start(AnnouncePresenceChange(*services_, ann, true));
  ASSERT_TRUE(publisher_.WaitHolding(10s));

  // Ann blocks Bob meanwhile (api/users/block.cpp: the write, then the retelling).
  db().WriteNow([&](db::Connection& c) { store::BlockStore().Block(c, ann, bob, 20); });
  auto retold = Start(RetellPresence(*services_, ann, std::vector<core::UserId>(1, bob)));
  // Before the fix the retelling was out here, ahead of the held "online".
  retold.wait_for(500ms);
  publisher_.Release();
  ASSERT_EQ(announced.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(retold.wait_for(10s), std::future_status::ready);

  const auto last = publisher_.LastPresence(ann, bob);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->at("online").as_bool(), false)
      << "Bob's screen is left showing Ann online: " << boost::json::serialize(*last);
  EXPECT_TRUE(last->at("lastSeenAt").is_null());
}

TEST_P(PresenceOrderTest, AnAcceptedRequestsOnlineDoesNotOutrunABlocksOffline) {
  const auto ann = NewUser("ann").id;
  const auto bob = NewUser("bob").id;
  // Bob writes to Ann, who does not follow him: a request for her.
  const auto request = db().WriteNow([&](db::Connection& c) {
    return store::ConversationStore().FindOrCreateDirect(c, bob, ann, 10, false).id;
  });

  // Ann, online, replies: that accepts it, and Bob may see her presence from
  // now on. Its "online" is held on its way.
  ASSERT_TRUE(presence_.Connected(ann));
  publisher_.HoldNextPresence();
  auto replied = Start(conversations::detail::Send(*services_, ann, request, "hi bob", "c1", std::nullopt));
  ASSERT_TRUE(publisher_.WaitHolding(10s));

  db().WriteNow([&](db::Connection& c) { store::BlockStore().Block(c, ann, bob, 20); });
  auto retold = Start(RetellPresence(*services_, ann, std::vector<core::UserId>(1, bob)));
  retold.wait_for(500ms);
  publisher_.Release();
  ASSERT_EQ(replied.wait_for(10s), std::future_status::ready);
  replied.get();
  ASSERT_EQ(retold.wait_for(10s), std::future_status::ready);

  const auto last = publisher_.LastPresence(ann, bob);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->at("online").as_bool(), false)
      << "Bob's screen is left showing Ann online: " << boost::json::serialize(*last);
}

LENSLET_INSTANTIATE_DB_TEST(PresenceOrderTest);

}  // namespace
}  // namespace lenslet::api::live

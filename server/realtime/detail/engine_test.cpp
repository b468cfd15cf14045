// An Engine.IO session's states, in memory: the heartbeat as the sweep sees
// it (driven with explicit times), the long-polling answers on close, and the
// upgrade states a second WebSocket runs into.
#include "realtime/detail/engine.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <memory>
#include <optional>

namespace lenslet::realtime::detail {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using protocol::EioPacket;
using protocol::EioPacketType;

ServerOptions Timings() {
  ServerOptions options;
  options.ping_interval = 300ms;
  options.ping_timeout = 200ms;
  return options;
}

class EngineSessionTest : public ::testing::Test {
 protected:
  std::shared_ptr<EngineSession> NewSession(TransportKind transport = TransportKind::kPolling) {
    // Taken before the session exists: its first ping is due at least 300 ms
    // after `start_`, and (the test being quick) well under 100 ms later than that.
    start_ = Clock::now();
    return std::make_shared<EngineSession>(engine_, "sid", transport, Handshake{},
                                           net::make_strand(io_.get_executor()));
  }

  // Runs a polling GET to its answer; `meanwhile` runs once the GET waits.
  HttpAnswer Poll(const std::shared_ptr<EngineSession>& session, std::function<void()> meanwhile) {
    std::optional<HttpAnswer> answer;
    net::co_spawn(io_, session->HandleGet(), [&](std::exception_ptr error, HttpAnswer result) {
      if (error) std::rethrow_exception(error);
      answer = std::move(result);
    });
    net::post(io_, std::move(meanwhile));
    io_.run_for(5s);
    io_.restart();
    EXPECT_TRUE(answer.has_value());
    return answer.value_or(HttpAnswer{});
  }

  Clock::time_point start_;
  net::io_context io_;
  Engine engine_{Timings(), nullptr};
};

TEST_F(EngineSessionTest, PingsKeepARegularPeriodWhateverTheSweepsLateness) {
  const auto session = NewSession();
  EXPECT_EQ(session->Sweep(start_ + 299ms), SweepAction::kNone);
  // The sweep comes ~100 ms after the ping was due; the pong comes at once.
  EXPECT_EQ(session->Sweep(start_ + 400ms), SweepAction::kPing);
  session->OnPacket(EioPacket::Text(EioPacketType::kPong));
  // The next ping is due an interval after the first one was (~600 ms), not
  // an interval after the late sweep or the pong.
  EXPECT_EQ(session->Sweep(start_ + 599ms), SweepAction::kNone);
  EXPECT_EQ(session->Sweep(start_ + 690ms), SweepAction::kPing);
  session->OnPacket(EioPacket::Text(EioPacketType::kPong));
  EXPECT_EQ(session->Sweep(start_ + 899ms), SweepAction::kNone);
  EXPECT_EQ(session->Sweep(start_ + 990ms), SweepAction::kPing);
}

TEST_F(EngineSessionTest, APongIsDuePingTimeoutAfterThePingWasDue) {
  const auto session = NewSession();
  EXPECT_EQ(session->Sweep(start_ + 400ms), SweepAction::kPing);  // sent ~100 ms late
  EXPECT_EQ(session->Sweep(start_ + 499ms), SweepAction::kNone);
  // Due ~300 ms + 200 ms: over by ~500 ms, though the ping went out at ~400 ms.
  EXPECT_EQ(session->Sweep(start_ + 590ms), SweepAction::kPingTimeout);
}

TEST_F(EngineSessionTest, ARequestAfterTheHeartbeatDeadlineFindsTheSessionClosed) {
  auto session = NewSession();
  EXPECT_FALSE(session->CloseIfHeartbeatExpired(start_ + 100ms));
  EXPECT_FALSE(session->closed());
  // Never pinged (the sweep has not come), yet the deadline is the same: ~500 ms.
  EXPECT_TRUE(session->CloseIfHeartbeatExpired(start_ + 590ms));
  EXPECT_TRUE(session->closed());
  EXPECT_FALSE(session->CloseIfHeartbeatExpired(start_ + 600ms));  // once

  // Pinged and answered: alive until the next ping's pong is overdue.
  session = NewSession();
  EXPECT_EQ(session->Sweep(start_ + 390ms), SweepAction::kPing);
  session->OnPacket(EioPacket::Text(EioPacketType::kPong));
  EXPECT_FALSE(session->CloseIfHeartbeatExpired(start_ + 790ms));
  EXPECT_TRUE(session->CloseIfHeartbeatExpired(start_ + 890ms));
}

TEST_F(EngineSessionTest, AClientCloseEndsThePendingPollWithANoop) {
  const auto session = NewSession();
  const HttpAnswer answer = Poll(session, [&] { session->OnPacket(EioPacket::Text(EioPacketType::kClose)); });
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "6");
  EXPECT_TRUE(session->closed());
}

TEST_F(EngineSessionTest, APollThatRacedTheClientsCloseGetsANoopToo) {
  const auto session = NewSession();
  session->OnPacket(EioPacket::Text(EioPacketType::kClose));
  EXPECT_EQ(Poll(session, [] {}).body, "6");
  // Unregistered by then: the Engine answers the next poll 400.
}

TEST_F(EngineSessionTest, AServerCloseEndsThePendingPollWithTheClosePacket) {
  const auto session = NewSession();
  const HttpAnswer answer = Poll(session, [&] { session->Close("forced close", true); });
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "1");
}

TEST_F(EngineSessionTest, OnlyOneWebSocketMayTakeOverAPollingSession) {
  const auto session = NewSession();
  ASSERT_TRUE(session->BeginProbe());
  EXPECT_FALSE(session->BeginProbe()) << "a probe is under way";
  session->AbortProbe();
  ASSERT_TRUE(session->BeginProbe());
  session->OnProbe();
  // While upgrading, a poll answers at once with a noop so the client pauses.
  EXPECT_EQ(Poll(session, [] {}).body, "6");
  ASSERT_TRUE(session->CompleteUpgrade({}));
  EXPECT_FALSE(session->BeginProbe()) << "already upgraded";
  EXPECT_EQ(Poll(session, [] {}).status, 400) << "polling is over";

  const auto websocket = NewSession(TransportKind::kWebSocket);
  EXPECT_FALSE(websocket->BeginProbe());
}

}  // namespace
}  // namespace lenslet::realtime::detail

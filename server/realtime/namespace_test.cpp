// Rooms and local delivery, in memory: real Engine.IO sessions (no network)
// carry real Socket.IO packets into the server, and what the server sends is
// read back from each session's queue.
#include "realtime/namespace.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "realtime/detail/client.hpp"
#include "realtime/detail/engine.hpp"
#include "realtime/detail/room_members.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime {
namespace {

namespace net = boost::asio;
namespace json = boost::json;
using protocol::EioPacket;
using protocol::EioPacketType;

// One client connection, as the Engine would open it.
struct Connection {
  std::shared_ptr<detail::EngineSession> session;
  std::shared_ptr<detail::Client> client;
  std::string socket_id;  // in "/", from the CONNECT answer

  void Send(std::string text) { client->OnMessage(EioPacket::Text(EioPacketType::kMessage, std::move(text))); }
  // The Socket.IO packets queued for the client since the last call.
  std::vector<std::string> Received() {
    bool closed = false;
    std::vector<std::string> texts;
    for (auto& packet : session->Take(closed)) {
      if (packet.type == EioPacketType::kMessage) texts.push_back(std::move(packet.data));
    }
    return texts;
  }
};

class NamespaceTest : public ::testing::Test {
 protected:
  NamespaceTest() {
    // Joins the rooms its auth names: {"rooms":["a","b"]}.
    server_.Of("/").OnConnection([](Socket& socket, const json::value& auth) -> net::awaitable<ConnectResult> {
      if (const auto* rooms = auth.as_object().if_contains("rooms")) {
        for (const auto& room : rooms->as_array()) socket.Join(std::string(room.as_string()));
      }
      co_return ConnectResult::Accept();
    });
    server_.Of("/").OnDisconnect([this](Socket& socket, std::string_view reason) {
      left_.push_back(socket.id() + " " + std::string(reason));
    });
  }

  Connection Connect(std::vector<std::string> rooms) {
    Connection connection;
    connection.session = std::make_shared<detail::EngineSession>(engine_, "sid" + std::to_string(next_++),
                                                                 detail::TransportKind::kPolling, Handshake{},
                                                                 net::make_strand(io_.get_executor()));
    connection.client = std::make_shared<detail::Client>(server_, connection.session);
    connection.session->SetListener(connection.client);
    sessions_.push_back(connection.session);
    json::array names;
    for (auto& room : rooms) names.emplace_back(room);
    connection.Send("0" + json::serialize(json::object{{"rooms", std::move(names)}}));
    Run();
    const auto answer = connection.Received();
    EXPECT_EQ(answer.size(), 1u);
    if (!answer.empty() && answer.front().starts_with("0{")) {
      connection.socket_id = std::string(json::parse(answer.front().substr(1)).at("sid").as_string());
    }
    return connection;
  }

  // A session and its client hold each other until the session closes, as
  // every served one eventually does.
  void TearDown() override {
    for (const auto& session : sessions_) session->Close("test over", false);
    Run();
  }

  void Run() {
    io_.restart();
    io_.run();
  }

  void Deliver(std::vector<std::string> rooms, std::vector<std::string> except = {}) {
    server_.DeliverLocal(Broadcast{.rooms = std::move(rooms), .except = std::move(except), .event = "hi"});
    Run();
  }

  net::io_context io_;
  ServerOptions options_;
  Server server_{options_};
  // Owns no session: these are built by hand and never served.
  detail::Engine engine_{options_, nullptr};
  int next_ = 0;
  std::vector<std::shared_ptr<detail::EngineSession>> sessions_;
  std::vector<std::string> left_;
};

const std::vector<std::string> kHi = {R"(2["hi"])"};
const std::vector<std::string> kNothing = {};

TEST_F(NamespaceTest, ABroadcastReachesEachSocketInAnyOfItsRoomsOnce) {
  auto ab = Connect({"a", "b"});
  auto b = Connect({"b"});
  auto none = Connect({});
  Deliver({"a", "b"});
  EXPECT_EQ(ab.Received(), kHi);
  EXPECT_EQ(b.Received(), kHi);
  EXPECT_EQ(none.Received(), kNothing);
  Deliver({"a"});
  EXPECT_EQ(ab.Received(), kHi);
  EXPECT_EQ(b.Received(), kNothing);
  Deliver({"nobody's"});
  EXPECT_EQ(ab.Received(), kNothing);
}

TEST_F(NamespaceTest, NoRoomsMeansTheWholeNamespaceAndExceptRemoves) {
  auto ab = Connect({"a", "b"});
  auto b = Connect({"b"});
  auto none = Connect({});
  Deliver({});
  EXPECT_EQ(ab.Received(), kHi);
  EXPECT_EQ(b.Received(), kHi);
  EXPECT_EQ(none.Received(), kHi);
  Deliver({}, {"b"});
  EXPECT_EQ(ab.Received(), kNothing);
  EXPECT_EQ(b.Received(), kNothing);
  EXPECT_EQ(none.Received(), kHi);
  Deliver({"a", "b"}, {"a"});
  EXPECT_EQ(ab.Received(), kNothing);
  EXPECT_EQ(b.Received(), kHi);
}

TEST_F(NamespaceTest, EverySocketIsInTheRoomNamedByItsId) {
  auto first = Connect({});
  auto second = Connect({});
  ASSERT_FALSE(first.socket_id.empty());
  Deliver({first.socket_id});
  EXPECT_EQ(first.Received(), kHi);
  EXPECT_EQ(second.Received(), kNothing);
  Deliver({}, {first.socket_id});
  EXPECT_EQ(first.Received(), kNothing);
  EXPECT_EQ(second.Received(), kHi);
}

TEST_F(NamespaceTest, ASocketThatLeavesTheNamespaceLeavesItsRoomsButTheConnectionStays) {
  auto leaving = Connect({"a"});
  auto staying = Connect({"a"});
  leaving.Send("1");
  Run();
  ASSERT_EQ(left_.size(), 1u);
  EXPECT_EQ(left_.front(), leaving.socket_id + " client namespace disconnect");
  EXPECT_FALSE(leaving.session->closed());
  Deliver({"a"});
  Deliver({leaving.socket_id});
  EXPECT_EQ(leaving.Received(), kNothing);
  EXPECT_EQ(staying.Received(), kHi);
  // Joining again on the same connection is a new socket, in its rooms again.
  leaving.Send(R"(0{"rooms":["a"]})");
  Run();
  EXPECT_EQ(leaving.Received().size(), 1u);  // the CONNECT answer
  Deliver({"a"});
  EXPECT_EQ(leaving.Received(), kHi);
}

TEST_F(NamespaceTest, AClosedConnectionLeavesEveryRoom) {
  auto gone = Connect({"a", "b"});
  auto staying = Connect({"b"});
  gone.session->Close("transport close", false);
  Run();
  EXPECT_EQ(left_.size(), 1u);
  Deliver({"a", "b"});
  EXPECT_EQ(staying.Received(), kHi);
}

TEST_F(NamespaceTest, ABigRoomDeliversToAllAndForgetsWhoLeft) {
  // Past RoomMembers::kFew members the room switches to a hash map.
  std::vector<Connection> members;
  for (std::size_t i = 0; i < detail::RoomMembers::kFew + 4; ++i) members.push_back(Connect({"big"}));
  for (std::size_t i = 0; i < members.size(); i += 2) members[i].Send("1");
  Run();
  Deliver({"big"});
  for (std::size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(members[i].Received(), i % 2 == 0 ? kNothing : kHi) << "member " << i;
  }
}

TEST_F(NamespaceTest, ADisconnectBroadcastClosesTheConnectionsInTheRoom) {
  auto session_room = Connect({"session:7"});
  auto other = Connect({"session:8"});
  server_.DeliverLocal(Broadcast{.kind = Broadcast::Kind::kDisconnect, .rooms = {"session:7"}});
  Run();
  EXPECT_EQ(session_room.Received(), std::vector<std::string>{"1"});  // DISCONNECT, then the session closes
  EXPECT_TRUE(session_room.session->closed());
  EXPECT_FALSE(other.session->closed());
  Deliver({"session:7", "session:8"});
  EXPECT_EQ(other.Received(), kHi);
}

TEST_F(NamespaceTest, ToEmitsThroughThePublisher) {
  auto member = Connect({"room"});
  server_.Of("/").To("room").Emit("hi");
  Run();
  EXPECT_EQ(member.Received(), kHi);
  server_.publisher().EmitToRoom("/", "room", "hi", {});
  Run();
  EXPECT_EQ(member.Received(), kHi);
}

TEST_F(NamespaceTest, AnEmitBeforeTheConnectAnswerFollowsIt) {
  server_.Of("/custom").OnConnection([](Socket& socket, const json::value&) -> net::awaitable<ConnectResult> {
    socket.Emit("auth", Payload{}.Add(1));
    co_return ConnectResult::Accept();
  });
  auto connection = Connect({});
  connection.Send("0/custom");
  Run();
  const auto received = connection.Received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_TRUE(received[0].starts_with("0/custom,{\"sid\":")) << received[0];
  EXPECT_EQ(received[1], R"(2/custom,["auth",1])");
}

TEST_F(NamespaceTest, AnUnknownNamespaceIsRefusedAndTheConnectionStays) {
  auto connection = Connect({});
  connection.Send("0/random");
  Run();
  EXPECT_EQ(connection.Received(), std::vector<std::string>{R"(4/random,{"message":"Invalid namespace"})"});
  EXPECT_FALSE(connection.session->closed());
}

}  // namespace
}  // namespace lenslet::realtime

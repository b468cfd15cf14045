#include "realtime/protocol/engineio.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "realtime/protocol/detail/base64.hpp"

namespace lenslet::realtime::protocol {
namespace {

using namespace std::string_literals;

// --- Test vectors from engine.io-protocol v4 README and engine.io-parser 4.0.0 changelog ---

TEST(EngineIo, HandshakeMatchesSpecSample) {
  // socket.io-protocol "Sample session", request n°1.
  OpenHandshake handshake{.sid = "lv_VI97HAXpY6yYWAAAC",
                          .upgrades = {"websocket"},
                          .ping_interval_ms = 25000,
                          .ping_timeout_ms = 5000,
                          .max_payload = 1000000};
  EXPECT_EQ(EncodeTextPacket(MakeOpenPacket(handshake)),
            R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000})");
}

TEST(EngineIo, HandshakeMatchesHandshakeSectionExample) {
  // engine.io-protocol "Handshake" example.
  OpenHandshake handshake{.sid = "lv_VI97HAXpY6yYWAAAC", .upgrades = {"websocket"}};
  EXPECT_EQ(EncodeHandshake(handshake),
            R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
}

TEST(EngineIo, HandshakeRoundTrips) {
  OpenHandshake handshake{.sid = "abc", .upgrades = {}, .ping_interval_ms = 300, .ping_timeout_ms = 200,
                          .max_payload = 42};
  auto decoded = DecodeHandshake(EncodeHandshake(handshake));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, handshake);
}

TEST(EngineIo, HandshakeDecodeRejectsWrongShapes) {
  EXPECT_EQ(DecodeHandshake("{").error().code, DecodeError::kBadJson);
  EXPECT_EQ(DecodeHandshake("[]").error().code, DecodeError::kBadPayload);
  EXPECT_EQ(DecodeHandshake(R"({"sid":1})").error().code, DecodeError::kBadPayload);
  EXPECT_EQ(DecodeHandshake(R"({"sid":"a","upgrades":[1]})").error().code, DecodeError::kBadPayload);
  EXPECT_EQ(DecodeHandshake(R"({"sid":"a","upgrades":[],"pingInterval":"1","pingTimeout":1,"maxPayload":1})")
                .error()
                .code,
            DecodeError::kBadPayload);
}

TEST(EngineIo, TextPacketsOfEveryType) {
  // engine.io-protocol "Protocol": open(0) … noop(6).
  const std::vector<std::pair<EioPacket, std::string>> cases = {
      {EioPacket::Text(EioPacketType::kOpen, "{}"), "0{}"},
      {EioPacket::Text(EioPacketType::kClose), "1"},
      {EioPacket::Text(EioPacketType::kPing), "2"},
      {EioPacket::Text(EioPacketType::kPing, "probe"), "2probe"},
      {EioPacket::Text(EioPacketType::kPong, "probe"), "3probe"},
      {EioPacket::Text(EioPacketType::kMessage, "hello"), "4hello"},
      {EioPacket::Text(EioPacketType::kMessage, "HelloWorld"), "4HelloWorld"},
      {EioPacket::Text(EioPacketType::kUpgrade), "5"},
      {EioPacket::Text(EioPacketType::kNoop), "6"},
  };
  for (const auto& [packet, wire] : cases) {
    EXPECT_EQ(EncodeTextPacket(packet), wire);
    EXPECT_EQ(EncodeWebSocketFrame(packet), wire);
    auto decoded = DecodeTextPacket(wire);
    ASSERT_TRUE(decoded) << wire;
    EXPECT_EQ(*decoded, packet) << wire;
  }
}

TEST(EngineIo, Utf8TextIsPassedThrough) {
  auto decoded = DecodeTextPacket("4€€€");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->data, "€€€");
}

TEST(EngineIo, DecodeTextRejectsEmptyAndUnknownType) {
  EXPECT_EQ(DecodeTextPacket("").error().code, DecodeError::kEmpty);
  EXPECT_EQ(DecodeTextPacket("7").error().code, DecodeError::kUnknownType);
  EXPECT_EQ(DecodeTextPacket("x4").error().code, DecodeError::kUnknownType);
  EXPECT_EQ(DecodeTextPacket("/").error().code, DecodeError::kUnknownType);
}

TEST(EngineIo, WebSocketBinaryFrameIsMessageWithoutPrefix) {
  // engine.io-parser 4.0.0: { type: 'message', data: <01 02 03> } => <Buffer 01 02 03>.
  const std::string bytes = "\x01\x02\x03"s;
  EXPECT_EQ(EncodeWebSocketFrame(EioPacket::Binary(bytes)), bytes);
  auto decoded = DecodeWebSocketFrame(bytes, /*is_binary=*/true);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, EioPacket::Binary(bytes));
  // A binary frame starting with '4' is still raw data, not a type byte.
  auto four = DecodeWebSocketFrame("4abc", true);
  ASSERT_TRUE(four);
  EXPECT_TRUE(four->binary);
  EXPECT_EQ(four->data, "4abc");
}

TEST(EngineIo, WebSocketFrameLimits) {
  EioLimits limits{.max_payload = 4};
  EXPECT_TRUE(DecodeWebSocketFrame("4abc", false, limits));
  EXPECT_EQ(DecodeWebSocketFrame("4abcd", false, limits).error().code, DecodeError::kTooLarge);
  EXPECT_EQ(DecodeWebSocketFrame("12345", true, limits).error().code, DecodeError::kTooLarge);
  EXPECT_EQ(DecodeWebSocketFrame("", false, limits).error().code, DecodeError::kEmpty);
  EXPECT_TRUE(DecodeWebSocketFrame("", true, limits));  // an empty buffer is a valid binary message
}

TEST(EngineIo, PollingPayloadSpecSamples) {
  // engine.io-protocol "Packet encoding / HTTP long-polling".
  const std::vector<EioPacket> sample1 = {EioPacket::Text(EioPacketType::kMessage, "hello"),
                                          EioPacket::Text(EioPacketType::kPing),
                                          EioPacket::Text(EioPacketType::kMessage, "world")};
  EXPECT_EQ(EncodePollingPayload(sample1), "4hello\x1e"s + "2\x1e" + "4world");
  auto decoded1 = DecodePollingPayload("4hello\x1e"s + "2\x1e" + "4world");
  ASSERT_TRUE(decoded1);
  EXPECT_EQ(*decoded1, sample1);

  const std::vector<EioPacket> sample2 = {EioPacket::Text(EioPacketType::kMessage, "hello"),
                                          EioPacket::Binary("\x01\x02\x03\x04"s)};
  EXPECT_EQ(EncodePollingPayload(sample2), "4hello\x1e"s + "bAQIDBA==");
  auto decoded2 = DecodePollingPayload("4hello\x1e"s + "bAQIDBA==");
  ASSERT_TRUE(decoded2);
  EXPECT_EQ(*decoded2, sample2);

  // engine.io-parser 4.0.0 changelog vectors.
  EXPECT_EQ(EncodePollingPayload(std::vector{EioPacket::Text(EioPacketType::kMessage, "hello"),
                                             EioPacket::Text(EioPacketType::kMessage, "€€€")}),
            "4hello\x1e"s + "4€€€");
  EXPECT_EQ(EncodePollingPayload(std::vector{EioPacket::Text(EioPacketType::kMessage, "hello"),
                                             EioPacket::Binary("\x01\x02\x03"s)}),
            "4hello\x1e"s + "bAQID");

  // socket.io-protocol "Sample session", request n°5.
  auto decoded3 = DecodePollingPayload("42[\"hello\"]\x1e" "42[\"world\"]");
  ASSERT_TRUE(decoded3);
  ASSERT_EQ(decoded3->size(), 2u);
  EXPECT_EQ((*decoded3)[1].data, R"(2["world"])");
}

TEST(EngineIo, PollingSinglePacketAndEmptyBinary) {
  auto one = DecodePollingPayload("6");
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, std::vector{EioPacket::Text(EioPacketType::kNoop)});
  auto empty_binary = DecodePollingPayload("b");
  ASSERT_TRUE(empty_binary);
  EXPECT_EQ(*empty_binary, std::vector{EioPacket::Binary("")});
  EXPECT_EQ(EncodePollingPacket(EioPacket::Binary("")), "b");
}

TEST(EngineIo, PollingRejectsMalformedPayloads) {
  EXPECT_EQ(DecodePollingPayload("").error().code, DecodeError::kEmpty);
  EXPECT_EQ(DecodePollingPayload("\x1e").error().code, DecodeError::kEmpty);
  EXPECT_EQ(DecodePollingPayload("4a\x1e").error().code, DecodeError::kEmpty);
  EXPECT_EQ(DecodePollingPayload("4a\x1e\x1e" "4b").error().code, DecodeError::kEmpty);
  EXPECT_EQ(DecodePollingPayload("4a\x1e" "9b").error().code, DecodeError::kUnknownType);
  EXPECT_EQ(DecodePollingPayload("bAQID=").error().code, DecodeError::kBadBase64);
  EXPECT_EQ(DecodePollingPayload("b!!!!").error().code, DecodeError::kBadBase64);
  EXPECT_EQ(DecodePollingPayload("b4AQID").error().code, DecodeError::kBadBase64);  // v3 style type after 'b'
}

TEST(EngineIo, PollingLimits) {
  EioLimits limits{.max_payload = 10, .max_packets = 3};
  EXPECT_TRUE(DecodePollingPayload("2\x1e" "2\x1e" "2", limits));
  EXPECT_EQ(DecodePollingPayload("2\x1e" "2\x1e" "2\x1e" "2", limits).error().code, DecodeError::kTooManyPackets);
  EXPECT_EQ(DecodePollingPayload("4hello world", limits).error().code, DecodeError::kTooLarge);
}

TEST(EngineIo, PollingRoundTripsMixedPackets) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += static_cast<char>(i);
  const std::vector<EioPacket> packets = {
      EioPacket::Text(EioPacketType::kPong), EioPacket::Binary(all_bytes),
      EioPacket::Text(EioPacketType::kMessage, R"(2["a",{"b":1}])"), EioPacket::Binary("x"),
      EioPacket::Binary("xy"), EioPacket::Text(EioPacketType::kClose)};
  auto decoded = DecodePollingPayload(EncodePollingPayload(packets));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, packets);
}

TEST(Base64, EncodesAndDecodesRfc4648Vectors) {
  // RFC 4648 §10.
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},       {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(detail::Base64Encode(plain), encoded);
    EXPECT_EQ(detail::Base64Decode(encoded), plain);
  }
}

TEST(Base64, RejectsNonCanonicalShapes) {
  for (const char* bad : {"Z", "Zg", "Zg=", "Z===", "=Zg=", "Zg==Zg==", "Zm9v-A==", "Zm 9", "Zm9=v"}) {
    EXPECT_FALSE(detail::Base64Decode(bad)) << bad;
  }
}

}  // namespace
}  // namespace lenslet::realtime::protocol

#include "realtime/redis/broadcast_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace lenslet::realtime::redis {
namespace {
namespace json = boost::json;

WireBroadcast RoundTrip(const std::string& origin, const Broadcast& broadcast) {
  auto decoded = DecodeBroadcast(EncodeBroadcast(origin, broadcast));
  EXPECT_TRUE(decoded.ok()) << (decoded.ok() ? "" : decoded.error().message);
  return decoded.ok() ? *decoded : WireBroadcast{};
}

TEST(BroadcastCodec, EmitRoundTrip) {
  Broadcast broadcast{.nsp = "/",
                      .rooms = {"user:1", "user:2"},
                      .except = {"user:3"},
                      .event = "notification:new",
                      .args = Payload{}.Add(json::object{{"id", "42"}, {"read", false}}).Add(7).Add(nullptr)};
  const WireBroadcast out = RoundTrip("instance-a", broadcast);
  EXPECT_EQ(out.origin, "instance-a");
  EXPECT_EQ(out.broadcast, broadcast);
}

TEST(BroadcastCodec, WireShape) {
  Broadcast broadcast{.nsp = "/admin", .rooms = {"r"}, .event = "e", .args = Payload{}.Add("x").AddBinary("\x01")};
  const json::value wire = json::parse(EncodeBroadcast("o", broadcast));
  EXPECT_EQ(wire, json::parse(R"({"v":1,"origin":"o","kind":"emit","nsp":"/admin","rooms":["r"],"except":[],
    "event":"e","args":["x",{"_placeholder":true,"num":0}],"attachments":["AQ=="]})"));
}

TEST(BroadcastCodec, BinaryAttachmentsRoundTrip) {
  std::string every_byte;
  for (int i = 0; i < 256; ++i) every_byte += static_cast<char>(i);
  Broadcast broadcast{.rooms = {"room"},
                      .event = "photo",
                      .args = Payload{}.AddBinary(every_byte).Add(json::object{{"n", 1}}).AddBinary("")};
  const WireBroadcast out = RoundTrip("o", broadcast);
  EXPECT_EQ(out.broadcast, broadcast);
  ASSERT_EQ(out.broadcast.args.attachments.size(), 2u);
  EXPECT_EQ(*out.broadcast.args.Binary(out.broadcast.args.args[0]), every_byte);
}

TEST(BroadcastCodec, DisconnectRoundTrip) {
  Broadcast broadcast{.kind = Broadcast::Kind::kDisconnect, .nsp = "/", .rooms = {"session:9"}};
  const WireBroadcast out = RoundTrip("o", broadcast);
  EXPECT_EQ(out.broadcast.kind, Broadcast::Kind::kDisconnect);
  EXPECT_EQ(out.broadcast, broadcast);
}

TEST(BroadcastCodec, IgnoresUnknownFields) {
  auto decoded = DecodeBroadcast(R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],
    "event":"e","args":[],"attachments":[],"later":"field"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->broadcast.event, "e");
}

TEST(BroadcastCodec, RefusesMalformedInput) {
  const std::string good_head = R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e",)";
  for (const std::string& bad : {
           std::string(""), std::string("null"), std::string("[]"), std::string("{"), std::string("\"x\""),
           std::string(R"({"v":2,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":"1","origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"shout","nsp":"/","rooms":[],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"emit","nsp":"x","rooms":[],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[1],"except":[],"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":{},"event":"e","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"","args":[],"attachments":[]})"),
           std::string(R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"args":[],"attachments":[]})"),
           good_head + R"("args":{},"attachments":[]})",
           good_head + R"("args":[],"attachments":["not base64!"]})",
           good_head + R"("args":[],"attachments":[1]})",
           good_head + R"("args":[{"_placeholder":true,"num":0}],"attachments":[]})",
           good_head + R"("args":[{"_placeholder":true,"num":-1}],"attachments":["AQ=="]})",
           good_head + R"("args":[{"_placeholder":true,"num":"0"}],"attachments":["AQ=="]})",
           good_head + R"("args":[{"deep":[{"_placeholder":true,"num":1}]}],"attachments":["AQ=="]})",
           good_head + R"("args":[],"attachments":[]} trailing)",
       }) {
    auto decoded = DecodeBroadcast(bad);
    EXPECT_FALSE(decoded.ok()) << bad;
  }
}

// Found by fuzz/broadcast_decode_fuzz.cpp: Boost.JSON reads 1e400 as infinity
// and writes it back as `Infinity`; relayed, it would reach browsers as a
// packet no JSON reader accepts.
TEST(BroadcastCodec, RefusesNumbersOutOfDoubleRange) {
  const std::string head = R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e","args":)";
  for (const std::string& args : {std::string("[1e400]"), std::string("[{\"n\":[-1e400]}]")}) {
    auto decoded = DecodeBroadcast(head + args + R"(,"attachments":[]})");
    ASSERT_FALSE(decoded.ok()) << args;
    EXPECT_EQ(decoded.error().code, protocol::DecodeError::kBadJson);
  }
  EXPECT_TRUE(DecodeBroadcast(head + R"([1.7976931348623157e308,-0.0,5e-324],"attachments":[]})").ok());
}

TEST(BroadcastCodec, RefusesTooDeepOrTooLarge) {
  std::string deep = std::string(200, '[') + std::string(200, ']');
  const std::string message = R"({"v":1,"origin":"o","kind":"emit","nsp":"/","rooms":[],"except":[],"event":"e","args":)" +
                              deep + R"(,"attachments":[]})";
  EXPECT_FALSE(DecodeBroadcast(message).ok());
  EXPECT_FALSE(DecodeBroadcast(std::string(100, ' '), CodecLimits{.max_bytes = 10}).ok());

  Broadcast many{.event = "e"};
  for (int i = 0; i < 3; ++i) many.args.AddBinary("x");
  EXPECT_FALSE(DecodeBroadcast(EncodeBroadcast("o", many), CodecLimits{.max_attachments = 2}).ok());
}

}  // namespace
}  // namespace lenslet::realtime::redis

#include "realtime/protocol/socketio.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace lenslet::realtime::protocol {

// Readable failures: "bad_namespace" rather than a 4-byte object dump.
inline void PrintTo(DecodeError error, std::ostream* out) { *out << ToString(error); }

namespace {

namespace json = boost::json;
using namespace std::string_literals;

const std::string kBuf1234 = "\x01\x02\x03\x04"s;

SioPacket Packet(SioPacketType type, std::string nsp, std::optional<std::string_view> data_json = std::nullopt,
                 std::optional<std::uint64_t> ack_id = std::nullopt,
                 std::vector<std::string> attachments = {}) {
  SioPacket packet;
  packet.type = type;
  packet.nsp = std::move(nsp);
  packet.ack_id = ack_id;
  if (data_json) packet.data = json::parse(*data_json);
  packet.attachments = std::move(attachments);
  return packet;
}

struct Vector {
  SioPacket packet;
  std::string text;
};

// Every row of the tables in socket.io-protocol v5 "Packet encoding", plus the
// binary ack of its "Sample session".
std::vector<Vector> SpecVectors() {
  using T = SioPacketType;
  return {
      // connection to a namespace
      {Packet(T::kConnect, "/"), "0"},
      {Packet(T::kConnect, "/", R"({"sid":"wZX3oN0bSVIhsaknAAAI"})"), R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"},
      {Packet(T::kConnect, "/admin"), "0/admin,"},
      {Packet(T::kConnect, "/admin", R"({"sid":"oSO0OpakMV_3jnilAAAA"})"),
       R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})"},
      {Packet(T::kConnect, "/admin", R"({"token":"123"})"), R"(0/admin,{"token":"123"})"},
      {Packet(T::kConnectError, "/", R"({"message":"Not authorized"})"), R"(4{"message":"Not authorized"})"},
      // sending and receiving data
      {Packet(T::kEvent, "/", R"(["foo"])"), R"(2["foo"])"},
      {Packet(T::kEvent, "/admin", R"(["bar"])"), R"(2/admin,["bar"])"},
      {Packet(T::kEvent, "/", R"(["baz",{"_placeholder":true,"num":0}])", std::nullopt, {kBuf1234}),
       R"(51-["baz",{"_placeholder":true,"num":0}])"},
      {Packet(T::kEvent, "/admin", R"(["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
              std::nullopt, {"\x01\x02"s, "\x03\x04"s}),
       R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"},
      // acknowledgement
      {Packet(T::kEvent, "/", R"(["foo"])", 12), R"(212["foo"])"},
      {Packet(T::kAck, "/", "[]", 12), "312[]"},
      {Packet(T::kEvent, "/admin", R"(["foo"])", 13), R"(2/admin,13["foo"])"},
      {Packet(T::kAck, "/admin", R"(["bar"])", 13), R"(3/admin,13["bar"])"},
      {Packet(T::kEvent, "/", R"(["foo",{"_placeholder":true,"num":0}])", 14, {kBuf1234}),
       R"(51-14["foo",{"_placeholder":true,"num":0}])"},
      {Packet(T::kAck, "/", R"(["bar"])", 14), R"(314["bar"])"},
      {Packet(T::kEvent, "/", R"(["foo"])", 15), R"(215["foo"])"},
      {Packet(T::kAck, "/", R"(["bar",{"_placeholder":true,"num":0}])", 15, {kBuf1234}),
       R"(61-15["bar",{"_placeholder":true,"num":0}])"},
      // disconnection from a namespace
      {Packet(T::kDisconnect, "/"), "1"},
      {Packet(T::kDisconnect, "/admin"), "1/admin,"},
      // sample session
      {Packet(T::kConnect, "/", R"({"sid":"wZX3oN0bSVIhsaknAAAI"})"), R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"},
      {Packet(T::kEvent, "/", R"(["hey","Jude"])"), R"(2["hey","Jude"])"},
      {Packet(T::kConnect, "/admin", R"({"sid":"-G5j-67EZFp-q59rADQM"})"),
       R"(0/admin,{"sid":"-G5j-67EZFp-q59rADQM"})"},
      {Packet(T::kEvent, "/admin", R"(["tellme"])", 1), R"(2/admin,1["tellme"])"},
      {Packet(T::kAck, "/admin", R"([{"_placeholder":true,"num":0}])", 1, {"\xff"s}),
       R"(61-/admin,1[{"_placeholder":true,"num":0}])"},
  };
}

TEST(SocketIo, EncodesEverySpecVector) {
  for (const auto& [packet, text] : SpecVectors()) EXPECT_EQ(EncodeSioPacket(packet), text);
}

TEST(SocketIo, DecodesEverySpecVector) {
  for (const auto& [packet, text] : SpecVectors()) {
    auto decoded = DecodeSioPacket(text, packet.attachments);
    ASSERT_TRUE(decoded) << text << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, packet) << text;
  }
}

TEST(SocketIo, StreamDecoderReassemblesEverySpecVector) {
  SioDecoder decoder;
  for (const auto& [packet, text] : SpecVectors()) {
    auto messages = ToEngineIoMessages(packet);
    ASSERT_EQ(messages.size(), 1 + packet.attachments.size());
    EXPECT_EQ(messages[0].data, text);
    std::optional<SioPacket> out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      auto step = decoder.OnMessage(messages[i]);
      ASSERT_TRUE(step) << text << ": " << step.error().message;
      EXPECT_EQ(step->has_value(), i + 1 == messages.size()) << text;
      EXPECT_EQ(decoder.awaiting_attachments(), i + 1 != messages.size());
      if (*step) out = std::move(**step);
    }
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, packet) << text;
  }
}

TEST(SocketIo, EngineIoFramingOfSpecExample) {
  // "{ type: EVENT, namespace: "/", data: ["foo"] } will be sent as 42["foo"]".
  auto messages = ToEngineIoMessages(Packet(SioPacketType::kEvent, "/", R"(["foo"])"));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(EncodeWebSocketFrame(messages[0]), R"(42["foo"])");
}

TEST(SocketIo, AddAttachmentBuildsPlaceholders) {
  SioPacket packet{.type = SioPacketType::kEvent, .nsp = "/admin"};
  json::array args{"baz"};
  args.push_back(AddAttachment(packet, "\x01\x02"s));
  args.push_back(json::object{{"nested", AddAttachment(packet, "\x03\x04"s)}});
  packet.data = std::move(args);
  const std::string text = EncodeSioPacket(packet);
  EXPECT_EQ(text,
            R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"nested":{"_placeholder":true,"num":1}}])");
  auto decoded = DecodeSioPacket(text, packet.attachments);
  ASSERT_TRUE(decoded);
  const auto& items = decoded->data->get_array();
  const std::string* first = ResolveAttachment(*decoded, items[1]);
  const std::string* second = ResolveAttachment(*decoded, items[2].get_object().at("nested"));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, "\x01\x02"s);
  EXPECT_EQ(*second, "\x03\x04"s);
  EXPECT_EQ(*decoded, packet);
  EXPECT_EQ(ResolveAttachment(*decoded, items[0]), nullptr);
  EXPECT_EQ(ResolveAttachment(*decoded, MakePlaceholder(2)), nullptr);
}

// socket.io-protocol "Sample session": both layers together, as a transport
// will drive them (polling bodies, then WebSocket frames after the upgrade).
TEST(SocketIo, SampleSessionThroughBothLayers) {
  SioDecoder decoder;
  auto feed = [&](const EioPacket& message) {
    auto step = decoder.OnMessage(message);
    EXPECT_TRUE(step) << step.error().message;
    return step ? std::move(*step) : std::optional<SioPacket>();
  };

  // Request n°2: the client's POST body "40".
  auto body = DecodePollingPayload("40");
  ASSERT_TRUE(body);
  auto connect = feed((*body)[0]);
  ASSERT_TRUE(connect);
  EXPECT_EQ(*connect, Packet(SioPacketType::kConnect, "/"));

  // Request n°3: the server's answer.
  const SioPacket granted = Packet(SioPacketType::kConnect, "/", R"({"sid":"wZX3oN0bSVIhsaknAAAI"})");
  const auto granted_messages = ToEngineIoMessages(granted);
  EXPECT_EQ(EncodePollingPayload(granted_messages), R"(40{"sid":"wZX3oN0bSVIhsaknAAAI"})");

  // Request n°5: two events in one POST body.
  auto two = DecodePollingPayload("42[\"hello\"]\x1e" "42[\"world\"]");
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(feed((*two)[0]), Packet(SioPacketType::kEvent, "/", R"(["hello"])"));
  EXPECT_EQ(feed((*two)[1]), Packet(SioPacketType::kEvent, "/", R"(["world"])"));

  // Request n°6: WebSocket frames.
  auto probe = DecodeWebSocketFrame("2probe", false);
  ASSERT_TRUE(probe);
  EXPECT_EQ(EncodeWebSocketFrame(EioPacket::Text(EioPacketType::kPong, probe->data)), "3probe");
  auto upgrade = DecodeWebSocketFrame("5", false);
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->type, EioPacketType::kUpgrade);
  auto admin = DecodeWebSocketFrame("40/admin,", false);
  ASSERT_TRUE(admin);
  EXPECT_EQ(feed(*admin), Packet(SioPacketType::kConnect, "/admin"));
  auto tellme = DecodeWebSocketFrame(R"(42/admin,1["tellme"])", false);
  ASSERT_TRUE(tellme);
  EXPECT_EQ(feed(*tellme), Packet(SioPacketType::kEvent, "/admin", R"(["tellme"])", 1));

  SioPacket answer{.type = SioPacketType::kAck, .nsp = "/admin", .ack_id = 1};
  answer.data = json::array{AddAttachment(answer, "\x01\x02"s)};
  const auto frames = ToEngineIoMessages(answer);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(EncodeWebSocketFrame(frames[0]), R"(461-/admin,1[{"_placeholder":true,"num":0}])");
  EXPECT_TRUE(frames[1].binary);
  EXPECT_EQ(EncodeWebSocketFrame(frames[1]), "\x01\x02"s);

  auto ping = DecodeWebSocketFrame("2", false);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->type, EioPacketType::kPing);
  auto close = DecodeWebSocketFrame("1", false);
  ASSERT_TRUE(close);
  EXPECT_EQ(close->type, EioPacketType::kClose);
}

TEST(SocketIo, RoundTripsAssortedPackets) {
  const std::vector<SioPacket> packets = {
      Packet(SioPacketType::kEvent, "/", R"(["message:send",{"text":"héllo \u001e","n":-3,"f":1.5,"t":true,"z":null}])", 0),
      Packet(SioPacketType::kAck, "/chat", R"([null,[],{}])", 9007199254740991ULL),
      Packet(SioPacketType::kConnectError, "/x", R"("plain string error")"),
      Packet(SioPacketType::kConnect, "/a/b.c-d_e", R"({})"),
      Packet(SioPacketType::kEvent, "/", R"(["x",{"_placeholder":true,"num":1},[{"_placeholder":true,"num":0}]])",
             std::nullopt, {"zero"s, ""s}),
  };
  for (const auto& packet : packets) {
    const std::string text = EncodeSioPacket(packet);
    auto decoded = DecodeSioPacket(text, packet.attachments);
    ASSERT_TRUE(decoded) << text << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, packet) << text;
  }
}

// Regression, found by fuzz/socketio_decode_fuzz.cpp: a 116-digit number is a
// valid payload; it decodes to an (approximate, see socketio.hpp) double.
TEST(SocketIo, HugeNumbersDecodeAsDoubles) {
  auto decoded = DecodeSioPacket("312[" + std::string(116, '4') + "]", {});
  ASSERT_TRUE(decoded);
  const json::value& number = decoded->data->get_array()[0];
  ASSERT_TRUE(number.is_double());
  EXPECT_NEAR(number.get_double() / 4.444444444444444e115, 1.0, 1e-12);
}

// Found by fuzz/socketio_decode_fuzz.cpp: a number beyond double's range read
// as infinity, which encodes to `Infinity`, not JSON; it is refused instead.
TEST(SocketIo, NumbersBeyondDoubleRangeAreBadJson) {
  EXPECT_EQ(DecodeSioPacket(R"(2["a",1e400])", {}).error().code, DecodeError::kBadJson);
  EXPECT_EQ(DecodeSioPacket(R"(2["a",{"b":[-18446444444e7446]}])", {}).error().code, DecodeError::kBadJson);
  EXPECT_TRUE(DecodeSioPacket(R"(2["a",1e-400,1.7e308])", {}));
}

TEST(SocketIo, ZeroAttachmentBinaryPacketIsCompleteAtOnce) {
  // socket.io-parser emits a BINARY_EVENT announcing 0 attachments immediately.
  SioDecoder decoder;
  auto step = decoder.OnText(R"(50-["a"])");
  ASSERT_TRUE(step);
  ASSERT_TRUE(step->has_value());
  EXPECT_EQ((*step)->type, SioPacketType::kEvent);
  EXPECT_FALSE(decoder.awaiting_attachments());
}

TEST(SocketIo, ExplicitMainNamespaceWithCommaIsMain) {
  auto decoded = DecodeSioPacket(R"(2/,["a"])", {});
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->nsp, "/");
  EXPECT_EQ(EncodeSioPacket(*decoded), R"(2["a"])");
}

TEST(SocketIo, NamespaceWithoutTrailingCommaRunsToTheEnd) {
  // socket.io-parser's decoder reads the namespace up to a comma or the end of
  // the text; the protocol's test suite sends "40/random" and "41/custom".
  auto connect = DecodeSioPacket("0/random", {});
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->type, SioPacketType::kConnect);
  EXPECT_EQ(connect->nsp, "/random");
  EXPECT_FALSE(connect->data.has_value());
  // Encoding always writes the comma.
  EXPECT_EQ(EncodeSioPacket(*connect), "0/random,");

  auto disconnect = DecodeSioPacket("1/custom", {});
  ASSERT_TRUE(disconnect);
  EXPECT_EQ(disconnect->type, SioPacketType::kDisconnect);
  EXPECT_EQ(disconnect->nsp, "/custom");

  // The comma-terminated form still reads the payload after it.
  auto with_auth = DecodeSioPacket(R"(0/custom,{"token":"abc"})", {});
  ASSERT_TRUE(with_auth);
  EXPECT_EQ(with_auth->nsp, "/custom");
  EXPECT_EQ(*with_auth->data, (json::object{{"token", "abc"}}));
}

struct BadCase {
  std::string text;
  DecodeError error;
  std::size_t attachments = 0;
};

TEST(SocketIo, RejectsMalformedPackets) {
  const std::vector<BadCase> cases = {
      {"", DecodeError::kEmpty},
      // unknown type
      {"7", DecodeError::kUnknownType},
      {"9[\"a\"]", DecodeError::kUnknownType},
      {"a", DecodeError::kUnknownType},
      {"-1", DecodeError::kUnknownType},
      // attachment count
      {R"(5["a"])", DecodeError::kBadAttachmentCount},
      {R"(5-["a"])", DecodeError::kBadAttachmentCount},
      {R"(51["a"])", DecodeError::kBadAttachmentCount},
      {"51", DecodeError::kBadAttachmentCount},
      {"5", DecodeError::kBadAttachmentCount},
      {R"(5x-["a"])", DecodeError::kBadAttachmentCount},
      {R"(599999999999999999999999-["a"])", DecodeError::kBadAttachmentCount},
      {R"(511-["a"])", DecodeError::kTooManyAttachments, 11},
      {R"(69999999-[])", DecodeError::kBadAttachmentCount},
      // a namespace runs to the first comma: here it swallows the payload,
      // and an EVENT without one is malformed (as socket.io-parser finds)
      {R"(2/admin["a"])", DecodeError::kBadPayload},
      // forbidden characters, too long
      {"0/ad\x1emin,", DecodeError::kBadNamespace},
      {"0/ad\nmin,", DecodeError::kBadNamespace},
      {"0/ad\xc3\xa9,", DecodeError::kBadNamespace},
      {"0/" + std::string(300, 'a') + ",", DecodeError::kBadNamespace},
      // ack id
      {R"(212345678901234567["a"])", DecodeError::kBadAckId},
      {R"(29007199254740992["a"])", DecodeError::kBadAckId},
      {R"(299999999999999999999999999["a"])", DecodeError::kBadAckId},
      {R"(3["a"])", DecodeError::kBadAckId},        // ACK without id
      {R"(012{"a":1})", DecodeError::kBadAckId},    // CONNECT with an id
      {"11", DecodeError::kBadAckId},               // DISCONNECT with an id
      {R"(47{"message":"x"})", DecodeError::kBadAckId},
      // JSON that does not parse
      {R"(2["a")", DecodeError::kBadJson},
      {R"(2["a"]])", DecodeError::kBadJson},
      {"2[\"\xff\"]", DecodeError::kBadJson},     // not UTF-8
      {"2" + std::string(100, '[') + std::string(100, ']'), DecodeError::kBadJson},  // too deep
      {"2 ", DecodeError::kBadJson},
      {"0x", DecodeError::kBadJson},
      // EVENT payload
      {"2", DecodeError::kBadPayload},
      {"2[]", DecodeError::kBadPayload},
      {"2[1]", DecodeError::kBadPayload},
      {R"(2[["a"]])", DecodeError::kBadPayload},
      {R"(2{"a":1})", DecodeError::kBadPayload},
      {R"(2"a")", DecodeError::kBadPayload},
      {R"(2/admin,)", DecodeError::kBadPayload},
      {R"(51-[{"_placeholder":true,"num":0}])", DecodeError::kBadPayload, 1},
      {R"(2["disconnect"])", DecodeError::kReservedEventName},
      {R"(2["connect"])", DecodeError::kReservedEventName},
      {R"(2/a,1["newListener",1])", DecodeError::kReservedEventName},
      // CONNECT payload
      {R"(0["a"])", DecodeError::kBadPayload},
      {R"(0"token")", DecodeError::kBadPayload},
      {"0/admin,null", DecodeError::kBadPayload},
      // DISCONNECT payload
      {"1{}", DecodeError::kBadPayload},
      // ACK payload
      {R"(31{"a":1})", DecodeError::kBadPayload},
      {"31", DecodeError::kBadPayload},
      {R"(31"a")", DecodeError::kBadPayload},
      // CONNECT_ERROR payload
      {"4", DecodeError::kBadPayload},
      {"4[]", DecodeError::kBadPayload},
      {"4 1", DecodeError::kBadPayload},
      {"4null", DecodeError::kBadPayload},
      // placeholders
      {R"(51-["a",{"_placeholder":true,"num":1}])", DecodeError::kBadPlaceholder, 1},
      {R"(51-["a",{"_placeholder":true,"num":-1}])", DecodeError::kBadPlaceholder, 1},
      {R"(51-["a",{"_placeholder":true,"num":0.0}])", DecodeError::kBadPlaceholder, 1},
      {R"(51-["a",{"_placeholder":true,"num":"0"}])", DecodeError::kBadPlaceholder, 1},
      {R"(51-["a",{"_placeholder":true}])", DecodeError::kBadPlaceholder, 1},
      {R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])", DecodeError::kBadPlaceholder, 2},
      {R"(52-["a",{"_placeholder":true,"num":0}])", DecodeError::kBadPlaceholder, 2},  // attachment 1 unused
      {R"(51-["a"])", DecodeError::kBadPlaceholder, 1},
      {R"(2["a",{"_placeholder":true,"num":0}])", DecodeError::kBadPlaceholder},   // no attachments at all
      {R"(0{"x":{"_placeholder":true,"num":0}})", DecodeError::kBadPlaceholder},
  };
  for (const auto& bad : cases) {
    std::vector<std::string> attachments(bad.attachments, "x");
    auto decoded = DecodeSioPacket(bad.text, attachments);
    ASSERT_FALSE(decoded) << bad.text;
    EXPECT_EQ(decoded.error().code, bad.error) << bad.text << " -> " << decoded.error().message;
  }
}

TEST(SocketIo, PlaceholderLookalikesThatAreNotPlaceholdersAreData) {
  // Only `_placeholder === true` marks a placeholder (socket.io-parser binary.ts).
  auto decoded = DecodeSioPacket(R"(2["a",{"_placeholder":false,"num":0},{"_placeholder":"true"}])", {});
  ASSERT_TRUE(decoded);
  EXPECT_EQ(ResolveAttachment(*decoded, decoded->data->get_array()[1]), nullptr);
}

TEST(SocketIo, WrongNumberOfAttachments) {
  const std::string text = R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";
  EXPECT_EQ(DecodeSioPacket(text, {"x"}).error().code, DecodeError::kAttachmentMismatch);
  EXPECT_EQ(DecodeSioPacket(text, {"x", "y", "z"}).error().code, DecodeError::kAttachmentMismatch);
  EXPECT_EQ(DecodeSioPacket(R"(2["a"])", {"x"}).error().code, DecodeError::kAttachmentMismatch);
  EXPECT_TRUE(DecodeSioPacket(text, {"x", "y"}));
}

TEST(SocketIo, StreamDecoderRejectsOutOfOrderMessages) {
  SioDecoder decoder;
  // Binary with nothing pending.
  EXPECT_EQ(decoder.OnBinary("x").error().code, DecodeError::kAttachmentMismatch);

  // Text while attachments are pending: error, then the decoder starts afresh.
  auto header = decoder.OnText(R"(51-["a",{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(header);
  EXPECT_FALSE(header->has_value());
  EXPECT_EQ(decoder.OnText(R"(2["b"])").error().code, DecodeError::kAttachmentMismatch);
  EXPECT_FALSE(decoder.awaiting_attachments());
  auto fresh = decoder.OnText(R"(2["b"])");
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->has_value());

  // One attachment too many: the extra one has nothing to belong to.
  ASSERT_TRUE(decoder.OnText(R"(51-["a",{"_placeholder":true,"num":0}])"));
  auto done = decoder.OnBinary("x");
  ASSERT_TRUE(done);
  ASSERT_TRUE(done->has_value());
  EXPECT_EQ((*done)->attachments, std::vector<std::string>{"x"});
  EXPECT_EQ(decoder.OnBinary("y").error().code, DecodeError::kAttachmentMismatch);

  // A non-message Engine.IO packet never reaches the Socket.IO layer.
  EXPECT_EQ(decoder.OnMessage(EioPacket::Text(EioPacketType::kPing)).error().code, DecodeError::kUnknownType);
}

TEST(SocketIo, StreamDecoderEnforcesByteLimit) {
  SioDecoder decoder(SioLimits{.max_packet_bytes = 50});
  const std::string header = R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";
  EXPECT_EQ(decoder.OnText(header).error().code, DecodeError::kTooLarge);

  SioDecoder roomy(SioLimits{.max_packet_bytes = header.size() + 10});
  ASSERT_TRUE(roomy.OnText(header));
  ASSERT_TRUE(roomy.OnBinary(std::string(10, 'x')));
  EXPECT_EQ(roomy.OnBinary("y").error().code, DecodeError::kTooLarge);
  EXPECT_FALSE(roomy.awaiting_attachments());
  EXPECT_EQ(DecodeSioPacket(header, {std::string(10, 'x'), "y"}, SioLimits{.max_packet_bytes = header.size() + 10})
                .error()
                .code,
            DecodeError::kTooLarge);
}

TEST(SocketIo, AttachmentLimitIsAParameter) {
  const std::string text = R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";
  EXPECT_EQ(DecodeSioPacket(text, {"x", "y"}, SioLimits{.max_attachments = 1}).error().code,
            DecodeError::kTooManyAttachments);
  EXPECT_TRUE(DecodeSioPacket(text, {"x", "y"}, SioLimits{.max_attachments = 2}));
}

TEST(SocketIo, ErrorCodesHaveNames) {
  EXPECT_EQ(ToString(DecodeError::kBadNamespace), "bad_namespace");
  EXPECT_EQ(ToString(DecodeError::kBadPlaceholder), "bad_placeholder");
}

}  // namespace
}  // namespace lenslet::realtime::protocol

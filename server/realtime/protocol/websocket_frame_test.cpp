#include "realtime/protocol/websocket_frame.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "realtime/protocol/detail/sha1.hpp"

namespace lenslet::realtime::protocol {
namespace {

using Kind = WsEvent::Kind;
constexpr std::uint32_t kMask = 0x37FA213D;  // RFC 6455 5.7's example key

struct Outcome {
  std::vector<WsEvent> events;
  std::optional<WsFailure> failure;
};

// Feeds `chunks` one read at a time and drains the events of each.
Outcome Feed(WsReader& reader, const std::vector<std::string>& chunks) {
  Outcome out;
  for (const auto& chunk : chunks) {
    std::string_view bytes = chunk;
    while (auto event = reader.Next(bytes, out.failure)) out.events.push_back(std::move(*event));
    if (out.failure) break;
  }
  return out;
}

Outcome Feed(std::string bytes, std::size_t max = 1000) {
  WsReader reader(max);
  return Feed(reader, {std::move(bytes)});
}

TEST(WebSocketFrameTest, AcceptKeyIsTheRfcExample) {
  // RFC 6455 1.3.
  EXPECT_EQ(WsAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_TRUE(IsValidWsKey("dGhlIHNhbXBsZSBub25jZQ=="));
  EXPECT_FALSE(IsValidWsKey("dGhlIHNhbXBsZQ=="));  // 11 bytes
  EXPECT_FALSE(IsValidWsKey(""));
}

TEST(WebSocketFrameTest, Sha1OfKnownVectors) {
  const auto hex = [](const std::array<std::uint8_t, 20>& digest) {
    std::string out;
    for (const auto byte : digest) {
      static constexpr char kDigits[] = "0123456789abcdef";
      out += kDigits[byte >> 4];
      out += kDigits[byte & 0xF];
    }
    return out;
  };
  EXPECT_EQ(hex(detail::Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(detail::Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(detail::Sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(WebSocketFrameTest, DecodesTheRfcMaskedHello) {
  // RFC 6455 5.7: a single-frame masked text message "Hello".
  const std::string frame("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
  EXPECT_EQ(EncodeWsClientFrame(WsOpcode::kText, "Hello", kMask), frame);
  const auto out = Feed(frame);
  ASSERT_FALSE(out.failure);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0], (WsEvent{.kind = Kind::kText, .payload = "Hello"}));
}

TEST(WebSocketFrameTest, EncodesServerFramesUnmaskedWithMinimalLengths) {
  EXPECT_EQ(EncodeWsFrame(WsOpcode::kText, "Hello"), std::string("\x81\x05Hello"));
  const std::string medium(300, 'x');
  EXPECT_EQ(EncodeWsFrame(WsOpcode::kBinary, medium).substr(0, 4), std::string("\x82\x7e\x01\x2c", 4));
  const std::string large(70000, 'x');
  EXPECT_EQ(EncodeWsFrame(WsOpcode::kBinary, large).substr(0, 10),
            std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10));
  EXPECT_EQ(EncodeWsClose(1000), std::string("\x88\x02\x03\xe8", 4));
}

TEST(WebSocketFrameTest, DecodesByteByByteAndHoldsNothingAfterwards) {
  const std::string frame = EncodeWsClientFrame(WsOpcode::kBinary, std::string(300, '\x01'), kMask);
  WsReader reader(1000);
  std::vector<std::string> chunks;
  for (const char c : frame) chunks.emplace_back(1, c);
  const auto out = Feed(reader, chunks);
  ASSERT_FALSE(out.failure);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].kind, Kind::kBinary);
  EXPECT_EQ(out.events[0].payload, std::string(300, '\x01'));
  EXPECT_FALSE(reader.pending());
}

TEST(WebSocketFrameTest, SeveralFramesInOneReadComeOutInOrder) {
  const std::string bytes = EncodeWsClientFrame(WsOpcode::kText, "a", 1) + EncodeWsClientFrame(WsOpcode::kPing, "p", 2) +
                            EncodeWsClientFrame(WsOpcode::kBinary, "b", 3);
  const auto out = Feed(bytes);
  ASSERT_FALSE(out.failure);
  ASSERT_EQ(out.events.size(), 3u);
  EXPECT_EQ(out.events[0], (WsEvent{.kind = Kind::kText, .payload = "a"}));
  EXPECT_EQ(out.events[1], (WsEvent{.kind = Kind::kPing, .payload = "p"}));
  EXPECT_EQ(out.events[2], (WsEvent{.kind = Kind::kBinary, .payload = "b"}));
}

TEST(WebSocketFrameTest, JoinsFragmentsWithControlFramesBetween) {
  const std::string bytes = EncodeWsClientFrame(WsOpcode::kText, "Hel", kMask, false) +
                            EncodeWsClientFrame(WsOpcode::kPing, "", kMask) +
                            EncodeWsClientFrame(WsOpcode::kContinuation, "lo", kMask, true);
  const auto out = Feed(bytes);
  ASSERT_FALSE(out.failure);
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.events[0].kind, Kind::kPing);
  EXPECT_EQ(out.events[1], (WsEvent{.kind = Kind::kText, .payload = "Hello"}));
}

TEST(WebSocketFrameTest, ReadsCloseCodeAndReason) {
  const auto out = Feed(EncodeWsClientFrame(WsOpcode::kClose, std::string("\x03\xe9") + "bye", kMask));
  ASSERT_FALSE(out.failure);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0], (WsEvent{.kind = Kind::kClose, .payload = "bye", .close_code = 1001}));
  const auto empty = Feed(EncodeWsClientFrame(WsOpcode::kClose, "", kMask));
  ASSERT_EQ(empty.events.size(), 1u);
  EXPECT_EQ(empty.events[0].close_code, 1005);
}

TEST(WebSocketFrameTest, RefusesProtocolViolationsWith1002) {
  const auto code = [](std::string bytes) {
    const auto out = Feed(std::move(bytes));
    return out.failure ? out.failure->close_code : 0;
  };
  EXPECT_EQ(code(EncodeWsFrame(WsOpcode::kText, "unmasked")), kWsCloseProtocolError);
  auto reserved = EncodeWsClientFrame(WsOpcode::kText, "x", kMask);
  reserved[0] = static_cast<char>(reserved[0] | 0x40);
  EXPECT_EQ(code(reserved), kWsCloseProtocolError);
  auto unknown = EncodeWsClientFrame(WsOpcode::kText, "x", kMask);
  unknown[0] = static_cast<char>(0x83);
  EXPECT_EQ(code(unknown), kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kPing, "x", kMask, false)), kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kPing, std::string(126, 'x'), kMask)), kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kContinuation, "x", kMask)), kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kText, "a", kMask, false) + EncodeWsClientFrame(WsOpcode::kText, "b", kMask)),
            kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kClose, "\x03", kMask)), kWsCloseProtocolError);
  EXPECT_EQ(code(EncodeWsClientFrame(WsOpcode::kClose, std::string("\x03\xed", 2), kMask)), kWsCloseProtocolError);  // 1005
  // A 16-bit length field carrying a length that fits in 7 bits.
  EXPECT_EQ(code(std::string("\x81\xfe\x00\x05", 4) + std::string(4, '\0') + "Hello"), kWsCloseProtocolError);
}

TEST(WebSocketFrameTest, RefusesTooBigOnTheHeaderAndAcrossFragments) {
  WsReader reader(10);
  // Only the header of an 11-byte message: refused before its payload.
  const auto header = EncodeWsClientFrame(WsOpcode::kBinary, std::string(11, 'x'), kMask).substr(0, 6);
  auto out = Feed(reader, {header});
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->close_code, kWsCloseTooBig);
  const auto fragments = Feed(EncodeWsClientFrame(WsOpcode::kBinary, std::string(6, 'x'), kMask, false) +
                                  EncodeWsClientFrame(WsOpcode::kContinuation, std::string(5, 'x'), kMask),
                              10);
  ASSERT_TRUE(fragments.failure);
  EXPECT_EQ(fragments.failure->close_code, kWsCloseTooBig);
  EXPECT_FALSE(Feed(EncodeWsClientFrame(WsOpcode::kBinary, std::string(10, 'x'), kMask), 10).failure);
}

TEST(WebSocketFrameTest, RefusesTextThatIsNotUtf8With1007) {
  const auto out = Feed(EncodeWsClientFrame(WsOpcode::kText, "\xc3\x28", kMask));
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->close_code, kWsCloseInvalidData);
  EXPECT_FALSE(Feed(EncodeWsClientFrame(WsOpcode::kBinary, "\xc3\x28", kMask)).failure);
}

TEST(WebSocketFrameTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

}  // namespace
}  // namespace lenslet::realtime::protocol

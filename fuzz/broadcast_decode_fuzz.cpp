// libFuzzer target for the Redis fan-out's wire decoder
// (server/realtime/redis/broadcast_codec.hpp): what arrives on the Redis
// channel comes from other processes, and a bad message must be refused, never
// crash the subscriber thread (libFuzzer reports uncaught exceptions as
// crashes). Whatever decodes must encode and decode again to the same value.
// Every input is also tried as a --redis-url (ParseRedisUrl), the module's
// other parser.
//
// Build (clang only):
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLENSLET_FUZZ=ON
//   cmake --build build-fuzz --target broadcast_decode_fuzz
// Run for 60 s from the seed corpus (new inputs go to the scratch dir, not git):
//   mkdir -p /tmp/broadcast-corpus
//   build-fuzz/bin/broadcast_decode_fuzz -max_total_time=60 -max_len=4096 \
//       -dict=fuzz/broadcast_decode.dict /tmp/broadcast-corpus fuzz/corpus/broadcast_decode
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "realtime/redis/broadcast_codec.hpp"
#include "realtime/redis/redis_url.hpp"
#include "same_json.hpp"

namespace redis = lenslet::realtime::redis;

namespace {

// Small limits so short inputs reach every limit branch.
constexpr redis::CodecLimits kLimits{.max_bytes = 4096, .max_json_depth = 16, .max_attachments = 4};

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

using lenslet::fuzz::SameJson;

bool SameBroadcast(const redis::WireBroadcast& a, const redis::WireBroadcast& b) {
  const auto& x = a.broadcast;
  const auto& y = b.broadcast;
  return a.origin == b.origin && x.kind == y.kind && x.nsp == y.nsp && x.rooms == y.rooms && x.except == y.except &&
         x.event == y.event && x.args.attachments == y.args.attachments &&
         SameJson(boost::json::value(x.args.args), boost::json::value(y.args.args));
}

}  // namespace

static void FuzzRedisUrl(std::string_view input) {
  const auto address = redis::ParseRedisUrl(input);
  if (!address) return;
  Require(!address->host.empty() && address->port != 0 && address->db >= 0);
  Require(address->ToString().find(':') != std::string::npos);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  FuzzRedisUrl(input);
  auto decoded = redis::DecodeBroadcast(input, kLimits);
  if (!decoded) return 0;
  Require(decoded->broadcast.args.attachments.size() <= kLimits.max_attachments);
  Require(decoded->broadcast.nsp.starts_with("/"));
  // Re-encoding may lengthen the text (escapes, base64 of the same bytes), so
  // only the byte limit is relaxed.
  redis::CodecLimits relaxed = kLimits;
  relaxed.max_bytes = 1 << 20;
  auto again = redis::DecodeBroadcast(redis::EncodeBroadcast(decoded->origin, decoded->broadcast), relaxed);
  Require(again.ok());
  Require(SameBroadcast(*decoded, *again));
  return 0;
}

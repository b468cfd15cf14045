#pragma once
// Standard base64 (RFC 4648 §4, with padding): how Engine.IO v4 carries binary
// packets in an HTTP long-polling payload ("b" + base64, engine.io-protocol
// "Packet encoding / HTTP long-polling").
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::realtime::protocol::detail {

std::string Base64Encode(std::string_view bytes);

// Strict: length a multiple of 4, only the standard alphabet, '=' only as the
// last one or two characters. Browsers (FileReader data URLs) and Node
// (Buffer#toString("base64")) both send exactly this form.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace lenslet::realtime::protocol::detail

#pragma once
// RFC 4648 base32 (alphabet A–Z 2–7): the spelling authenticator apps expect
// for a TOTP secret, in `otpauth://` URLs and for typing it in by hand.
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::auth {

// Upper case; with '=' padding to a multiple of 8 unless `pad` is false
// (otpauth URLs and the secret shown to people leave it out).
std::string Base32Encode(std::string_view bytes, bool pad = true);

// Forgiving about what people type — any case, spaces and hyphens between
// groups, padding or none — strict about the rest: a character outside the
// alphabet, a length no byte string encodes to, or non-zero trailing bits is
// nullopt, so one secret has one meaning.
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace lenslet::auth

#pragma once
// Instagram's "Download your information" writes text as UTF-8 bytes with each
// byte escaped on its own ("café" is "caf\u00c3\u00a9"), so a JSON parser reads
// Latin-1 mojibake ("cafÃ©"). DecodeMojibake turns it back into the text.
#include <string>
#include <string_view>

namespace lenslet::imports {

// `parsed` is valid UTF-8 as a JSON parser produced it. When every code point
// is below U+0100 and those code points, taken as bytes, are valid UTF-8, the
// bytes are the text: they are returned. Otherwise (a code point above U+00FF,
// or bytes that are no UTF-8) the string was not mojibake and is returned as
// it is, so a future export that escapes properly still imports right.
std::string DecodeMojibake(std::string_view parsed);

// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace lenslet::imports

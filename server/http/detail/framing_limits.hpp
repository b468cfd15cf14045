#pragma once
// Pure helpers that keep a request's framing bounded: the end of a request head
// (so the header limit counts every byte of it, however the bytes arrive), and
// what an over-full read buffer held while a chunked body was being parsed.
#include <cstddef>
#include <string_view>

namespace lenslet::http::detail {

// The offset just past the blank line ("\r\n\r\n") that ends a request head in
// `data`, or npos. Searching starts at `from` (minus the 3 bytes a terminator
// may straddle), so a caller adding bytes to a growing buffer rescans nothing.
std::size_t FindHeadEnd(std::string_view data, std::size_t from = 0);

// While a chunked body is parsed, the read buffer holds only what the parser
// could not consume yet: a chunk-size line (with its extensions) or the final
// chunk with its trailer fields. When that no longer fits in the buffer, this
// says which it was, so the refusal names it: a chunk line too long is a
// malformed body (400), a trailer too large is oversized fields (431).
enum class ChunkedOverflow { kChunkLine, kTrailer };
ChunkedOverflow ClassifyChunkedOverflow(std::string_view unparsed);

}  // namespace lenslet::http::detail

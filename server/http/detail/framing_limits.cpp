#include "http/detail/framing_limits.hpp"

namespace lenslet::http::detail {

std::size_t FindHeadEnd(std::string_view data, std::size_t from) {
  constexpr std::string_view kBlankLine = "\r\n\r\n";
  const std::size_t start = from > 3 ? from - 3 : 0;
  const std::size_t at = data.find(kBlankLine, start);
  return at == std::string_view::npos ? std::string_view::npos : at + kBlankLine.size();
}

ChunkedOverflow ClassifyChunkedOverflow(std::string_view unparsed) {
  // The CRLF that ends the previous chunk's data is parsed with the next line.
  if (unparsed.starts_with("\r\n")) unparsed.remove_prefix(2);
  const std::size_t line_end = unparsed.find("\r\n");
  if (line_end == std::string_view::npos) return ChunkedOverflow::kChunkLine;
  const std::string_view line = unparsed.substr(0, line_end);
  // "0", "000", "0;ext": the last chunk, so what follows it is the trailer.
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] == '0') ++digits;
  const bool last_chunk = digits > 0 && (digits == line.size() || line[digits] == ';' || line[digits] == ' ' ||
                                         line[digits] == '\t');
  return last_chunk ? ChunkedOverflow::kTrailer : ChunkedOverflow::kChunkLine;
}

}  // namespace lenslet::http::detail

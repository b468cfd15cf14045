#include "http/multipart.hpp"

#include "core/error.hpp"
#include "http/detail/percent.hpp"

namespace lenslet::http {
namespace {

[[noreturn]] void Malformed(std::string internal) {
  throw core::Error(core::ErrorCode::kBadRequest, "Malformed multipart body", {}, std::move(internal));
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && detail::IEquals(text.substr(0, prefix.size()), prefix);
}

// The value of `key` in "type; a=1; b=\"x y\"" (quotes removed, \-escapes undone).
std::optional<std::string> HeaderParam(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const auto eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = detail::TrimSpaces(header.substr(i, eq - i));
    std::string value;
    std::size_t j = eq + 1;
    if (j < header.size() && header[j] == '"') {
      for (++j; j < header.size() && header[j] != '"'; ++j) {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value.push_back(header[j]);
      }
      if (j >= header.size()) return std::nullopt;  // unterminated quote
      ++j;
    } else {
      const auto end = header.find(';', j);
      value =
          std::string(detail::TrimSpaces(header.substr(j, end == std::string_view::npos ? end : end - j)));
      j = end == std::string_view::npos ? header.size() : end;
    }
    if (detail::IEquals(name, key)) return value;
    i = header.find(';', j);
  }
  return std::nullopt;
}

}  // namespace

std::vector<MultipartPart> ParseMultipart(const Request& request, std::size_t max_parts) {
  const std::string_view content_type = detail::TrimSpaces(request.Header("Content-Type"));
  if (!StartsWithNoCase(content_type, "multipart/form-data")) {
    throw core::Error(core::ErrorCode::kUnsupportedMediaType, "Send the body as multipart/form-data");
  }
  const auto boundary = HeaderParam(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) Malformed("bad boundary");
  const std::string delimiter = "--" + *boundary;
  const std::string next_delimiter = "\r\n" + delimiter;
  const std::string_view body = request.body;

  // A preamble before the first delimiter is allowed and ignored.
  std::size_t pos;
  if (body.starts_with(delimiter)) {
    pos = delimiter.size();
  } else {
    pos = body.find(next_delimiter);
    if (pos == std::string_view::npos) Malformed("no first boundary");
    pos += next_delimiter.size();
  }

  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter; epilogue ignored
    // Transport padding (spaces/tabs) may follow a delimiter.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") Malformed("no CRLF after boundary");
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) Malformed("unterminated part headers");
    if (parts.size() >= max_parts) Malformed("too many parts");
    MultipartPart part;
    // Headers are read only up to the blank line; an empty header block is legal.
    std::string_view headers = body.substr(pos, headers_end - pos);
    bool has_disposition = false;
    while (!headers.empty()) {
      const auto eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) Malformed("bad part header");
      const std::string_view name = detail::TrimSpaces(line.substr(0, colon));
      const std::string_view value = detail::TrimSpaces(line.substr(colon + 1));
      if (detail::IEquals(name, "Content-Disposition")) {
        if (!StartsWithNoCase(value, "form-data")) Malformed("part is not form-data");
        has_disposition = true;
        part.name = HeaderParam(value, "name").value_or("");
        part.filename = HeaderParam(value, "filename");
      } else if (detail::IEquals(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition || part.name.empty()) Malformed("part without a name");
    const std::size_t data_start = headers_end + 4;
    const auto data_end = body.find(next_delimiter, data_start);
    if (data_end == std::string_view::npos) Malformed("unterminated part");
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const auto& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace lenslet::http

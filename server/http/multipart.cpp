#include "http/multipart.hpp"

#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

using core::Error;
using core::ErrorCode;

// Transport padding after a delimiter is legal but never long in practice;
// a cap keeps a stream of spaces from being "valid" forever.
constexpr std::size_t kMaxPadding = 64;

[[noreturn]] void ThrowMalformed(std::string internal) {
  throw Error(ErrorCode::kBadRequest, "Malformed multipart body", {}, std::move(internal));
}

[[noreturn]] void ThrowTooLarge(std::string message) {
  throw Error(ErrorCode::kPayloadTooLarge, std::move(message));
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsTokenChar(char c) {
  // RFC 9110 tchar.
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsBoundaryChar(char c) {
  // RFC 2046 bchars.
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("'()+_,-./:=? ", c) != nullptr && c != '\0';
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

// Splits `type; a=b; c="d"` into the type and its parameters (names lowered).
// Quoted strings honour only \" and \\ as escapes: browsers follow the HTML
// spec, which percent-encodes quotes and leaves other backslashes alone.
// A repeated parameter is an error: two readers could pick different ones.
struct Parameters {
  std::string_view type;
  std::vector<std::pair<std::string, std::string>> values;
};

Parameters ParseParameters(std::string_view header) {
  Parameters out;
  std::size_t i = header.find(';');
  out.type = Trim(header.substr(0, i));
  if (i == std::string_view::npos) return out;
  const std::size_t n = header.size();
  while (i < n) {
    // At a ';'.
    ++i;
    while (i < n && IsOws(header[i])) ++i;
    if (i == n) break;  // a trailing ';' is harmless
    const std::size_t name_start = i;
    while (i < n && IsTokenChar(header[i])) ++i;
    std::string name(header.substr(name_start, i - name_start));
    if (name.empty()) ThrowMalformed("parameter without a name");
    for (char& c : name) c = Lower(c);
    while (i < n && IsOws(header[i])) ++i;
    if (i == n || header[i] != '=') ThrowMalformed("parameter without a value: " + name);
    ++i;
    while (i < n && IsOws(header[i])) ++i;
    std::string value;
    if (i < n && header[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        char c = header[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < n && (header[i] == '"' || header[i] == '\\')) c = header[i++];
        value.push_back(c);
      }
      if (!closed) ThrowMalformed("unterminated quoted string");
    } else {
      const std::size_t value_start = i;
      while (i < n && IsTokenChar(header[i])) ++i;
      value = std::string(header.substr(value_start, i - value_start));
      if (value.empty()) ThrowMalformed("empty parameter value: " + name);
    }
    while (i < n && IsOws(header[i])) ++i;
    if (i < n && header[i] != ';') ThrowMalformed("junk after parameter " + name);
    for (const auto& [existing, unused] : out.values) {
      if (existing == name) ThrowMalformed("repeated parameter " + name);
    }
    out.values.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace

std::string ParseMultipartBoundary(std::string_view content_type) {
  auto params = ParseParameters(content_type);
  if (!IEquals(params.type, "multipart/form-data")) {
    throw Error(ErrorCode::kUnsupportedMediaType, "Expected multipart/form-data", {},
                "content type: " + std::string(params.type));
  }
  const std::string* boundary = nullptr;
  for (const auto& [name, value] : params.values) {
    if (name == "boundary") boundary = &value;
  }
  if (boundary == nullptr) ThrowMalformed("no boundary parameter");
  if (boundary->empty() || boundary->size() > 70) ThrowMalformed("boundary length out of 1-70");
  for (char c : *boundary) {
    if (!IsBoundaryChar(c)) ThrowMalformed("invalid character in boundary");
  }
  if (boundary->back() == ' ') ThrowMalformed("boundary ends with a space");
  return *boundary;
}

MultipartParser::MultipartParser(std::string boundary, MultipartHandler& handler, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), handler_(handler), limits_(limits) {
  // Callers should have validated it with ParseMultipartBoundary; a bad one here
  // would make the delimiter search unsound (a CR inside it), so refuse it.
  if (boundary.empty() || boundary.size() > 70 || boundary.find_first_of("\r\n") != std::string::npos) {
    state_ = State::kFailed;
    error_ = std::make_exception_ptr(
        Error(ErrorCode::kBadRequest, "Malformed multipart body", {}, "invalid boundary"));
  }
  // The first delimiter may open the body without a CRLF before it: pretend the
  // body starts with one.
  matched_ = 2;
}

void MultipartParser::Fail(std::exception_ptr error) {
  state_ = State::kFailed;
  error_ = error;
  std::rethrow_exception(error_);
}

void MultipartParser::Feed(std::string_view chunk) {
  if (state_ == State::kFailed) std::rethrow_exception(error_);
  try {
    total_bytes_ += chunk.size();
    if (total_bytes_ > limits_.max_total_bytes) ThrowTooLarge("The upload is too large");
    std::size_t pos = 0;
    while (pos < chunk.size()) {
      const std::string_view rest = chunk.substr(pos);
      switch (state_) {
        case State::kPreamble:
          pos += FeedDelimiterSearch(rest, false);
          break;
        case State::kBody:
          pos += FeedDelimiterSearch(rest, true);
          break;
        case State::kHeaders:
          pos += FeedHeaders(rest);
          break;
        case State::kAfterDelimiter:
        case State::kAfterDash:
        case State::kAfterPadding:
          FeedAfterDelimiter(rest.front());
          ++pos;
          break;
        case State::kEpilogue:
          pos = chunk.size();
          break;
        case State::kFailed:
          std::rethrow_exception(error_);
      }
    }
  } catch (...) {
    Fail(std::current_exception());
  }
}

void MultipartParser::Finish() {
  if (state_ == State::kFailed) std::rethrow_exception(error_);
  if (state_ != State::kEpilogue) {
    try {
      ThrowMalformed("body ended before the closing delimiter");
    } catch (...) {
      Fail(std::current_exception());
    }
  }
}

std::size_t MultipartParser::FeedDelimiterSearch(std::string_view data, bool emit) {
  const std::size_t n = data.size();
  // Delimiter bytes matched before this chunk: on a mismatch they are data that
  // precedes everything in `data`.
  std::size_t carried = matched_;
  std::size_t i = 0;
  while (i < n) {
    if (matched_ == 0) {
      const void* cr = std::memchr(data.data() + i, '\r', n - i);
      if (cr == nullptr) {
        i = n;
        break;
      }
      i = static_cast<std::size_t>(static_cast<const char*>(cr) - data.data()) + 1;
      matched_ = 1;
      continue;
    }
    if (data[i] == delimiter_[matched_]) {
      ++i;
      if (++matched_ == delimiter_.size()) {
        const std::size_t in_chunk = matched_ - carried;
        Pass(data.substr(0, i - in_chunk), emit);
        matched_ = 0;
        if (in_part_) {
          in_part_ = false;
          handler_.OnPartEnd();
        }
        state_ = State::kAfterDelimiter;
        padding_ = 0;
        return i;
      }
      continue;
    }
    // Mismatch: the matched bytes were data. Only a CR can restart a match, and
    // data[i] is examined again from scratch.
    if (carried > 0) {
      Pass(std::string_view(delimiter_).substr(0, carried), emit);
      carried = 0;
    }
    matched_ = 0;
  }
  // Hold back the bytes that may be the start of a delimiter; the rest is data.
  const std::size_t in_chunk = matched_ - carried;
  Pass(data.substr(0, n - in_chunk), emit);
  return n;
}

void MultipartParser::Pass(std::string_view data, bool emit) {
  if (emit) {
    Emit(data);
    return;
  }
  // Clients never send a preamble; a long one means a wrong boundary, and
  // scanning 200 MB to say so would be a waste. Counted here, as the bytes
  // found not to be a delimiter, so the answer is the same however the body is
  // split (counting per Feed call let a whole body through that pieces refused).
  preamble_bytes_ += data.size();
  if (preamble_bytes_ > limits_.max_header_bytes) ThrowMalformed("no delimiter at the start of the body");
}

void MultipartParser::Emit(std::string_view data) {
  if (data.empty()) return;
  part_bytes_ += data.size();
  if (part_.IsFile()) {
    if (part_bytes_ > limits_.max_file_bytes) ThrowTooLarge("A file is too large");
  } else if (part_bytes_ > limits_.max_field_bytes) {
    ThrowTooLarge("A form field is too large");
  }
  handler_.OnPartData(data);
}

void MultipartParser::FeedAfterDelimiter(char c) {
  switch (state_) {
    case State::kAfterDelimiter:
      if (c == '-' && padding_ == 0) {
        state_ = State::kAfterDash;
      } else if (IsOws(c)) {
        if (++padding_ > kMaxPadding) ThrowMalformed("too much padding after a delimiter");
      } else if (c == '\r') {
        state_ = State::kAfterPadding;
      } else {
        // Boundary-like bytes inside data: the client chose a bad boundary.
        ThrowMalformed("delimiter followed by unexpected bytes");
      }
      return;
    case State::kAfterDash:
      if (c != '-') ThrowMalformed("delimiter followed by a single dash");
      state_ = State::kEpilogue;
      handler_.OnFinish();
      return;
    case State::kAfterPadding:
      if (c != '\n') ThrowMalformed("CR without LF after a delimiter");
      state_ = State::kHeaders;
      part_ = PartInfo{};
      have_disposition_ = false;
      have_content_type_ = false;
      header_bytes_ = 0;
      line_.clear();
      return;
    default:
      return;
  }
}

std::size_t MultipartParser::FeedHeaders(std::string_view data) {
  const std::size_t lf = data.find('\n');
  const std::size_t take = lf == std::string_view::npos ? data.size() : lf + 1;
  header_bytes_ += take;
  if (header_bytes_ > limits_.max_header_bytes) ThrowTooLarge("A part's headers are too large");
  line_.append(data.substr(0, take));
  if (lf == std::string_view::npos) return take;

  if (line_.size() < 2 || line_[line_.size() - 2] != '\r') ThrowMalformed("header line not ended by CRLF");
  const std::string_view line = std::string_view(line_).substr(0, line_.size() - 2);
  if (line.empty()) {
    EndOfHeaders();
  } else {
    ParseHeaderLine(line);
  }
  line_.clear();
  return take;
}

void MultipartParser::ParseHeaderLine(std::string_view line) {
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) ThrowMalformed("control character in a part header");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) ThrowMalformed("header line without a colon");
  const std::string_view name = line.substr(0, colon);
  if (name.empty()) ThrowMalformed("header without a name");
  for (char c : name) {
    // Also refuses obsolete line folding (a line starting with whitespace).
    if (!IsTokenChar(c)) ThrowMalformed("invalid header name");
  }
  const std::string_view value = Trim(line.substr(colon + 1));
  if (IEquals(name, "content-disposition")) {
    if (have_disposition_) ThrowMalformed("repeated Content-Disposition");
    have_disposition_ = true;
    auto params = ParseParameters(value);
    if (!IEquals(params.type, "form-data")) ThrowMalformed("Content-Disposition is not form-data");
    for (auto& [param, param_value] : params.values) {
      if (param == "name") {
        part_.name = std::move(param_value);
      } else if (param == "filename") {
        part_.filename = std::move(param_value);
      }
      // filename* and others: RFC 7578 section 4.2 says senders must not use
      // filename*; ignoring it keeps one source of truth for the name.
    }
  } else if (IEquals(name, "content-type")) {
    if (have_content_type_) ThrowMalformed("repeated Content-Type");
    have_content_type_ = true;
    part_.content_type = std::string(value);
  }
}

void MultipartParser::EndOfHeaders() {
  if (!have_disposition_ || part_.name.empty()) ThrowMalformed("part without a Content-Disposition name");
  if (part_.IsFile()) {
    // A count, not bytes: 422 naming the field (413 is for bytes, API.md).
    if (++files_ > limits_.max_files) {
      throw Error(ErrorCode::kInvalidValue, "At most " + std::to_string(limits_.max_files) + " files", part_.name);
    }
  } else if (++fields_ > limits_.max_fields) {
    ThrowTooLarge("Too many form fields");
  }
  state_ = State::kBody;
  in_part_ = true;
  part_bytes_ = 0;
  handler_.OnPartBegin(part_);
}

namespace {

// Collects parts as views into the body: fed in one piece, the parser hands
// each part's data on as contiguous slices of that piece.
class WholeBodyCollector : public MultipartHandler {
 public:
  WholeBodyCollector(std::string_view body, std::size_t max_parts) : body_(body), max_parts_(max_parts) {}

  void OnPartBegin(const PartInfo& info) override {
    if (parts.size() >= max_parts_) ThrowMalformed("too many parts");
    parts.push_back({info.name, info.filename, info.content_type, {}});
    started_ = false;
  }
  void OnPartData(std::string_view data) override {
    auto& part = parts.back();
    if (!started_) {
      part.data = data;
      started_ = true;
      return;
    }
    // WARNING: only sound because Feed got the whole body at once.
    if (part.data.data() + part.data.size() != data.data()) {
      throw std::logic_error("multipart data not contiguous");
    }
    part.data = std::string_view(part.data.data(), part.data.size() + data.size());
  }
  void OnPartEnd() override {
    // An empty part still points into the body, for callers that compare views.
    if (!started_) parts.back().data = body_.substr(0, 0);
  }
  void OnFinish() override {}

  std::vector<MultipartPart> parts;

 private:
  std::string_view body_;
  std::size_t max_parts_;
  bool started_ = false;
};

}  // namespace

std::vector<MultipartPart> ParseMultipart(const Request& request, std::size_t max_parts,
                                          MultipartLimits limits) {
  std::string boundary = ParseMultipartBoundary(request.Header("Content-Type"));
  // max_parts is the only count that matters here; the per-kind counts of the
  // streaming parser would otherwise answer 413 before it.
  limits.max_files = max_parts + 1;
  limits.max_fields = max_parts + 1;
  WholeBodyCollector collector(request.body, max_parts);
  MultipartParser parser(std::move(boundary), collector, limits);
  parser.Feed(request.body);
  parser.Finish();
  return std::move(collector.parts);
}

const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const auto& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace lenslet::http

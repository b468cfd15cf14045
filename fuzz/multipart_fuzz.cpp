// libFuzzer target for the streaming multipart/form-data parser
// (server/http/multipart.cpp). An input is a Content-Type value, a newline,
// then the body. It checks:
//   - ParseMultipartBoundary: an accepted boundary is 1-70 bchars and comes
//     back unchanged when quoted into a Content-Type again;
//   - MultipartParser fed the body whole and in small pieces (their size picked
//     by the input's length): the same parts, data and outcome (413 / 422 /
//     400 alike), never a crash or an exception other than core::Error;
//   - what it reports stays within the input: no more data than bytes fed,
//     limits held, no part data holding the delimiter;
//   - a parsed form, written out again with the same boundary, parses to the
//     same parts (round trip);
//   - ParseMultipart (the whole-body helper): parts are views inside the body,
//     equal to the streamed ones.
//
// Build and run: scripts/fuzz.sh multipart_fuzz (seeds in fuzz/corpus/multipart/).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/multipart.hpp"
#include "http/request.hpp"

namespace http = lenslet::http;
namespace core = lenslet::core;

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// Small limits, so short inputs reach every limit branch. The total is above
// libFuzzer's input size, so it never decides the outcome (it is checked per
// Feed call, and whole and pieces would differ only by design).
http::MultipartLimits Limits() {
  http::MultipartLimits limits;
  limits.max_files = 3;
  limits.max_fields = 4;
  limits.max_file_bytes = 300;
  limits.max_field_bytes = 100;
  limits.max_total_bytes = 1 << 20;
  limits.max_header_bytes = 160;
  return limits;
}

struct Part {
  http::PartInfo info;
  std::string data;
  bool ended = false;
};

struct Outcome {
  std::vector<Part> parts;
  bool finished = false;  // OnFinish seen
  std::optional<core::ErrorCode> error;
  std::string error_field;
  std::uint64_t data_bytes = 0;
};

class Recorder : public http::MultipartHandler {
 public:
  explicit Recorder(Outcome& out) : out_(out) {}
  void OnPartBegin(const http::PartInfo& part) override {
    Require(!out_.finished);
    Require(out_.parts.empty() || out_.parts.back().ended);
    Require(!part.name.empty());
    out_.parts.push_back({part, {}, false});
  }
  void OnPartData(std::string_view data) override {
    Require(!data.empty());
    Require(!out_.parts.empty() && !out_.parts.back().ended);
    out_.parts.back().data.append(data);
    out_.data_bytes += data.size();
  }
  void OnPartEnd() override {
    Require(!out_.parts.empty() && !out_.parts.back().ended);
    out_.parts.back().ended = true;
  }
  void OnFinish() override {
    Require(!out_.finished);
    Require(out_.parts.empty() || out_.parts.back().ended);
    out_.finished = true;
  }

 private:
  Outcome& out_;
};

Outcome Stream(const std::string& boundary, std::string_view body, std::size_t piece,
               const http::MultipartLimits& limits = Limits()) {
  Outcome out;
  Recorder recorder(out);
  http::MultipartParser parser(boundary, recorder, limits);
  try {
    for (std::size_t at = 0; at < body.size(); at += piece) parser.Feed(body.substr(at, piece));
    parser.Finish();
    Require(parser.done() && out.finished);
  } catch (const core::Error& e) {
    out.error = e.code();
    out.error_field = e.field();
    // A failed parser keeps refusing, with the same error.
    try {
      parser.Feed("x");
      Require(false);
    } catch (const core::Error& again) {
      Require(again.code() == e.code());
    }
  }
  Require(parser.total_bytes() <= body.size());
  Require(parser.files() <= Limits().max_files + 1 && parser.fields() <= Limits().max_fields + 1);
  return out;
}

bool SameParts(const std::vector<Part>& a, const std::vector<Part>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].info.name != b[i].info.name || a[i].info.filename != b[i].info.filename ||
        a[i].info.content_type != b[i].info.content_type || a[i].data != b[i].data) {
      return false;
    }
  }
  return true;
}

std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// The form as a browser would write it.
std::string Encode(const std::string& boundary, const std::vector<Part>& parts) {
  std::string body;
  for (const auto& part : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(part.info.name);
    if (part.info.filename) body += "; filename=" + Quoted(*part.info.filename);
    body += "\r\n";
    if (!part.info.content_type.empty()) body += "Content-Type: " + part.info.content_type + "\r\n";
    body += "\r\n" + part.data + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

void CheckBoundary(const std::string& boundary) {
  Require(!boundary.empty() && boundary.size() <= 70);
  Require(boundary.find_first_of("\r\n\"\\") == std::string::npos);
  Require(http::ParseMultipartBoundary("multipart/form-data; boundary=" + Quoted(boundary)) == boundary);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body = input.substr(newline + 1);

  std::string boundary;
  try {
    boundary = http::ParseMultipartBoundary(content_type);
  } catch (const core::Error& e) {
    Require(e.code() == core::ErrorCode::kBadRequest || e.code() == core::ErrorCode::kUnsupportedMediaType);
    return 0;
  }
  CheckBoundary(boundary);

  const std::size_t piece = 1 + size % 7;
  const Outcome whole = Stream(boundary, body, body.size() + 1);
  const Outcome pieces = Stream(boundary, body, piece);
  Require(whole.error == pieces.error);
  Require(whole.error_field == pieces.error_field);
  if (whole.error) {
    Require(*whole.error == core::ErrorCode::kBadRequest || *whole.error == core::ErrorCode::kPayloadTooLarge ||
            *whole.error == core::ErrorCode::kInvalidValue);
    return 0;
  }
  Require(SameParts(whole.parts, pieces.parts));
  Require(whole.data_bytes <= body.size());

  const std::string delimiter = "\r\n--" + boundary;
  for (const auto& part : whole.parts) {
    Require(part.ended);
    Require(part.data.find(delimiter) == std::string::npos);
    Require(part.data.size() <= (part.info.IsFile() ? Limits().max_file_bytes : Limits().max_field_bytes));
    Require(part.info.content_type.find_first_of("\r\n") == std::string::npos);
  }

  // Round trip through the way browsers write forms.
  // Its part headers may be longer than the original's (a backslash in a name
  // is written escaped, "; name=" may have had no space): at most twice as
  // long plus the fixed words, so the header limit grows by as much for it.
  const std::string again = Encode(boundary, whole.parts);
  auto roomy = Limits();
  roomy.max_header_bytes = 2 * roomy.max_header_bytes + 128;
  const Outcome reparsed = Stream(boundary, again, piece, roomy);
  Require(!reparsed.error && SameParts(whole.parts, reparsed.parts));

  // The whole-body helper sees the same parts, as views inside the body.
  http::Request request;
  request.headers.emplace_back("Content-Type", std::string(content_type));
  request.body = std::string(body);
  std::vector<http::MultipartPart> parts;
  try {
    auto limits = Limits();
    parts = http::ParseMultipart(request, 8, limits);
  } catch (const core::Error& e) {
    // It counts parts, not files and fields: only its own count may refuse more.
    Require(e.code() == core::ErrorCode::kBadRequest && whole.parts.size() > 8);
    return 0;
  }
  Require(parts.size() == whole.parts.size());
  const char* begin = request.body.data();
  const char* end = begin + request.body.size();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Require(parts[i].data.data() >= begin && parts[i].data.data() + parts[i].data.size() <= end);
    Require(parts[i].name == whole.parts[i].info.name && parts[i].filename == whole.parts[i].info.filename);
    Require(parts[i].data == whole.parts[i].data);
    Require(http::FindPart(parts, parts[i].name) != nullptr);
  }
  return 0;
}

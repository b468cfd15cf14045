#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

using core::ErrorCode;

constexpr std::string_view kBoundary = "----LensletBoundary7MA4YWxkTrZu0gW";

struct Part {
  PartInfo info;
  std::string data;
  bool ended = false;
};

class Recorder : public MultipartHandler {
 public:
  void OnPartBegin(const PartInfo& part) override {
    EXPECT_TRUE(parts.empty() || parts.back().ended) << "begin before the previous part ended";
    parts.push_back({part, {}, false});
  }
  void OnPartData(std::string_view data) override {
    EXPECT_FALSE(data.empty());
    ASSERT_FALSE(parts.empty());
    EXPECT_FALSE(parts.back().ended);
    parts.back().data.append(data);
    emitted += data.size();
    if (on_data) on_data(data);
  }
  void OnPartEnd() override {
    ASSERT_FALSE(parts.empty());
    EXPECT_FALSE(parts.back().ended);
    parts.back().ended = true;
  }
  void OnFinish() override {
    EXPECT_FALSE(finished);
    finished = true;
  }

  std::vector<Part> parts;
  bool finished = false;
  std::uint64_t emitted = 0;
  std::function<void(std::string_view)> on_data;
};

// The ways a body can arrive: whole, byte by byte, every two-piece split (for
// short bodies) and seeded random splits.
std::vector<std::vector<std::size_t>> Chunkings(std::size_t size) {
  std::vector<std::vector<std::size_t>> out;
  out.push_back({size});
  out.push_back(std::vector<std::size_t>(size, 1));
  if (size < 600) {
    for (std::size_t cut = 1; cut < size; ++cut) out.push_back({cut, size - cut});
  }
  std::mt19937 rng(20240601);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::size_t> sizes;
    std::size_t left = size;
    std::uniform_int_distribution<std::size_t> pick(1, round % 2 ? 7 : 97);
    while (left > 0) {
      const std::size_t n = std::min(left, pick(rng));
      sizes.push_back(n);
      left -= n;
    }
    out.push_back(std::move(sizes));
  }
  return out;
}

void FeedChunked(MultipartParser& parser, std::string_view body, const std::vector<std::size_t>& sizes) {
  std::size_t pos = 0;
  for (std::size_t n : sizes) {
    parser.Feed(body.substr(pos, n));
    pos += n;
  }
}

// Parses the whole body with the given chunking and returns what the handler saw.
Recorder Parse(std::string_view body, const std::vector<std::size_t>& sizes, MultipartLimits limits = {}) {
  Recorder recorder;
  MultipartParser parser(std::string(kBoundary), recorder, limits);
  FeedChunked(parser, body, sizes);
  parser.Finish();
  return recorder;
}

// The error code a body produces, in any chunking; fails the test if the code
// differs between chunkings.
std::optional<ErrorCode> ErrorOf(std::string_view body, MultipartLimits limits = {}) {
  std::optional<ErrorCode> first;
  bool first_round = true;
  for (const auto& sizes : Chunkings(body.size())) {
    std::optional<ErrorCode> got;
    try {
      Parse(body, sizes, limits);
    } catch (const core::Error& e) {
      got = e.code();
    }
    if (first_round) {
      first = got;
      first_round = false;
    } else {
      EXPECT_EQ(got.has_value(), first.has_value());
      if (got && first) {
        EXPECT_EQ(*got, *first);
      }
    }
  }
  return first;
}

std::string Delim() { return "--" + std::string(kBoundary); }

std::string FieldPart(std::string_view name, std::string_view value) {
  return Delim() + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n" +
         std::string(value) + "\r\n";
}

std::string FilePart(std::string_view name, std::string_view filename, std::string_view type,
                     std::string_view data) {
  return Delim() + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"; filename=\"" +
         std::string(filename) + "\"\r\nContent-Type: " + std::string(type) + "\r\n\r\n" + std::string(data) +
         "\r\n";
}

std::string Close() { return Delim() + "--\r\n"; }

// ---------------------------------------------------------------------------
// Boundary from the Content-Type header.

TEST(MultipartBoundaryTest, AcceptsTokenAndQuotedForms) {
  EXPECT_EQ(ParseMultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(ParseMultipartBoundary("multipart/form-data; boundary=\"a b:c?=\""), "a b:c?=");
  EXPECT_EQ(ParseMultipartBoundary("Multipart/Form-Data;charset=utf-8;BOUNDARY=----WebKitFormBoundaryx"),
            "----WebKitFormBoundaryx");
  EXPECT_EQ(ParseMultipartBoundary("multipart/form-data ; boundary = xyz ;"), "xyz");
  EXPECT_EQ(ParseMultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')),
            std::string(70, 'b'));
}

TEST(MultipartBoundaryTest, RefusesMissingOrInvalidBoundaries) {
  for (const std::string& ct : std::vector<std::string>{
           "multipart/form-data",
           "multipart/form-data;",
           "multipart/form-data; boundary=",
           "multipart/form-data; boundary=\"\"",
           "multipart/form-data; boundary=\"unterminated",
           "multipart/form-data; boundary=" + std::string(71, 'b'),
           std::string("multipart/form-data; boundary=\"abc\r\n\""),
           std::string("multipart/form-data; boundary=\"trailing \""),
           std::string("multipart/form-data; boundary=\"bad<char\""),
           std::string("multipart/form-data; boundary=a; boundary=b"),
           std::string("multipart/form-data; boundary=a junk"),
       }) {
    try {
      ParseMultipartBoundary(ct);
      ADD_FAILURE() << "accepted: " << ct;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBadRequest) << ct;
    }
  }
}

TEST(MultipartBoundaryTest, OtherContentTypesAreUnsupported) {
  for (const std::string& ct :
       std::vector<std::string>{"application/json", "", "multipart/mixed; boundary=x", "text/plain"}) {
    try {
      ParseMultipartBoundary(ct);
      ADD_FAILURE() << "accepted: " << ct;
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnsupportedMediaType) << ct;
    }
  }
}

// ---------------------------------------------------------------------------
// Valid bodies, every chunking.

TEST(MultipartParserTest, FieldsAndFilesInEveryChunking) {
  const std::string jpeg_like = std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\r\n\r\n--\r--", 20) + "\xff\xd9";
  const std::string body = FieldPart("caption", "Sunset over the bay") +
                           FilePart("images", "a.jpg", "image/jpeg", jpeg_like) + FieldPart("alt", "") +
                           FilePart("images", "b.png", "image/png", "PNGDATA") + Close();
  for (const auto& sizes : Chunkings(body.size())) {
    const Recorder r = Parse(body, sizes);
    ASSERT_EQ(r.parts.size(), 4u);
    EXPECT_TRUE(r.finished);
    EXPECT_EQ(r.parts[0].info.name, "caption");
    EXPECT_FALSE(r.parts[0].info.IsFile());
    EXPECT_EQ(r.parts[0].info.content_type, "");
    EXPECT_EQ(r.parts[0].data, "Sunset over the bay");
    EXPECT_EQ(r.parts[1].info.name, "images");
    EXPECT_EQ(r.parts[1].info.filename, "a.jpg");
    EXPECT_EQ(r.parts[1].info.content_type, "image/jpeg");
    EXPECT_EQ(r.parts[1].data, jpeg_like);
    EXPECT_EQ(r.parts[2].info.name, "alt");
    EXPECT_EQ(r.parts[2].data, "");
    EXPECT_EQ(r.parts[3].data, "PNGDATA");
    for (const auto& p : r.parts) EXPECT_TRUE(p.ended);
  }
}

TEST(MultipartParserTest, PreambleAndEpilogueAreIgnored) {
  const std::string body = "This is the preamble.\r\nIt is to be ignored.\r\n" + FieldPart("a", "1") +
                           Close() + "This is the epilogue, also ignored: " + Delim() + "\r\n garbage";
  for (const auto& sizes : Chunkings(body.size())) {
    const Recorder r = Parse(body, sizes);
    ASSERT_EQ(r.parts.size(), 1u);
    EXPECT_EQ(r.parts[0].data, "1");
    EXPECT_TRUE(r.finished);
  }
}

// Found by fuzz/multipart_fuzz.cpp: the preamble was counted per Feed call, so
// a long preamble sent whole was accepted and the same bytes in pieces refused.
TEST(MultipartParserTest, LongPreambleIsRefusedHoweverTheBodyIsSplit) {
  MultipartLimits limits;
  limits.max_header_bytes = 100;
  const std::string body = std::string(150, 'p') + "\r\n" + FieldPart("a", "1") + Close();
  EXPECT_EQ(ErrorOf(body, limits), ErrorCode::kBadRequest);
  const std::string short_preamble = std::string(40, 'p') + "\r\n" + FieldPart("a", "1") + Close();
  EXPECT_EQ(ErrorOf(short_preamble, limits), std::nullopt);
}

TEST(MultipartParserTest, LeadingCrlfBeforeTheFirstDelimiterIsFine) {
  const std::string body = "\r\n" + FieldPart("a", "1") + Close();
  EXPECT_EQ(Parse(body, {body.size()}).parts.at(0).data, "1");
}

TEST(MultipartParserTest, CloseDelimiterWithoutTrailingCrlfAndEmptyForm) {
  const std::string body = FieldPart("a", "x") + Delim() + "--";
  EXPECT_TRUE(Parse(body, {body.size()}).finished);
  const std::string empty = Delim() + "--";
  const Recorder r = Parse(empty, {empty.size()});
  EXPECT_TRUE(r.finished);
  EXPECT_TRUE(r.parts.empty());
}

TEST(MultipartParserTest, TransportPaddingAfterDelimiters) {
  const std::string body =
      Delim() + "  \t\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n" + Delim() + "-- \r\n";
  for (const auto& sizes : Chunkings(body.size())) {
    const Recorder r = Parse(body, sizes);
    ASSERT_EQ(r.parts.size(), 1u);
    EXPECT_EQ(r.parts[0].info.name, "a");
    EXPECT_EQ(r.parts[0].data, "v");
  }
}

TEST(MultipartParserTest, BoundaryLikeBytesInsideDataAreData) {
  const std::string b(kBoundary);
  const std::vector<std::string> tricky = {
      "\r",
      "\r\n",
      "\r\n-",
      "\r\n--",
      "\r\n--" + b.substr(0, b.size() - 1),     // all but the last byte of the delimiter
      "--" + b + "\r\n",                        // a delimiter without the CRLF before it
      "\r\r\n--" + b.substr(0, 5) + "\r\n--x",  // restarts inside a partial match
      "x\r\n--" + b.substr(0, 10) + "\rtail\r",
      std::string("\0\r\n\0--", 6) + b,  // NUL breaks the match
      "\n--" + b,                        // LF alone is not CRLF
  };
  for (const auto& data : tricky) {
    const std::string body = FilePart("f", "x.bin", "application/octet-stream", data) + Close();
    for (const auto& sizes : Chunkings(body.size())) {
      const Recorder r = Parse(body, sizes);
      ASSERT_EQ(r.parts.size(), 1u);
      ASSERT_EQ(r.parts[0].data, data);
    }
  }
}

TEST(MultipartParserTest, RandomBinaryDataSurvivesRandomSplits) {
  std::mt19937 rng(7);
  const std::string b(kBoundary);
  for (int round = 0; round < 30; ++round) {
    // Rich in CR, LF, '-' and boundary characters, so partial matches abound.
    std::string data;
    std::uniform_int_distribution<int> len(0, 3000);
    const int n = len(rng);
    const std::string alphabet = "\r\n-" + b.substr(4, 6) + std::string("\0\xff", 2);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int i = 0; i < n; ++i) data.push_back(alphabet[pick(rng)]);
    if (data.find("\r\n--" + b) != std::string::npos) continue;
    const std::string body =
        FilePart("f", "r.bin", "application/octet-stream", data) + FieldPart("g", "ok") + Close();
    for (const auto& sizes : Chunkings(body.size())) {
      if (sizes.size() == body.size() && round % 5 != 0) continue;  // byte-by-byte is slow; sample it
      const Recorder r = Parse(body, sizes);
      ASSERT_EQ(r.parts.size(), 2u);
      ASSERT_EQ(r.parts[0].data, data);
      ASSERT_EQ(r.parts[1].data, "ok");
    }
  }
}

TEST(MultipartParserTest, ContentDispositionParameters) {
  const std::string body =
      Delim() +
      "\r\ncontent-disposition: FORM-DATA; filename=\"semi;colon \\\"q\\\" C:\\dir\\x.jpg\"; "
      "NAME=\"na;me\"; filename*=UTF-8''ignored.jpg\r\n"
      "CONTENT-TYPE: image/jpeg\r\nX-Other: whatever\r\n\r\nD\r\n" +
      Delim() + "\r\nContent-Disposition: form-data; name=plain; filename=\"\"\r\n\r\n\r\n" + Close();
  const Recorder r = Parse(body, {body.size()});
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].info.name, "na;me");
  EXPECT_EQ(r.parts[0].info.filename, "semi;colon \"q\" C:\\dir\\x.jpg");
  EXPECT_EQ(r.parts[0].info.content_type, "image/jpeg");
  EXPECT_EQ(r.parts[1].info.name, "plain");
  EXPECT_TRUE(r.parts[1].info.IsFile());  // an empty file input still says filename=""
  EXPECT_EQ(r.parts[1].info.filename, "");
  EXPECT_EQ(r.parts[1].data, "");
}

TEST(MultipartParserTest, Utf8FilenamesPassThrough) {
  const std::string body = FilePart("f", "fête à Noël.jpg", "image/jpeg", "x") + Close();
  EXPECT_EQ(Parse(body, {body.size()}).parts.at(0).info.filename, "fête à Noël.jpg");
}

// ---------------------------------------------------------------------------
// Malformed bodies: 400.

TEST(MultipartParserTest, MalformedBodiesAreBadRequests) {
  const std::string cd = "Content-Disposition: form-data; name=\"a\"";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty body", ""},
      {"no closing delimiter", FieldPart("a", "1")},
      {"unterminated part", Delim() + "\r\n" + cd + "\r\n\r\nhalf a part"},
      {"ends inside headers", Delim() + "\r\n" + cd},
      {"no delimiter at all", "just some text that is not multipart"},
      {"wrong boundary", "--OtherBoundary\r\n" + cd + "\r\n\r\nx\r\n--OtherBoundary--\r\n"},
      {"header without colon", Delim() + "\r\n" + cd + "\r\nNoColonHere\r\n\r\nx\r\n" + Close()},
      {"header without name", Delim() + "\r\n" + cd + "\r\n: value\r\n\r\nx\r\n" + Close()},
      {"folded header", Delim() + "\r\n" + cd + "\r\n continued\r\n\r\nx\r\n" + Close()},
      {"no content-disposition", Delim() + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + Close()},
      {"no headers at all", Delim() + "\r\n\r\nx\r\n" + Close()},
      {"disposition without name",
       Delim() + "\r\nContent-Disposition: form-data; filename=\"a.jpg\"\r\n\r\nx\r\n" + Close()},
      {"empty name", Delim() + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n" + Close()},
      {"not form-data", Delim() + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" + Close()},
      {"repeated disposition", Delim() + "\r\n" + cd + "\r\n" + cd + "\r\n\r\nx\r\n" + Close()},
      {"repeated name param",
       Delim() + "\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n" + Close()},
      {"unterminated quote", Delim() + "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" + Close()},
      {"bare LF header line", Delim() + "\r\n" + cd + "\n\r\nx\r\n" + Close()},
      {"LF only after delimiter", Delim() + "\n" + cd + "\r\n\r\nx\r\n" + Close()},
      {"NUL in header", Delim() + "\r\n" + cd + "\r\nX-A: a\0b\r\n\r\nx\r\n" + Close()},
      {"delimiter followed by junk",
       FieldPart("a", "1") + Delim() + "X\r\n" + cd + "\r\n\r\nx\r\n" + Close()},
      {"single dash after delimiter", FieldPart("a", "1") + Delim() + "-\r\n"},
      {"dash after padding", FieldPart("a", "1") + Delim() + " --\r\n"},
      {"endless padding", Delim() + std::string(200, ' ') + "\r\n" + cd + "\r\n\r\nx\r\n" + Close()},
  };
  for (const auto& [what, body] : cases) {
    SCOPED_TRACE(what);
    const auto code = ErrorOf(body);
    ASSERT_TRUE(code.has_value()) << what << " was accepted";
    EXPECT_EQ(*code, ErrorCode::kBadRequest);
  }
}

TEST(MultipartParserTest, InvalidBoundaryGivenToTheParserFailsEveryFeed) {
  Recorder r;
  MultipartParser parser("bad\rboundary", r);
  EXPECT_THROW(parser.Feed("x"), core::Error);
  EXPECT_THROW(parser.Finish(), core::Error);
}

// ---------------------------------------------------------------------------
// Limits: 413 the moment a byte or part limit is crossed; 422 for a file too many.

ErrorCode CodeOfFeeding(MultipartParser& parser, std::string_view body, std::size_t chunk) {
  try {
    for (std::size_t pos = 0; pos < body.size(); pos += chunk) parser.Feed(body.substr(pos, chunk));
    parser.Finish();
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kInternal;
}

TEST(MultipartParserTest, FileLargerThanTheLimitStopsAtTheLimit) {
  MultipartLimits limits;
  limits.max_file_bytes = 1000;
  const std::string body = FilePart("f", "a.jpg", "image/jpeg", std::string(1001, 'x')) + Close();
  for (std::size_t chunk : {1u, 7u, 100u, 5000u}) {
    Recorder r;
    MultipartParser parser(std::string(kBoundary), r, limits);
    EXPECT_EQ(CodeOfFeeding(parser, body, chunk), ErrorCode::kPayloadTooLarge);
    EXPECT_LE(r.emitted, 1000u) << "the handler saw bytes beyond the limit";
  }
  // Exactly at the limit is fine.
  const std::string ok = FilePart("f", "a.jpg", "image/jpeg", std::string(1000, 'x')) + Close();
  EXPECT_EQ(Parse(ok, {ok.size()}, limits).parts.at(0).data.size(), 1000u);
}

TEST(MultipartParserTest, FieldLimitIsSmallerThanTheFileLimit) {
  MultipartLimits limits;
  const std::string big(limits.max_field_bytes + 1, 'a');
  EXPECT_EQ(ErrorOf(FieldPart("caption", big) + Close(), limits), ErrorCode::kPayloadTooLarge);
  const std::string as_file = FilePart("images", "a.jpg", "image/jpeg", big) + Close();
  EXPECT_EQ(Parse(as_file, {as_file.size()}, limits).parts.at(0).data.size(), big.size());
}

TEST(MultipartParserTest, TotalLimitCountsEveryByteFed) {
  MultipartLimits limits;
  limits.max_total_bytes = 500;
  const std::string body =
      "preamble " + FieldPart("a", std::string(300, 'x')) + Close() + std::string(300, 'e');
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r, limits);
  EXPECT_EQ(CodeOfFeeding(parser, body, 64), ErrorCode::kPayloadTooLarge);
  EXPECT_LE(parser.total_bytes(), 500u + 64u);
}

TEST(MultipartParserTest, ElevenFilesAreRefusedAtTheEleventh) {
  std::string body;
  for (int i = 0; i < 11; ++i) body += FilePart("images", "p.jpg", "image/jpeg", "x");
  body += Close();
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r);
  try {
    parser.Feed(body);
    ADD_FAILURE() << "accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidValue) << "a count, not bytes: 422";
    EXPECT_EQ(e.field(), "images");
  }
  EXPECT_EQ(r.parts.size(), 10u);
  EXPECT_EQ(parser.files(), 11u);
}

TEST(MultipartParserTest, TenThousandPartsFailFast) {
  std::string body;
  for (int i = 0; i < 10000; ++i) body += FieldPart("f", "v");
  body += Close();
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r);
  std::size_t fed = 0;
  try {
    for (; fed < body.size(); fed += 4096) parser.Feed(std::string_view(body).substr(fed, 4096));
    ADD_FAILURE() << "accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPayloadTooLarge);
  }
  EXPECT_EQ(r.parts.size(), MultipartLimits{}.max_fields);
  EXPECT_LT(fed, 8192u) << "parsed far beyond the part limit";
}

TEST(MultipartParserTest, HugePartHeadersAreRefused) {
  const std::string body =
      Delim() + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: " + std::string(9000, 'p') +
      "\r\n\r\nx\r\n" + Close();
  EXPECT_EQ(ErrorOf(body), ErrorCode::kPayloadTooLarge);
  // A header line that never ends is cut off at the limit too, not buffered.
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r);
  parser.Feed(Delim() + "\r\nX-Endless: ");
  EXPECT_EQ(CodeOfFeeding(parser, std::string(100000, 'z'), 1000), ErrorCode::kPayloadTooLarge);
}

TEST(MultipartParserTest, MemoryDoesNotGrowWithFileSize) {
  // 30 MB in 64 KB chunks: after every chunk, all but a delimiter's length of
  // the file bytes fed so far must have been handed on.
  MultipartLimits limits;
  limits.max_file_bytes = 40ull << 20;
  limits.max_total_bytes = 50ull << 20;
  Recorder r;
  std::uint64_t data_seen = 0;
  r.on_data = [&](std::string_view d) { data_seen += d.size(); };
  MultipartParser parser(std::string(kBoundary), r, limits);
  const std::string head = Delim() + "\r\nContent-Disposition: form-data; name=f; filename=big.bin\r\n\r\n";
  parser.Feed(head);
  std::string chunk(64 << 10, '\0');
  for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>((i * 31) ^ (i >> 7));
  chunk[chunk.size() - 3] = '\r';  // end each chunk with a partial delimiter
  chunk[chunk.size() - 2] = '\n';
  chunk[chunk.size() - 1] = '-';
  std::uint64_t fed = 0;
  for (int i = 0; i < 480; ++i) {
    parser.Feed(chunk);
    fed += chunk.size();
    ASSERT_GE(data_seen + kBoundary.size() + 4, fed);
  }
  parser.Feed("\r\n" + Close());
  parser.Finish();
  EXPECT_EQ(data_seen, fed);
  // The recorder itself kept the data; the parser did not.
  EXPECT_EQ(r.parts.at(0).data.size(), fed);
}

// ---------------------------------------------------------------------------
// After an error.

TEST(MultipartParserTest, AfterAnErrorEveryCallFailsTheSameWay) {
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r);
  EXPECT_THROW(parser.Feed(Delim() + "\r\nBroken header\r\n"), core::Error);
  for (int i = 0; i < 2; ++i) {
    try {
      parser.Feed("more");
      ADD_FAILURE();
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBadRequest);
    }
  }
  EXPECT_THROW(parser.Finish(), core::Error);
}

TEST(MultipartParserTest, AHandlerThrowingStopsTheParser) {
  struct Refuser : Recorder {
    void OnPartBegin(const PartInfo& part) override {
      Recorder::OnPartBegin(part);
      if (part.IsFile()) throw core::Error(ErrorCode::kUnsupportedMediaType, "Not an image");
    }
  } r;
  MultipartParser parser(std::string(kBoundary), r);
  const std::string body = FieldPart("a", "1") + FilePart("f", "x.svg", "image/svg+xml", "<svg/>") + Close();
  try {
    parser.Feed(body);
    ADD_FAILURE();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupportedMediaType);
  }
  EXPECT_THROW(parser.Feed("x"), core::Error);
  EXPECT_FALSE(r.finished);
}

TEST(MultipartParserTest, CountersReportWhatWasParsed) {
  const std::string body = FieldPart("a", "1") + FilePart("f", "x.jpg", "image/jpeg", "x") + Close();
  Recorder r;
  MultipartParser parser(std::string(kBoundary), r);
  parser.Feed(body);
  EXPECT_TRUE(parser.done());
  parser.Finish();
  EXPECT_EQ(parser.files(), 1u);
  EXPECT_EQ(parser.fields(), 1u);
  EXPECT_EQ(parser.total_bytes(), body.size());
}

// ---------------------------------------------------------------------------
// ParseMultipart: the whole-body convenience over the streaming parser.

Request Multipart(std::string body, std::string content_type = "multipart/form-data; boundary=XyZ") {
  Request r;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

core::ErrorCode CodeOf(const Request& r) {
  try {
    ParseMultipart(r);
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return core::ErrorCode::kInternal;
}

TEST(ParseMultipart, FieldsAndFile) {
  const std::string binary("\xFF\xD8\x00\r\n--Xy\x01", 10);
  const Request r = Multipart(
      "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a \\\"b\\\".jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      binary + "\r\n--XyZ--\r\nepilogue");
  const auto parts = ParseMultipart(r);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "text");
  EXPECT_EQ(parts[0].data, "hello");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_EQ(parts[1].name, "image");
  EXPECT_EQ(parts[1].filename, "a \"b\".jpg");
  EXPECT_EQ(parts[1].content_type, "image/jpeg");
  EXPECT_EQ(parts[1].data, binary);
  EXPECT_EQ(FindPart(parts, "image"), &parts[1]);
  EXPECT_EQ(FindPart(parts, "none"), nullptr);
}

TEST(ParseMultipart, QuotedBoundaryPreambleAndEmptyPart) {
  const Request r =
      Multipart("preamble\r\n--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--a b--",
                "multipart/form-data; boundary=\"a b\"");
  const auto parts = ParseMultipart(r);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "x");
  EXPECT_EQ(parts[0].data, "");
}

TEST(ParseMultipart, Errors) {
  EXPECT_EQ(CodeOf(Multipart("{}", "application/json")), core::ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(CodeOf(Multipart("x", "multipart/form-data")), core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated")),
            core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--")),
            core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("no boundary here")), core::ErrorCode::kBadRequest);
  std::string many;
  for (int i = 0; i < 17; ++i) many += "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  EXPECT_EQ(CodeOf(Multipart(many + "--XyZ--")), core::ErrorCode::kBadRequest);
}

TEST(ParseMultipart, PartDataPointsIntoTheBody) {
  const Request r = Multipart(
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n\r\n12\r\r\n--X\r\n--XyZ--");
  const auto parts = ParseMultipart(r);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data, "");
  EXPECT_EQ(parts[1].data, "12\r\r\n--X");
  EXPECT_GE(parts[1].data.data(), r.body.data());
  EXPECT_LE(parts[1].data.data() + parts[1].data.size(), r.body.data() + r.body.size());
}

}  // namespace
}  // namespace lenslet::http

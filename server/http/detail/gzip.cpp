#include "http/detail/gzip.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <charconv>

#include "http/detail/percent.hpp"
#include "http/detail/security_headers.hpp"

namespace lenslet::http::detail {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && IEquals(text.substr(0, prefix.size()), prefix);
}

// The q-value of one "coding;q=0.5" element; 1 when absent, 0 when unreadable.
double QValue(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = TrimSpaces(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string_view number = TrimSpaces(param.substr(2));
      double q = 0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), q);
      if (ec != std::errc() || end != number.data() + number.size()) return 0;
      return q;
    }
  }
  return 1;
}

}  // namespace

bool AcceptsEncoding(std::string_view accept_encoding, std::string_view coding) {
  std::optional<double> exact;
  std::optional<double> wildcard;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view element = TrimSpaces(accept_encoding.substr(0, comma));
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const auto semi = element.find(';');
    const std::string_view name = TrimSpaces(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : QValue(element.substr(semi + 1));
    if (IEquals(name, coding)) {
      exact = q;
    } else if (name == "*") {
      wildcard = q;
    }
  }
  if (exact) return *exact > 0;
  return wildcard && *wildcard > 0;
}

std::optional<std::string> GzipCompress(std::string_view data, GzipEffort effort) {
  // One compressor per thread and effort: allocating one costs more than
  // compressing a page, and a compressor is not safe to share between threads.
  struct Compressor {
    libdeflate_compressor* state;
    explicit Compressor(int level) : state(libdeflate_alloc_compressor(level)) {}
    ~Compressor() { libdeflate_free_compressor(state); }
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;
  };
  // Each made on its thread's first use of it: the smallest level's state is
  // large, and only static files (once each) ask for it.
  const auto compressor_for = [](GzipEffort wanted) {
    if (wanted == GzipEffort::kFast) {
      thread_local Compressor fast(1);
      return fast.state;
    }
    thread_local Compressor smallest(12);
    return smallest.state;
  };
  libdeflate_compressor* compressor = compressor_for(effort);
  if (compressor == nullptr) return std::nullopt;
  std::string out(libdeflate_gzip_compress_bound(compressor, data.size()), '\0');
  const std::size_t written =
      libdeflate_gzip_compress(compressor, data.data(), data.size(), out.data(), out.size());
  if (written == 0) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> GzipDecompress(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 31) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool IsCompressibleType(std::string_view content_type) {
  return StartsWith(content_type, "text/") || StartsWith(content_type, "application/json") ||
         StartsWith(content_type, "application/javascript") || StartsWith(content_type, "image/svg+xml") ||
         StartsWith(content_type, "application/manifest+json") || StartsWith(content_type, "application/xml");
}

void MaybeGzip(std::string_view accept_encoding, Response& response) {
  if (response.body.size() < kGzipMinBytes || !IsCompressibleType(response.content_type)) return;
  if (HasResponseHeader(response, "Content-Encoding")) return;
  // The representation depends on Accept-Encoding from here on, whatever we send.
  if (!HasResponseHeader(response, "Vary")) response.WithHeader("Vary", "Accept-Encoding");
  if (!AcceptsEncoding(accept_encoding, "gzip")) return;
  auto compressed = GzipCompress(response.body);
  if (!compressed || compressed->size() >= response.body.size()) return;
  response.body = std::move(*compressed);
  response.WithHeader("Content-Encoding", "gzip");
}

}  // namespace lenslet::http::detail

#pragma once
// Middleware: gzip for text-like bodies when the client accepts it.
#include <optional>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace lenslet::http::detail {

// Bodies smaller than this are sent as they are: the gzip header and the CPU
// cost outweigh the bytes saved.
inline constexpr std::size_t kGzipMinBytes = 1024;

// Whether an Accept-Encoding value accepts `coding` ("gzip", "br"): listed
// with a q-value above 0, or covered by "*". "gzip;q=0" refuses.
bool AcceptsEncoding(std::string_view accept_encoding, std::string_view coding);

// gzip format (zlib deflateInit2 windowBits 31). nullopt on a zlib failure.
std::optional<std::string> GzipCompress(std::string_view data);
// The inverse, for tests and precompressed-file checks. nullopt on bad input.
std::optional<std::string> GzipDecompress(std::string_view data);

bool IsCompressibleType(std::string_view content_type);

// Compresses response.body in place when worth it and accepted; adds
// Content-Encoding and Vary. Leaves already-encoded responses alone.
void MaybeGzip(std::string_view accept_encoding, Response& response);

}  // namespace lenslet::http::detail

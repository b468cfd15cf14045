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

// How hard GzipCompress works. A response is compressed once per request, on
// the network thread: kFast (libdeflate level 1, nginx's default level too)
// costs 0.08 ms for a 37 KB feed page, zlib's default level cost 0.37 ms for
// 2 % fewer bytes — it was two thirds of the server's CPU per gzipped page
// (docs/capacity-experiments.md "gzip, and posts rendered once per edit").
// kSmallest is for bodies compressed once and kept.
enum class GzipEffort { kFast, kSmallest };

// gzip format, with libdeflate. nullopt on failure.
std::optional<std::string> GzipCompress(std::string_view data, GzipEffort effort = GzipEffort::kFast);
// The inverse, for tests and precompressed-file checks. nullopt on bad input.
std::optional<std::string> GzipDecompress(std::string_view data);

bool IsCompressibleType(std::string_view content_type);

// Compresses response.body in place when worth it and accepted; adds
// Content-Encoding and Vary. Leaves already-encoded responses alone.
void MaybeGzip(std::string_view accept_encoding, Response& response);

}  // namespace lenslet::http::detail

#pragma once
// AWS Signature Version 4 for S3 requests, as a pure function of the request,
// the keys and the clock: no I/O, so AWS's published examples pin it
// (sigv4_test.cpp). The HTTP client (s3/client.hpp) builds the request, asks
// for the Authorization header and sends exactly what was signed.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/secret.hpp"

namespace lenslet::s3 {

struct Credentials {
  std::string access_key;
  core::Secret secret_key;
};

// Where a signature is valid: the region (us-east-1 for most S3-compatible
// servers) and the service ("s3").
struct Scope {
  std::string region;
  std::string service = "s3";
};

struct RequestToSign {
  std::string method;  // "GET", "PUT", ...
  // The path as sent on the wire, already encoded (UriEncodePath): "/bucket/ab/cd/x.webp".
  std::string encoded_path;
  // Query parameters, NOT encoded (the canonical form encodes and sorts them).
  std::vector<std::pair<std::string, std::string>> query;
  // Every header to sign, including host and x-amz-date; names in any case.
  std::vector<std::pair<std::string, std::string>> headers;
  // Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
  std::string payload_hash;
};

struct Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;range;x-amz-content-sha256;x-amz-date"
  std::string signature;       // 64 hex digits
  std::string authorization;   // the Authorization header's value
};

// `amz_date` is the request's x-amz-date, "YYYYMMDDTHHMMSSZ".
Signed SignV4(const RequestToSign& request, const Credentials& credentials, const Scope& scope,
              std::string_view amz_date);

// RFC 3986 encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - . _ ~)
// stay, every other byte becomes %XX (upper-case hex); '/' stays unless
// `encode_slash`.
std::string UriEncode(std::string_view text, bool encode_slash);

// "YYYYMMDDTHHMMSSZ" in UTC.
std::string AmzDate(std::chrono::system_clock::time_point when);

std::string Sha256Hex(std::string_view bytes);
// The hash of an empty body, which GET, HEAD and DELETE sign.
inline constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace lenslet::s3

#pragma once
// A small blocking S3 client over libcurl: PUT, HEAD, GET (whole or one byte
// range), DELETE and ListObjectsV2, path-style, signed with SigV4
// (s3/sigv4.hpp). Blocking on purpose: callers run it on a worker pool
// (api::MediaServices::files), never on a network thread. Thread-safe: each
// thread keeps its own curl handle, so connections to the store are reused.
//
// Errors (core::Error): kUnavailable (503) when the store cannot be reached,
// times out, answers 5xx or refuses the request (403: wrong keys or clock —
// an operator's problem, so the client is told to come back later and the log
// gets the store's reason); kInsufficientStorage (507) when it says it is full.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3/location.hpp"
#include "s3/sigv4.hpp"

namespace lenslet::s3 {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{3'000};
  // A whole request, body included (media renditions are at most a few MB).
  std::chrono::milliseconds request_timeout{30'000};
};

struct ObjectInfo {
  std::uint64_t size = 0;
  std::string etag;  // as the store gives it, quotes included
};

struct ListedObject {
  std::string key;  // the full object key, prefix included
  std::uint64_t size = 0;
};

class Client {
 public:
  Client(Location location, Credentials credentials, ClientOptions options = {});

  // One PUT with Content-Length, the body read straight from `body` (never
  // copied whole) and its SHA-256 signed, so the store refuses bytes that
  // changed on the way.
  void Put(std::string_view key, std::string_view body, std::string_view content_type) const;
  std::optional<ObjectInfo> Head(std::string_view key) const;
  std::optional<std::string> Get(std::string_view key) const;
  // Bytes first..last (inclusive) of the object.
  std::optional<std::string> GetRange(std::string_view key, std::uint64_t first, std::uint64_t last) const;
  // Idempotent, as S3's DELETE: a missing object is no error.
  void Delete(std::string_view key) const;
  // Objects whose key starts with `prefix` and sorts after `start_after`, in
  // key order, at most `max_keys` (S3 caps a page at 1000).
  std::vector<ListedObject> List(std::string_view prefix, std::string_view start_after, int max_keys) const;

  const Location& location() const { return location_; }

 private:
  Location location_;
  Credentials credentials_;
  ClientOptions options_;
};

// The text between <Tag> and </Tag> of every <Contents> entry of a
// ListObjectsV2 answer, entities decoded. Pure; exposed for its unit test.
std::vector<ListedObject> ParseListing(std::string_view xml);

}  // namespace lenslet::s3

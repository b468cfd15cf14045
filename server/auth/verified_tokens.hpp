#pragma once
// Access tokens this process has already verified, so that a client's next
// requests with the same token skip what VerifyJwt costs on every request
// (two base64url decodes, two JSON parses and an HMAC: about a fortieth of
// the server's CPU in the capacity mix, where each person sends one token
// for a quarter of an hour). The key is the whole token: a token that
// differs in any byte is another key and is verified from scratch, so a hit
// can only return claims this process verified for exactly these bytes (with
// its one secret). Expiry and "issued in the future" are checked against the
// clock on every hit, as VerifyJwt checks them; whether the session is still
// active is the session check's business, after this. Least recently used
// entries go first. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "auth/jwt.hpp"

namespace lenslet::auth {

class VerifiedTokens {
 public:
  explicit VerifiedTokens(std::size_t capacity);

  // The claims of `token` if this process verified it and it is still valid
  // at `now_seconds` (with `clock_skew_seconds` as VerifyJwt allows).
  std::optional<AccessClaims> Find(std::string_view token, std::int64_t now_seconds,
                                   std::int64_t clock_skew_seconds);
  // Remembers a token VerifyJwt accepted.
  void Put(std::string_view token, const AccessClaims& claims);
  std::size_t size() const;

 private:
  using Entry = std::pair<std::string, AccessClaims>;

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  // Keys view the token strings inside order_'s nodes, which never move.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

}  // namespace lenslet::auth

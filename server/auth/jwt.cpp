#include "auth/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

#include "auth/detail/encoding.hpp"

namespace lenslet::auth {
namespace {

// Written byte-for-byte so every token we issue has the same first part.
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::size_t kMaxTokenLength = 4096;

void CheckSecret(const core::Secret& secret) {
  if (secret.Reveal().size() < kMinJwtSecretBytes) {
    throw std::invalid_argument("the JWT secret must be at least 32 bytes");
  }
}

std::string HmacSha256(const core::Secret& secret, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  const std::string& key = secret.Reveal();
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), mac_length);
}

std::optional<boost::json::object> ParseObject(std::string_view base64) {
  const auto json = detail::Base64UrlDecode(base64);
  if (!json) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(*json, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::int64_t> IntClaim(const boost::json::object& payload, std::string_view name) {
  const auto* v = payload.if_contains(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  return std::nullopt;
}

template <typename IdType>
std::optional<IdType> IdClaim(const boost::json::object& payload, std::string_view name) {
  const auto* v = payload.if_contains(name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  const auto& s = v->as_string();
  return IdType::Parse(std::string_view(s.data(), s.size()));
}

JwtVerification Fail(JwtStatus status) { return JwtVerification{status, {}}; }

}  // namespace

std::string SignJwt(const AccessClaims& claims, const core::Secret& secret) {
  CheckSecret(secret);
  boost::json::object payload;
  payload["sub"] = claims.user.ToString();
  payload["sid"] = claims.session.ToString();
  payload["iat"] = claims.issued_at;
  payload["exp"] = claims.expires_at;
  std::string token = detail::Base64UrlEncode(kHeader);
  token += '.';
  token += detail::Base64UrlEncode(boost::json::serialize(payload));
  const std::string signature = HmacSha256(secret, token);
  token += '.';
  token += detail::Base64UrlEncode(signature);
  return token;
}

JwtVerification VerifyJwt(std::string_view token, const core::Secret& secret, std::int64_t now_seconds,
                          std::int64_t clock_skew_seconds) {
  CheckSecret(secret);
  if (token.size() > kMaxTokenLength) return Fail(JwtStatus::kMalformed);
  const auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return Fail(JwtStatus::kMalformed);
  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Fail(JwtStatus::kMalformed);
  }
  const auto header_part = token.substr(0, dot1);
  const auto payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const auto signature_part = token.substr(dot2 + 1);

  // The algorithm is decided by us, never by the token: anything but HS256
  // ("none", HS512, RS256 with our secret as a "public key"...) is refused
  // before a signature is even looked at.
  const auto header = ParseObject(header_part);
  if (!header) return Fail(JwtStatus::kMalformed);
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256")
    return Fail(JwtStatus::kBadAlgorithm);
  if (const auto* typ = header->if_contains("typ");
      typ != nullptr && !(typ->is_string() && typ->as_string() == "JWT")) {
    return Fail(JwtStatus::kMalformed);
  }
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if (header->contains("crit")) return Fail(JwtStatus::kMalformed);

  const auto signature = detail::Base64UrlDecode(signature_part);
  if (!signature) return Fail(JwtStatus::kMalformed);
  const std::string expected = HmacSha256(secret, token.substr(0, dot2));
  // WARNING: constant-time comparison; a plain == leaks how many bytes matched.
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return Fail(JwtStatus::kBadSignature);
  }

  const auto payload = ParseObject(payload_part);
  if (!payload) return Fail(JwtStatus::kMalformed);
  const auto user = IdClaim<core::UserId>(*payload, "sub");
  const auto session = IdClaim<core::SessionId>(*payload, "sid");
  const auto iat = IntClaim(*payload, "iat");
  const auto exp = IntClaim(*payload, "exp");
  if (!user || !session || !iat || !exp) return Fail(JwtStatus::kBadClaims);
  if (now_seconds >= *exp) return Fail(JwtStatus::kExpired);
  if (*iat > now_seconds + clock_skew_seconds) return Fail(JwtStatus::kIssuedInFuture);
  return JwtVerification{JwtStatus::kOk, AccessClaims{*user, *session, *iat, *exp}};
}

}  // namespace lenslet::auth

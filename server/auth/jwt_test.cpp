#include "auth/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "auth/detail/encoding.hpp"

namespace lenslet::auth {
namespace {

const core::Secret kSecret("0123456789abcdef0123456789abcdef-test-secret");
const core::Secret kOtherSecret("another-secret-another-secret-another-secret");
constexpr std::int64_t kNow = 1'800'000'000;

AccessClaims Claims() { return AccessClaims{core::UserId(42), core::SessionId(7), kNow, kNow + 900}; }

// Builds a token from raw JSON parts, signed with the given digest, so tests
// can forge exactly the tokens an attacker would send.
std::string Forge(const std::string& header, const std::string& payload, const core::Secret& secret = kSecret,
                  const EVP_MD* md = EVP_sha256()) {
  std::string signing_input = detail::Base64UrlEncode(header) + "." + detail::Base64UrlEncode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(md, secret.Reveal().data(), static_cast<int>(secret.Reveal().size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac, &length);
  return signing_input + "." + detail::Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), length));
}

std::string Payload(std::int64_t iat = kNow, std::int64_t exp = kNow + 900) {
  return R"({"sub":"42","sid":"7","iat":)" + std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + "}";
}

JwtStatus Status(std::string_view token, const core::Secret& secret = kSecret, std::int64_t now = kNow) {
  return VerifyJwt(token, secret, now).status;
}

TEST(Jwt, RoundTrip) {
  const std::string token = SignJwt(Claims(), kSecret);
  const auto verified = VerifyJwt(token, kSecret, kNow + 1);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified.claims.user, core::UserId(42));
  EXPECT_EQ(verified.claims.session, core::SessionId(7));
  EXPECT_EQ(verified.claims.issued_at, kNow);
  EXPECT_EQ(verified.claims.expires_at, kNow + 900);
}

TEST(Jwt, HeaderIsExactlyHs256Jwt) {
  const std::string token = SignJwt(Claims(), kSecret);
  const auto header = detail::Base64UrlDecode(token.substr(0, token.find('.')));
  ASSERT_TRUE(header);
  EXPECT_EQ(*header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST(Jwt, ForgedTokenWithTheRightSecretVerifies) {
  // Guards the forging helper the other tests rely on.
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256","typ":"JWT"})", Payload())), JwtStatus::kOk);
}

TEST(Jwt, RejectsAlgNone) {
  const std::string unsigned_token = detail::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                                     detail::Base64UrlEncode(Payload()) + ".";
  EXPECT_EQ(Status(unsigned_token), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":"none"})", Payload())), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":"None"})", Payload())), JwtStatus::kBadAlgorithm);
}

TEST(Jwt, RejectsOtherAlgorithms) {
  EXPECT_EQ(Status(Forge(R"({"alg":"HS512","typ":"JWT"})", Payload(), kSecret, EVP_sha512())),
            JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":"RS256","typ":"JWT"})", Payload())), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":"hs256","typ":"JWT"})", Payload())), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"typ":"JWT"})", Payload())), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":null})", Payload())), JwtStatus::kBadAlgorithm);
  EXPECT_EQ(Status(Forge(R"({"alg":["HS256"]})", Payload())), JwtStatus::kBadAlgorithm);
}

TEST(Jwt, RejectsOtherTypesAndCriticalExtensions) {
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256","typ":"JWE"})", Payload())), JwtStatus::kMalformed);
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256","crit":["exp"]})", Payload())), JwtStatus::kMalformed);
  EXPECT_EQ(Status(Forge(R"(["alg","HS256"])", Payload())), JwtStatus::kMalformed);
}

TEST(Jwt, HeaderWithExtraSpacesIsTheSameHeader) {
  // Only the holder of the secret can sign it, and it means the same thing.
  EXPECT_EQ(Status(Forge(R"({ "alg" : "HS256" , "typ" : "JWT" })", Payload())), JwtStatus::kOk);
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256"})", Payload())), JwtStatus::kOk);
  // ...but never a different algorithm hidden by spaces.
  EXPECT_EQ(Status(Forge(R"({ "alg" : "HS256 " })", Payload())), JwtStatus::kBadAlgorithm);
}

TEST(Jwt, RejectsATamperedPayload) {
  const std::string token = SignJwt(Claims(), kSecret);
  const auto dot1 = token.find('.');
  const auto dot2 = token.rfind('.');
  const std::string other_user =
      detail::Base64UrlEncode(R"({"sub":"1","sid":"7","iat":1800000000,"exp":1800000900})");
  EXPECT_EQ(Status(token.substr(0, dot1 + 1) + other_user + token.substr(dot2)), JwtStatus::kBadSignature);
}

TEST(Jwt, RejectsATamperedSignature) {
  std::string token = SignJwt(Claims(), kSecret);
  const auto last = token.size() - 3;  // a character that carries whole bits
  token[last] = token[last] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Status(token), JwtStatus::kBadSignature);
  const std::string no_signature = token.substr(0, token.rfind('.') + 1);
  EXPECT_EQ(Status(no_signature), JwtStatus::kBadSignature);
  const std::string short_signature = token.substr(0, token.size() - 4);
  EXPECT_NE(Status(short_signature), JwtStatus::kOk);
}

TEST(Jwt, RejectsAnotherSecret) {
  EXPECT_EQ(Status(SignJwt(Claims(), kOtherSecret)), JwtStatus::kBadSignature);
}

TEST(Jwt, ExpiresAtExp) {
  const std::string token = SignJwt(Claims(), kSecret);
  EXPECT_EQ(Status(token, kSecret, kNow + 899), JwtStatus::kOk);
  EXPECT_EQ(Status(token, kSecret, kNow + 900), JwtStatus::kExpired);
  EXPECT_EQ(Status(token, kSecret, kNow + 100'000), JwtStatus::kExpired);
}

TEST(Jwt, RejectsIssuedFarInTheFuture) {
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256"})", Payload(kNow + 30, kNow + 900))), JwtStatus::kOk);
  EXPECT_EQ(Status(Forge(R"({"alg":"HS256"})", Payload(kNow + 3600, kNow + 4500))),
            JwtStatus::kIssuedInFuture);
}

TEST(Jwt, RejectsMissingOrMistypedClaims) {
  const std::string h = R"({"alg":"HS256","typ":"JWT"})";
  for (const char* payload : {
           R"({"sid":"7","iat":1800000000,"exp":1800000900})",
           R"({"sub":"42","iat":1800000000,"exp":1800000900})",
           R"({"sub":"42","sid":"7","exp":1800000900})",
           R"({"sub":"42","sid":"7","iat":1800000000})",
           R"({"sub":42,"sid":"7","iat":1800000000,"exp":1800000900})",
           R"({"sub":"0","sid":"7","iat":1800000000,"exp":1800000900})",
           R"({"sub":"-1","sid":"7","iat":1800000000,"exp":1800000900})",
           R"({"sub":"42","sid":"x","iat":1800000000,"exp":1800000900})",
           R"({"sub":"42","sid":"7","iat":1800000000,"exp":"1800000900"})",
           R"({"sub":"42","sid":"7","iat":1800000000,"exp":1800000900.5})",
       }) {
    EXPECT_EQ(Status(Forge(h, payload)), JwtStatus::kBadClaims) << payload;
  }
  EXPECT_EQ(Status(Forge(h, "[]")), JwtStatus::kMalformed);
  EXPECT_EQ(Status(Forge(h, "not json")), JwtStatus::kMalformed);
}

TEST(Jwt, RejectsGarbage) {
  const std::string good = SignJwt(Claims(), kSecret);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("abc"), std::string("a.b.c"),
        std::string("a.b.c.d"), good + ".", "." + good, good + "=", "Bearer " + good,
        std::string(10'000, 'a'), std::string(good).replace(0, 1, "*"), std::string("\0\0\0", 3)}) {
    EXPECT_NE(Status(bad), JwtStatus::kOk) << bad;
  }
}

TEST(Jwt, RefusesAShortSecret) {
  EXPECT_THROW(SignJwt(Claims(), core::Secret("short")), std::invalid_argument);
  EXPECT_THROW(VerifyJwt("a.b.c", core::Secret(std::string(31, 'x')), kNow), std::invalid_argument);
}

TEST(Secret, NeverPrints) {
  std::ostringstream out;
  out << kSecret;
  EXPECT_EQ(out.str(), "***");
}

}  // namespace
}  // namespace lenslet::auth

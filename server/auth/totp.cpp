#include "auth/totp.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace lenslet::auth {

std::int64_t TotpStep(std::int64_t unix_seconds) {
  const std::int64_t step = unix_seconds / kTotpStepSeconds;
  return (unix_seconds % kTotpStepSeconds < 0) ? step - 1 : step;
}

std::string TotpCode(std::string_view secret, std::int64_t step, int digits) {
  if (digits < 1 || digits > 9) throw std::invalid_argument("TOTP digits must be 1 to 9");
  // The counter is the step as 8 bytes, big-endian (RFC 4226 section 5.2).
  std::array<unsigned char, 8> counter{};
  auto value = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter.data(), counter.size(), mac.data(),
           &mac_length) == nullptr ||
      mac_length != 20) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  const std::size_t offset = mac[19] & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

bool LooksLikeTotpCode(std::string_view code) {
  return code.size() == static_cast<std::size_t>(kTotpDigits) &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                      std::int64_t last_used_step) {
  if (!LooksLikeTotpCode(code) || secret.empty()) return std::nullopt;
  const std::int64_t now = TotpStep(unix_seconds);
  std::optional<std::int64_t> match;
  // Every candidate is computed and compared, matched or not, so the time
  // taken does not tell which step (if any) matched.
  for (std::int64_t step = now - kTotpSkewSteps; step <= now + kTotpSkewSteps; ++step) {
    const std::string expected = TotpCode(secret, step);
    const bool equal = CRYPTO_memcmp(expected.data(), code.data(), expected.size()) == 0;
    if (equal && step > last_used_step && !match) match = step;
  }
  return match;
}

}  // namespace lenslet::auth

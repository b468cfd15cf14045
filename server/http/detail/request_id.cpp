#include "http/detail/request_id.hpp"

#include <random>

namespace lenslet::http::detail {

std::string NewRequestId() {
  // Not a secret, only unique enough to find a log line: a per-thread PRNG
  // seeded once from the OS avoids a syscall per request.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = generator();
  std::string id(16, '0');
  for (auto& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

std::string ChooseRequestId(std::string_view incoming) {
  if (incoming.empty() || incoming.size() > 64) return NewRequestId();
  for (const char c : incoming) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return NewRequestId();
  }
  return std::string(incoming);
}

}  // namespace lenslet::http::detail

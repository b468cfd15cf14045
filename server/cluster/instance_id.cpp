#include "cluster/instance_id.hpp"

#include <cstdint>
#include <cstdio>
#include <random>

namespace lenslet::cluster {

std::string RandomInstanceId() {
  std::random_device random;
  const auto value = (static_cast<std::uint64_t>(random()) << 32) | random();
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace lenslet::cluster

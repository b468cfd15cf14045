#pragma once
// JSON equality for round-trip checks in the fuzz targets: exact, except that
// doubles may move by an ulp. Boost.JSON 1.81 parses numbers of more than ~17
// significant digits approximately (its precise mode arrived in 1.83), so
// parse(serialize(parse(x))) can differ from parse(x) in the last bit. Found by
// socketio_decode_fuzz with "312[444…4]" (116 digits).
#include <boost/json/value.hpp>
#include <cmath>
#include <cstddef>

namespace lenslet::fuzz {

inline bool SameJson(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double();
    const double y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (const auto* left = a.if_array()) {
    const auto& right = b.get_array();
    if (left->size() != right.size()) return false;
    for (std::size_t i = 0; i < left->size(); ++i) {
      if (!SameJson((*left)[i], right[i])) return false;
    }
    return true;
  }
  if (const auto* left = a.if_object()) {
    const auto& right = b.get_object();
    if (left->size() != right.size()) return false;
    for (const auto& entry : *left) {
      const auto* other = right.if_contains(entry.key());
      if (other == nullptr || !SameJson(entry.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace lenslet::fuzz

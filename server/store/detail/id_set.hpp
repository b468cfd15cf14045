#pragma once
// A set of user ids bound as ONE parameter, for a set-based write over ids
// the unit already holds (going public: every requester AcceptAll just
// accepted). An IN list of parameters would prepare one statement per length
// and meet the parameter limits (SQLite 32,766; PostgreSQL 65,535); a JSON
// array is one text of any length, which each database's own JSON functions
// read (SQLite's json_each, built in since 3.38).
#include <span>
#include <string>

#include "core/ids.hpp"

namespace lenslet::store::detail {

// "[1,2,3]": the parameter LENSLET_ID_SET_* read.
inline std::string IdSetJson(std::span<const core::UserId> ids) {
  std::string out = "[";
  for (const auto id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id.value);
  }
  out += ']';
  return out;
}

}  // namespace lenslet::store::detail

// `param` ("$2"), an IdSetJson text, as a subquery of one BIGINT column.
#define LENSLET_ID_SET_SQLITE(param) "(SELECT value FROM json_each(" param "))"
#define LENSLET_ID_SET_POSTGRES(param) \
  "(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(" param " AS json)))"

#pragma once
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace lenslet::db::detail {

struct ParsedUrl {
  Dialect dialect;
  // SQLite: a file path, or ":memory:". PostgreSQL: the URL unchanged, which
  // libpq parses itself (it accepts both postgres:// and postgresql://).
  std::string target;
};

// Throws std::invalid_argument for a URL that names no backend.
ParsedUrl ParseUrl(std::string_view url);

}  // namespace lenslet::db::detail

#pragma once
// Implemented by the file server/db/embed_migrations.cmake generates from
// server/db/migrations/<dialect>/NNNN_name.sql.
#include <span>
#include <string_view>

#include "db/database.hpp"

namespace lenslet::db::detail {

struct EmbeddedMigration {
  Dialect dialect;
  int version;
  std::string_view name;
  std::string_view sql;
};

std::span<const EmbeddedMigration> EmbeddedMigrations();

}  // namespace lenslet::db::detail

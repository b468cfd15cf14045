#pragma once
// How large the database is, for the metrics and the admins' Server screen.
// PostgreSQL only: a SQLite database is its files, measured on disk.
#include <cstdint>

#include "db/database.hpp"

namespace lenslet::store {

std::int64_t PostgresDatabaseBytes(db::Connection& c);

}  // namespace lenslet::store

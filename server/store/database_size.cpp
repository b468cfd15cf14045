#include "store/database_size.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kDatabaseSize = "SELECT pg_database_size(current_database())";

}  // namespace

std::int64_t PostgresDatabaseBytes(db::Connection& c) { return c.Exec(kDatabaseSize).one().Int(0); }

}  // namespace lenslet::store

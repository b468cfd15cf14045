#include "db/detail/sqlite_setup.hpp"

#include <sqlite3.h>

#include <mutex>

namespace lenslet::db::detail {

void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace lenslet::db::detail

#pragma once
// How this process configures SQLite itself, once, before SQLite initialises;
// every place that opens a SQLite file calls it first.

namespace lenslet::db::detail {

// No memory statistics: with them every sqlite3_malloc and free takes a
// process-wide mutex to count bytes nobody reads here (sqlite3_status), and
// SQLite's allocations are a tenth of the home feed's CPU (SQLite's docs
// recommend the setting for speed). Too late if something else in the
// process initialised SQLite first: then the defaults stay, only slower.
void ConfigureSqliteOnce();

}  // namespace lenslet::db::detail

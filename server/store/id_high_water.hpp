#pragma once
// The id an SQLite insert gives a row whose id something remembers after the
// row is deleted (migration 0023; posts since 0024).
// SQLite's own would be max(rowid) + 1, a deleted newest row's id again; this
// is the next above the highest ever given. The table's trigger keeps `last`
// at or above every id inserted since the migration, which started it at
// max(id), so `last + 1` is free. One primary-key probe inside the insert:
// no statement more. PostgreSQL's identities never go back, so its statements
// leave the id to the column.
//
//   constexpr std::string_view kInsertSqlite =
//       "INSERT INTO comments (id, post_id, ...) VALUES (" LENSLET_NEXT_ID("comments") ", $1, ...)";
#define LENSLET_NEXT_ID(table) "(SELECT last + 1 FROM id_high_water WHERE tbl = '" table "')"

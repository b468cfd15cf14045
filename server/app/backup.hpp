#pragma once
// `lenslet backup --out DIR` and `lenslet restore DIR` (issue 15.4,
// docs/operations.md "Backups").
//
// A backup folder holds lenslet.db (SQLite only: a consistent copy taken with
// SQLite's online backup API while the server runs), media/ (the files the
// copied database references, in the data folder's layout), jwt-secret (so
// restored logins stay valid) and manifest.json, written last: a folder
// without it is an unfinished backup and restore refuses it.
//
// Consistency between the database and the files: media files are written
// before the unit that references them and deleted after the unit that
// released them commits (store/media_store.hpp), so every file the copied
// database references existed when the copy was taken. The files are then
// copied; one deleted in between (its post was deleted meanwhile) means the
// database copy is taken again, until a copy's files are all there.
//
// Incremental: a media key is never rewritten (a new upload gets a new random
// key), so a file already in the backup folder with the same size is not
// copied again; files the new copy no longer references are removed.
//
// PostgreSQL: the database is backed up with pg_dump (the command is
// printed); `lenslet backup` copies the media, `lenslet restore` puts them
// back and prints the pg_restore command.
#include "app/config.hpp"

namespace lenslet::app {

// Exit codes: 0 done, 1 failed (the message says why), 2 refused (wrong use).
int Backup(const Config& config);
int Restore(const Config& config);

}  // namespace lenslet::app

// Staff and registration helpers for the tests of roles and sign-up policy:
// the `lenslet admin role` command against a running server's database, and
// raw SQL on it for what no endpoint can do (an invite that has expired).
import { spawnSync, execFileSync } from 'node:child_process';
import { BIN } from './server.mjs';

// `lenslet admin role USERNAME ROLE` on the database `server` uses, while it runs.
export function setRole(server, username, role) {
  return spawnSync(BIN, ['admin', 'role', username, role, '--data-dir', server.dataDir, '--database', server.database],
    { encoding: 'utf8', timeout: 20_000 });
}

// Runs one SQL statement on the server's database (SQLite file or PostgreSQL).
export function execSql(server, sql) {
  if (server.database.startsWith('sqlite:')) {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.database.slice('sqlite:'.length), sql], { stdio: 'pipe' });
  } else {
    execFileSync('psql', [server.database, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
  }
}

// Runs one query on the server's database; its rows, columns joined by '|'.
export function querySql(server, sql) {
  const out = server.database.startsWith('sqlite:')
    ? execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.database.slice('sqlite:'.length), sql], { encoding: 'utf8' })
    : execFileSync('psql', [server.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}

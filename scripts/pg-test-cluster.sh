#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the *_dbtest suites and the functional tests.
#
#   export LENSLET_TEST_PG_URL="$(scripts/pg-test-cluster.sh start /tmp/lenslet-pg)"
#   scripts/pg-test-cluster.sh url  /tmp/lenslet-pg    # prints the URL again
#   scripts/pg-test-cluster.sh stop /tmp/lenslet-pg    # stops it and removes the folder
#
# Only the URL goes to stdout; everything else goes to stderr. The cluster listens on
# 127.0.0.1 only, trusts local TCP connections and runs with fsync=off: never use it
# for data you want to keep.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
FIRST_PORT="${LENSLET_PG_PORT:-55432}"

usage() {
  echo "usage: $0 start|stop|url <dir>" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
cmd="$1"
dir="$2"
[[ -n "$dir" && "$dir" != "/" ]] || usage

log() { echo "pg-test-cluster: $*" >&2; }

# PostgreSQL refuses to run as root, so as root every server command runs as the
# postgres user, which must own the folder.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url_of() {
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

is_running() {
  [[ -f "$dir/port" && -d "$dir/data" ]] && as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
  if [[ ! -x "$PG_BIN/initdb" ]]; then
    log "no PostgreSQL 15 binaries in $PG_BIN (install the postgresql-15 package: scripts/install-deps.sh)"
    exit 1
  fi
  if is_running; then
    url_of
    return
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$dir"
    chmod 700 "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      log "the postgres user cannot write to $dir (is a parent folder private to root?); use a folder under /tmp"
      exit 1
    fi
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    rm -rf "$dir/data"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg mkdir -p "$dir/sock"
  fi

  local port="$FIRST_PORT"
  for _ in $(seq 1 50); do
    if port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    # -k puts the unix socket inside the folder (the default, /run/postgresql,
    # may not exist or may belong to a system cluster).
    if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2; then
      echo "$port" >"$dir/port"
      break
    fi
    # Lost a race for the port, or something else went wrong: show why, try the next one.
    tail -n 5 "$dir/server.log" >&2 || true
    port=$((port + 1))
  done
  if [[ ! -f "$dir/port" ]]; then
    log "could not start PostgreSQL (see $dir/server.log)"
    exit 1
  fi
  for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port" -U postgres; then
      url_of
      return
    fi
    sleep 0.5
  done
  log "PostgreSQL did not accept connections on 127.0.0.1:$port (see $dir/server.log)"
  exit 1
}

stop() {
  if [[ -d "$dir/data" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  url)
    [[ -f "$dir/port" ]] || { log "no cluster in $dir (run: $0 start $dir)"; exit 1; }
    url_of
    ;;
  *) usage ;;
esac

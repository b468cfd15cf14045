#!/usr/bin/env bash
# A throwaway redis-server for the Redis fan-out tests (server/realtime/redis/).
#
#   export LENSLET_TEST_REDIS_URL="$(scripts/redis-test-server.sh start /tmp/lenslet-redis)"
#   scripts/redis-test-server.sh url  /tmp/lenslet-redis    # prints the URL again
#   scripts/redis-test-server.sh stop /tmp/lenslet-redis    # stops it and removes the folder
#
# Only the URL goes to stdout; everything else goes to stderr. The server
# listens on 127.0.0.1 only and keeps nothing on disk (no RDB, no AOF).
set -euo pipefail

REDIS_SERVER="${REDIS_SERVER:-redis-server}"
FIRST_PORT="${LENSLET_REDIS_PORT:-56379}"

usage() {
  echo "usage: $0 start|stop|url <dir>" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
cmd="$1"
dir="$2"
[[ -n "$dir" && "$dir" != "/" ]] || usage

log() { echo "redis-test-server: $*" >&2; }

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url_of() {
  echo "redis://127.0.0.1:$(cat "$dir/port")"
}

is_running() {
  [[ -f "$dir/port" && -f "$dir/redis.pid" ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null
}

answers_ping() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == "PONG" ]]
}

start() {
  if ! command -v "$REDIS_SERVER" >/dev/null 2>&1; then
    log "no $REDIS_SERVER (install the redis-server package: scripts/install-deps.sh)"
    exit 1
  fi
  if is_running; then
    url_of
    return
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  rm -f "$dir/port" "$dir/redis.pid"

  # Redis has no "port 0": take the first free port from FIRST_PORT.
  local port="$FIRST_PORT"
  for _ in $(seq 1 50); do
    if port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    if "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2; then
      for _ in $(seq 1 50); do
        if answers_ping "$port"; then
          echo "$port" >"$dir/port"
          url_of
          return
        fi
        sleep 0.1
      done
    fi
    # Lost a race for the port, or something else went wrong: show why, try the next one.
    tail -n 5 "$dir/redis.log" >&2 2>/dev/null || true
    if [[ -f "$dir/redis.pid" ]]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
    rm -f "$dir/redis.pid"
    port=$((port + 1))
  done
  log "could not start redis-server (see $dir/redis.log)"
  exit 1
}

stop() {
  if [[ -f "$dir/redis.pid" ]]; then
    local pid
    pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  url)
    [[ -f "$dir/port" ]] || { log "no server in $dir (run: $0 start $dir)"; exit 1; }
    url_of
    ;;
  *) usage ;;
esac

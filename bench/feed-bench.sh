#!/usr/bin/env bash
# Home-feed latency and throughput on a seeded network, on one core.
#
#   cmake --preset release && cmake --build build --target lenslet
#   bench/feed-bench.sh                 # SQLite, then PostgreSQL
#   DATABASES=sqlite bench/feed-bench.sh
#
# Seeds USERS users × POSTS posts (a pool of IMAGES generated images), serves
# with one network thread pinned to core SERVER_CORE (taskset), signs in
# SAMPLE users for Bearer tokens, and runs wrk (threads on the other cores)
# against GET /api/v1/feed with a rotating token (bench/feed.lua), printing
# latency percentiles and requests/s. Not part of scripts/test.sh: run by hand.
# ACCEPT_ENCODING="gzip, deflate, br" asks for gzipped pages, as browsers do
# (default: none, as the figures before 2026-12-07 were measured).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-build/bin/lenslet}
USERS=${USERS:-10000}
POSTS=${POSTS:-3}
IMAGES=${IMAGES:-50}
SAMPLE=${SAMPLE:-200}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CORE=${SERVER_CORE:-0}
DATABASES=${DATABASES:-sqlite postgres}
PORT=${PORT:-18181}
BENCH_PATH=${BENCH_PATH:-/api/v1/feed}

[[ -x $BIN ]] || { echo "no $BIN: build the release preset first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh installs it" >&2; exit 1; }
work=$(mktemp -d /tmp/lenslet-feed-bench.XXXXXX)
# The PostgreSQL cluster under it runs as the postgres user (scripts/pg-test-cluster.sh).
chmod 755 "$work"
server_pid=""
pg_started=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n $pg_started ]] && scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cores=$(nproc)
client_cores=$(seq -s, 0 $((cores - 1)) | tr ',' '\n' | grep -vx "$SERVER_CORE" | paste -sd, -)
[[ -n $client_cores ]] || client_cores=$SERVER_CORE

# utime + stime of the server process, in clock ticks (/proc/PID/stat fields 14, 15).
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

run_one() {
  local kind=$1 url=$2 data=$work/$kind
  mkdir -p "$data"
  echo "== $kind: seeding $USERS users × $POSTS posts"
  local t0=$SECONDS
  "$BIN" seed --data-dir "$data" --database "$url" --users "$USERS" --posts-per-user "$POSTS" --images "$IMAGES" \
    --tokens-out "$work/$kind-all-tokens" --log-level warn | sed 's/^/   /'
  echo "   seeded in $((SECONDS - t0)) s"

  taskset -c "$SERVER_CORE" "$BIN" serve --host 127.0.0.1 --port "$PORT" --threads 1 --data-dir "$data" \
    --database "$url" --log-level warn >"$work/$kind-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done

  # A sample of users spread over the id range (popular and quiet accounts
  # alike), with the access tokens seed wrote (signed with the data dir's
  # secret, which serve uses too): no Argon2 logins in the way.
  awk -v n="$USERS" -v k="$SAMPLE" 'NR % int(n / k > 1 ? n / k : 1) == 0 { print $2 }' \
    "$work/$kind-all-tokens" | head -n "$SAMPLE" >"$work/tokens"
  [[ -s $work/tokens ]] || { echo "no access tokens from seed --tokens-out" >&2; exit 1; }
  echo "   $(wc -l <"$work/tokens") tokens; a sample feed page: $(curl -s -o /dev/null -w '%{size_download} bytes' \
    -H "Authorization: Bearer $(head -1 "$work/tokens")" "http://127.0.0.1:$PORT$BENCH_PATH")"

  echo "== $kind: wrk -c$CONNECTIONS -d$DURATION GET $BENCH_PATH (server on core $SERVER_CORE, wrk on $client_cores)"
  local cpu_before
  cpu_before=$(server_cpu_ticks)
  TOKENS_FILE=$work/tokens BENCH_PATH=$BENCH_PATH ACCEPT_ENCODING=${ACCEPT_ENCODING:-} taskset -c "$client_cores" \
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/feed.lua "http://127.0.0.1:$PORT$BENCH_PATH" \
    >"$work/wrk.out"
  local cpu_after requests
  cpu_after=$(server_cpu_ticks)
  sed 's/^/   /' "$work/wrk.out"
  # The server's own CPU (user + system, every thread; not PostgreSQL's) per request.
  requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$work/wrk.out")
  awk -v ticks=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "   server CPU per request: %.3f ms (%d requests)\n", ticks * 1000 / hz / n, n }'
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

for kind in $DATABASES; do
  case $kind in
    sqlite) run_one sqlite "sqlite:$work/sqlite/lenslet.db" ;;
    postgres)
      admin=$(scripts/pg-test-cluster.sh start "$work/pg")
      pg_started=1
      psql "$admin" -qc "CREATE DATABASE lenslet_bench"
      run_one postgres "${admin%/*}/lenslet_bench"
      ;;
    *) echo "unknown database $kind" >&2; exit 1 ;;
  esac
done

#!/usr/bin/env bash
# Socket.IO delivery latency, throughput and memory per idle connection, with
# the server on one core (taskset) and lenslet_socketio_load on the others.
#
#   cmake --preset release && cmake --build build --target lenslet lenslet-socketio-echo lenslet_socketio_load
#   bench/socketio-bench.sh                       # echo and lenslet, 1,000 and 10,000 clients
#   MODES=echo CLIENTS=1000 DURATION=10 bench/socketio-bench.sh
#
# echo     lenslet-socketio-echo (the realtime library alone) with production
#          heartbeats (25 s / 20 s); every client emits `message`, the latency
#          runs to its `message-back`.
# lenslet  a fresh data dir seeded with CLIENTS users and no posts, whose
#          access tokens `lenslet seed --tokens-out` writes; `lenslet serve` on
#          that data dir (so on the same jwt-secret); clients in pairs, one 1:1
#          conversation per pair created over REST, one member sends
#          `message:send`, the latency runs to the peer's `message:new`.
# The generator raises its own descriptor limit; this script raises the
# servers' (each side holds CLIENTS sockets). Builds nothing; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${BIN_DIR:-build/bin}
MODES=${MODES:-echo lenslet}
CLIENTS=${CLIENTS:-1000 10000}
RATE=${RATE:-1000}              # messages/s over all senders
DURATION=${DURATION:-20}        # seconds of sending
RAMP=${RAMP:-1000}              # new connections/s
SETTLE=${SETTLE:-5}             # idle seconds before the memory reading
LOAD_THREADS=${LOAD_THREADS:-1}
SERVER_CORE=${SERVER_CORE:-0}
PORT=${PORT:-18182}
TIMELINE_DIR=${TIMELINE_DIR:-}  # when set: <mode>-<clients>.txt, one "<sent ms> <latency ms>" line per delivery
SERVE_FLAGS=${SERVE_FLAGS:-}    # more flags for `lenslet serve`, split on spaces (e.g. --db-connections 8)
DATABASE=${DATABASE:-}          # lenslet mode: postgres://… of an EMPTY database (one CLIENTS value per run); default SQLite in the data dir

needed=lenslet_socketio_load
[[ " $MODES " == *" echo "* ]] && needed+=" lenslet-socketio-echo"
[[ " $MODES " == *" lenslet "* ]] && needed+=" lenslet"
for bin in $needed; do
  [[ -x $BIN_DIR/$bin ]] || { echo "no $BIN_DIR/$bin: build the release preset first (see the top of $0)" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d /tmp/lenslet-socketio-bench.XXXXXX)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cores=$(nproc)
client_cores=$(seq -s, 0 $((cores - 1)) | tr ',' '\n' | grep -vx "$SERVER_CORE" | paste -sd, -)
[[ -n $client_cores ]] || client_cores=$SERVER_CORE

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

wait_for() {  # a command that succeeds once the server listens
  for _ in $(seq 1 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

generate() {  # mode clients extra-args...: runs the generator, keeps its output
  local mode=$1 n=$2
  shift 2
  [[ -n $TIMELINE_DIR ]] && set -- "$@" --timeline "$TIMELINE_DIR/$mode-$n.txt"
  echo "   lenslet_socketio_load on cores $client_cores: $n clients, $RATE msg/s for $DURATION s"
  taskset -c "$client_cores" "$BIN_DIR/lenslet_socketio_load" --mode "$mode" --port "$PORT" -n "$n" \
    --threads "$LOAD_THREADS" --rate "$RATE" --duration "$DURATION" --ramp "$RAMP" --settle "$SETTLE" \
    --connect-timeout 30 --server-pid "$server_pid" "$@" | tee "$work/result-$mode-$n" | sed 's/^/   /'
}

run_echo() {
  local n=$1
  echo "== echo, $n clients: lenslet-socketio-echo on core $SERVER_CORE"
  taskset -c "$SERVER_CORE" "$BIN_DIR/lenslet-socketio-echo" --port "$PORT" --threads 1 \
    --ping-interval 25000 --ping-timeout 20000 --connect-timeout 45000 >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for grep -q listening "$work/server.log"
  generate echo "$n"
  stop_server
}

run_lenslet() {
  local n=$1 data=$work/data-$1
  echo "== lenslet, $n clients: seeding $n users with access tokens"
  local t0=$SECONDS
  local database=()
  [[ -n $DATABASE ]] && database=(--database "$DATABASE")
  "$BIN_DIR/lenslet" seed --data-dir "$data" "${database[@]}" --users "$n" --posts-per-user 0 \
    --tokens-out "$work/tokens-$n" --log-level warn | sed 's/^/   /'
  echo "   seeded in $((SECONDS - t0)) s; lenslet serve on core $SERVER_CORE"
  # No --jwt-secret: the data dir's secret is the one the tokens were signed with.
  taskset -c "$SERVER_CORE" "$BIN_DIR/lenslet" serve --host 127.0.0.1 --port "$PORT" --threads 1 \
    --data-dir "$data" "${database[@]}" --log-level warn --message-limit 1000000 $SERVE_FLAGS >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for curl -fs "http://127.0.0.1:$PORT/api/v1/health"
  # The setup fills the conversation tables the seed analysed empty; a live
  # instance's statistics are autovacuum's, so refresh them before sending.
  local after_setup=()
  [[ -n $DATABASE ]] && after_setup=(--after-setup "psql '$DATABASE' -qc ANALYZE")
  generate lenslet "$n" --tokens "$work/tokens-$n" "${after_setup[@]}"
  stop_server
  rm -rf "$data"
}

for mode in $MODES; do
  for n in $CLIENTS; do
    case $mode in
      echo) run_echo "$n" ;;
      lenslet) run_lenslet "$n" ;;
      *) echo "unknown mode $mode (echo or lenslet)" >&2; exit 1 ;;
    esac
  done
done

value() { sed -n "s/^$2=//p" "$1" | head -1; }
echo
echo "== summary (server on core $SERVER_CORE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
# kB/idle is all resident memory; anon/file its split (file: mapped pages of
# the database that the connections' queries touched, counted once per SQLite
# connection that mapped them); distinct is anon plus each resident file page
# counted once (needs root for /proc/<pid>/pagemap). See bench/README.md.
printf '%-8s %7s %9s %7s %9s %7s %7s %7s %10s %8s %8s %8s %8s %6s\n' mode clients connected connect kB/idle anon file distinct \
  delivered/s lost p50_ms p99_ms max_ms cpu%
for mode in $MODES; do
  for n in $CLIENTS; do
    f=$work/result-$mode-$n
    [[ -f $f ]] || continue
    printf '%-8s %7s %9s %6ss %9s %7.7s %7.7s %7.7s %10s %8s %8s %8s %8s %6s\n' "$mode" "$n" \
      "$(value "$f" connections_established)" "$(value "$f" connect_s)" "$(value "$f" server_kb_per_idle_connection)" \
      "$(value "$f" server_anon_kb_per_idle_connection)" "$(value "$f" server_file_kb_per_idle_connection)" \
      "$(value "$f" server_distinct_kb_per_idle_connection)" \
      "$(value "$f" delivered_per_s)" \
      "$(value "$f" messages_lost)" "$(value "$f" latency_p50_ms)" "$(value "$f" latency_p99_ms)" \
      "$(value "$f" latency_max_ms)" "$(value "$f" server_cpu_percent)"
  done
done

#!/usr/bin/env bash
# Capacity: how many people one core carries under the user model, on SQLite
# and on PostgreSQL, and what PostgreSQL spends per kind of request.
#
#   cmake --preset release && cmake --build build --target lenslet lenslet_usermodel_load
#   bench/capacity.sh                                   # both databases, the full search
#   DATABASES=sqlite START=200 MAX=400 SPEEDUP=10 DURATION=20 bench/capacity.sh   # a smoke
#
# Per step N: a fresh network proportional to N (`lenslet seed --users N
# --posts-per-user POSTS`, with access tokens), `lenslet serve --threads 1`
# pinned to SERVER_CORE (taskset) in a memory cgroup capped at MEMORY
# (cgroup v1 memory controller, else a systemd scope, else uncapped with a
# warning), lenslet_usermodel_load pinned to LOAD_CORE for WARMUP + DURATION
# seconds. N doubles from START while the objective passes (every kind p99 ≤
# 50 ms, delivery p99 ≤ 100 ms, no error, no lost message, no OOM), then
# BISECT steps narrow it between the last pass and the first failure. The
# largest passing N is "users per core".
#
# PostgreSQL: a throwaway cluster (scripts/pg-test-cluster.sh) with
# pg_stat_statements, pinned to PG_CORES (default: the cores neither the
# server nor the generator use; on a 2-core box that leaves none, so it shares
# LOAD_CORE — said in the output). After the search, per-kind runs (KIND_*)
# attribute PostgreSQL's cost to each action of the mix: one action at a time
# on a fresh network of PROFILE_USERS people, pg_stat_statements reset as the
# measured window opens and read as it closes (the generator's
# --at-window-start/--at-window-end hooks), PostgreSQL's CPU read from /proc
# over the same window. Per-kind runs rather than statement matching: the
# statements of a session check or a visibility rule are shared by every kind,
# and only a run of one kind says which kind caused them.
#
# Builds nothing; needs root for the cgroup (or systemd-run). Prints figures;
# asserts nothing. The seeded access tokens live 15 minutes: one step (seed,
# setup, WARMUP + DURATION) must fit in that.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${BIN_DIR:-build/bin}
DATABASES=${DATABASES:-sqlite postgres}
START=${START:-1000}          # first N
MAX=${MAX:-100000}            # stop doubling here
BISECT=${BISECT:-3}           # bisection steps after the first failure
MIN=${MIN:-50}                # when START fails: halve down to this
SPEEDUP=${SPEEDUP:-1}         # >1 only for smokes: the model's rates times this
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-60}
POSTS=${POSTS:-3}             # seeded posts per person
IMAGES=${IMAGES:-20}          # distinct seeded images
MEMORY=${MEMORY:-1G}          # the server's memory cap
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}
LOAD_THREADS=${LOAD_THREADS:-1}
PORT=${PORT:-18391}
KINDS=${KINDS:-feed post_view like message profile explore notifications comment follow upload}
PROFILE_USERS=${PROFILE_USERS:-}   # per-kind PostgreSQL runs: people (default: the capacity found, at most 10000; else START)
KIND_SPEEDUP=${KIND_SPEEDUP:-}     # per-kind runs: default enough for KIND_RATE actions/s of the kind
KIND_DURATION=${KIND_DURATION:-20}
# Per-kind runs: actions per second. PostgreSQL's CPU per request includes its
# background work and the server's polls (a few ms each second), so a low rate
# overstates it: 20/s adds ~0.1–0.2 ms to each request, 100/s a fifth of that.
KIND_RATE=${KIND_RATE:-20}
IMAGE_CACHE=${IMAGE_CACHE:-/tmp/lenslet-capacity-images}
KEEP=${KEEP:-}                # keep the work folder (logs, generator outputs, PostgreSQL's log)
KEEP_PG=${KEEP_PG:-}          # PostgreSQL: leave the last step's cluster running, to study its plans (implies KEEP)
[[ -z $KEEP_PG ]] || KEEP=1
SEARCH=${SEARCH:-1}           # 0: skip the search; on PostgreSQL only the per-kind runs (at PROFILE_USERS, else START)
# 1: a flat CPU profile of the whole machine over each measured window (perf
# record -a, sampling cpu-clock: this box has no hardware counters), printed
# per program and per function of the server and PostgreSQL. PostgreSQL's
# Debian binary has no debug symbols but exports its functions: enough to say
# where its time goes between statements. Costs a few % of the load core.
PERF=${PERF:-}
SERVE_FLAGS=${SERVE_FLAGS:-}  # more flags for `lenslet serve`, split on spaces (experiments: --db-connections 4)
AFTER_SETUP_SQL=${AFTER_SETUP_SQL:-}  # PostgreSQL: SQL run after the setup's ANALYZE (experiments)
[[ -z $AFTER_SETUP_SQL || $DATABASES != *sqlite* ]] || echo "capacity: AFTER_SETUP_SQL applies to PostgreSQL only" >&2

for bin in lenslet lenslet_usermodel_load; do
  [[ -x $BIN_DIR/$bin ]] || { echo "no $BIN_DIR/$bin: build the release preset first (see the top of $0)" >&2; exit 1; }
done
cores=$(nproc)
all_cores=$(seq -s' ' 0 $((cores - 1)))
rest=$(for c in $all_cores; do if [[ $c != "$SERVER_CORE" && $c != "$LOAD_CORE" ]]; then echo "$c"; fi; done | paste -sd, -)
PG_CORES=${PG_CORES:-${rest:-$LOAD_CORE}}

ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d /tmp/lenslet-capacity.XXXXXX)
chmod 755 "$work"  # the PostgreSQL cluster under it runs as the postgres user
server_pid=""
pg_dir=""
pg_log_from=0  # where the PostgreSQL log stood when the step began
cgroup=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [[ -n $pg_dir && -n $KEEP ]]; then cp "$pg_dir/server.log" "$work/pg-server.log" 2>/dev/null || true; fi
  if [[ -n $pg_dir && -n $KEEP_PG ]]; then
    echo "PostgreSQL left running with the last database: ${url:-?}" \
      "(stop it with: scripts/pg-test-cluster.sh stop $pg_dir)"
  else
    [[ -n $pg_dir ]] && scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  fi
  [[ -n $cgroup && -d $cgroup ]] && rmdir "$cgroup" 2>/dev/null || true
  if [[ -n $KEEP ]]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

log() { echo "$@" | tee -a "$work/summary.log"; }
value() { sed -n "s/^$2=//p" "$1" | head -1; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }  # calc '1000 * 2 / 3'

bytes_of() {  # 1G, 512M → bytes
  numfmt --from=iec "$1"
}

# The memory cap: a cgroup v1 memory controller we can write, else a systemd
# scope, else none (said loudly: the figure then is not the 1 GB machine's).
cap_kind=none
if [[ -w /sys/fs/cgroup/memory/cgroup.procs || -d /sys/fs/cgroup/memory && $EUID -eq 0 ]] &&
   mkdir "/sys/fs/cgroup/memory/lenslet-capacity-$$" 2>/dev/null; then
  cgroup=/sys/fs/cgroup/memory/lenslet-capacity-$$
  echo "$(bytes_of "$MEMORY")" >"$cgroup/memory.limit_in_bytes"
  # No swap either, where the kernel accounts it.
  [[ -f $cgroup/memory.memsw.limit_in_bytes ]] && echo "$(bytes_of "$MEMORY")" >"$cgroup/memory.memsw.limit_in_bytes"
  cap_kind="cgroup v1 $cgroup"
elif command -v systemd-run >/dev/null && systemd-run --quiet --scope -p MemoryMax=1M true 2>/dev/null; then
  cap_kind="systemd-run scope MemoryMax=$MEMORY"
fi

start_server() {  # database-url data-dir
  local url=$1 data=$2
  local serve=("$BIN_DIR/lenslet" serve --host 127.0.0.1 --port "$PORT" --threads 1 --data-dir "$data"
    --database "$url" --log-level warn
    # Rate limits are not what is measured; the model stays far below them
    # at SPEEDUP 1, smokes do not.
    --message-limit 1000000 --action-limit 1000000 --comment-limit 1000000 --post-limit 1000000
    --conversation-limit 1000000)
  # shellcheck disable=SC2206  # split on purpose: several flags in one knob
  serve+=($SERVE_FLAGS)
  case $cap_kind in
    cgroup*)
      # Joins the cgroup, then becomes the server: every thread is inside.
      bash -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _ "$cgroup" taskset -c "$SERVER_CORE" "${serve[@]}" \
        >"$work/server.log" 2>&1 &
      ;;
    systemd*)
      systemd-run --quiet --scope -p MemoryMax="$MEMORY" -p MemorySwapMax=0 taskset -c "$SERVER_CORE" "${serve[@]}" \
        >"$work/server.log" 2>&1 &
      ;;
    *) taskset -c "$SERVER_CORE" "${serve[@]}" >"$work/server.log" 2>&1 & ;;
  esac
  server_pid=$!
  if [[ -n $cgroup ]]; then
    echo 0 >"$cgroup/memory.max_usage_in_bytes" 2>/dev/null || true
    echo 0 >"$cgroup/memory.failcnt" 2>/dev/null || true
  fi
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
  if [[ -n $cgroup ]] && ! grep -q "lenslet-capacity-$$" "/proc/$server_pid/cgroup"; then
    echo "the server is not in $cgroup" >&2
    exit 1
  fi
  # systemd-run --scope execs the command: $! is the server itself.
}

stop_server() {
  [[ -n $server_pid ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# PostgreSQL's CPU seconds: the postmaster and its children (backends,
# checkpointer, WAL writer…), from /proc/<pid>/stat; the postmaster's count
# includes the children it has reaped (cutime, cstime), so short-lived
# parallel query workers are not missed.
pg_cpu_seconds() {
  local pm
  pm=$(head -1 "$pg_dir/data/postmaster.pid")
  # Fields after "(comm)": utime, stime, cutime, cstime are the 12th to 15th.
  local ticks
  ticks=$(sed 's/^.*) //' "/proc/$pm/stat" | awk '{ print $12 + $13 + $14 + $15 }')
  for pid in $(ps --ppid "$pm" -o pid= 2>/dev/null); do
    [[ -r /proc/$pid/stat ]] || continue
    ticks=$((ticks + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f\n", t / hz }'
}

pin_postgres() {
  local pm
  pm=$(head -1 "$pg_dir/data/postmaster.pid")
  for pid in $pm $(ps --ppid "$pm" -o pid=); do taskset -a -cp "$PG_CORES" "$pid" >/dev/null 2>&1 || true; done
}

start_postgres() {
  pg_dir=$work/pg
  local admin
  admin=$(scripts/pg-test-cluster.sh start "$pg_dir")
  psql "$admin" -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  # -l: pg_ctl does not remember the log file of the first start.
  runuser -u postgres -- "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    restart >"$work/pg-restart.log" 2>&1
  # Planning time too (known once the library is loaded): a statement
  # PostgreSQL re-plans on every execution (a custom plan) costs its CPU
  # without showing in the execution time.
  psql "$admin" -qc "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -c "SELECT pg_reload_conf()" >/dev/null
  # What a stall may line up with (see stalls()): autovacuum, checkpoints and
  # any statement of 50 ms or more, in $pg_dir/server.log.
  psql "$admin" -qc "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "ALTER SYSTEM SET log_timezone = 'UTC'" \
    -c "ALTER SYSTEM SET log_min_duration_statement = 50" -c "ALTER SYSTEM SET log_checkpoints = on" \
    -c "SELECT pg_reload_conf()" >/dev/null
  pin_postgres  # backends inherit the postmaster's affinity
  pg_admin=$admin
}

fresh_database() {  # prints the URL of an empty database
  PGOPTIONS='-c client_min_messages=warning' psql "$pg_admin" -qc "DROP DATABASE IF EXISTS lenslet_capacity WITH (FORCE)"
  psql "$pg_admin" -qc "CREATE DATABASE lenslet_capacity"
  psql "${pg_admin%/*}/lenslet_capacity" -qc "CREATE EXTENSION pg_stat_statements"
  echo "${pg_admin%/*}/lenslet_capacity"
}

seed() {  # kind n → sets url, data, tokens
  local kind=$1 n=$2
  data=$work/data-$kind
  rm -rf "$data"
  mkdir -p "$data"
  if [[ $kind == postgres ]]; then url=$(fresh_database); else url="sqlite:$data/lenslet.db"; fi
  tokens=$work/tokens-$kind
  local t0=$SECONDS
  "$BIN_DIR/lenslet" seed --data-dir "$data" --database "$url" --users "$n" --posts-per-user "$POSTS" \
    --images "$IMAGES" --tokens-out "$tokens" --log-level warn >"$work/seed.log" 2>&1 ||
    { cat "$work/seed.log" >&2; exit 1; }
  echo "   seeded $n people × $POSTS posts in $((SECONDS - t0)) s ($(grep -o '[0-9]* follows' "$work/seed.log"))"
  # The home feeds' trim sweeps once an hour, first a minute after the start:
  # inside a one-minute window it would weigh sixty times what it weighs.
  local later="UPDATE periodic_jobs SET due_at = $(( $(date +%s) * 1000 + 86400000 ))"
  if [[ $kind == postgres ]]; then psql "$url" -qc "$later"; else sqlite3 "${url#sqlite:}" "$later"; fi
}

# Hooks the generator runs as its measured window opens and closes.
write_hooks() {  # kind
  local kind=$1
  if [[ $kind == postgres ]]; then
    # The generator's setup has just made thousands of conversations in tables
    # the seed analysed empty. A live instance's tables carry statistics that
    # autovacuum keeps (it looks once a minute); without this, the first
    # minute's plans are made for empty tables: a message then cost twice its
    # execution and was planned afresh on every send.
    echo "psql '$url' -qc ANALYZE" >"$work/after-setup.sh"
    # Experiments: SQL to run once the setup is analysed (e.g. a storage parameter).
    # A failure leaves a mark the step reads: an experiment must not run without its change.
    [[ -z $AFTER_SETUP_SQL ]] || printf 'psql %q -v ON_ERROR_STOP=1 -qc %q || touch %q\n' "$url" \
      "$AFTER_SETUP_SQL" "$work/after-setup-failed" >>"$work/after-setup.sh"
    cat >"$work/at-start.sh" <<EOF
psql '$url' -qAtc 'SELECT pg_stat_statements_reset()' >/dev/null
bash -c 'source "$work/pgcpu.sh"; pg_cpu_seconds' >"$work/pg-cpu-start"
EOF
    cat >"$work/at-end.sh" <<EOF
bash -c 'source "$work/pgcpu.sh"; pg_cpu_seconds' >"$work/pg-cpu-end"
psql '$url' -qAtF '|' -c "SELECT calls, round(total_exec_time::numeric, 3), round(total_plan_time::numeric, 3), shared_blks_hit + shared_blks_read, plans, regexp_replace(left(query, 160), '\\s+', ' ', 'g') FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC" >"$work/pg-statements"
EOF
    { declare -f pg_cpu_seconds; echo "pg_dir='$pg_dir'"; } >"$work/pgcpu.sh"
  else
    echo true >"$work/after-setup.sh"
    echo true >"$work/at-start.sh"
    echo true >"$work/at-end.sh"
  fi
  if [[ -n $PERF ]]; then
    # perf outlives the hook that starts it; the end hook stops it with
    # SIGINT, which makes it write its file whole.
    echo "perf record -a -e cpu-clock -F 997 -o '$work/perf.data' >'$work/perf.log' 2>&1 & echo \$! >'$work/perf.pid'" >>"$work/at-start.sh"
    echo "kill -INT \$(cat '$work/perf.pid'); while kill -0 \$(cat '$work/perf.pid') 2>/dev/null; do sleep 0.2; done" >>"$work/at-end.sh"
  fi
}

# PERF=1: where the measured window's CPU went — per program (the server,
# PostgreSQL's processes, the generator, the rest) and the functions taking
# the most of the server's and of PostgreSQL's.
perf_report() {  # label
  [[ -n $PERF && -s $work/perf.data ]] || return 0
  local data=$work/perf-$1.data
  mv "$work/perf.data" "$data"
  echo "   CPU profile (perf, % of all samples on both cores; kept in $data):"
  perf report -i "$data" --stdio --sort comm 2>/dev/null | grep -E '^ +[0-9.]+%' | head -6 | sed 's/^ */     /'
  local program
  for program in lenslet postgres; do
    echo "   $program's top functions (% of all samples):"
    perf report -i "$data" --stdio --comms "$program" --sort dso,sym 2>/dev/null | grep -E '^ +[0-9.]+%' | head -15 |
      sed 's/^ */     /' | cut -c1-150
  done
}

generate() {  # n out [extra generator flags...]
  local n=$1 out=$2
  shift 2
  taskset -c "$LOAD_CORE" "$BIN_DIR/lenslet_usermodel_load" --port "$PORT" --tokens "$tokens" -n "$n" \
    --threads "$LOAD_THREADS" --warmup "$WARMUP" --duration "$DURATION" --server-pid "$server_pid" \
    --image-cache "$IMAGE_CACHE" --after-setup "bash $work/after-setup.sh" --at-window-start "bash $work/at-start.sh" --at-window-end "bash $work/at-end.sh" \
    "$@" >"$out" 2>&1 || true
}

# One step: fresh network of n, server, generator; PASS or FAIL (and why).
step() {  # kind n
  local kind=$1 n=$2 out=$work/$1-$2.out
  echo "== $kind, $n people (speedup $SPEEDUP, ${WARMUP}+${DURATION} s)"
  pg_log_from=$(stat -c %s "$pg_dir/server.log" 2>/dev/null || echo 0)
  seed "$kind" "$n"
  start_server "$url" "$data"
  write_hooks "$kind"
  generate "$n" "$out" --speedup "$SPEEDUP" --slow-log "$work/slow-$kind-$n.log"
  local verdict
  verdict=$(value "$out" objective)
  if [[ -e $work/after-setup-failed ]]; then
    echo "   AFTER_SETUP_SQL failed (its error is in $out): this step is not the experiment" >&2
    exit 1
  fi
  [[ -n $verdict ]] || { verdict=FAIL; echo "   the generator stopped early:"; tail -5 "$out" | sed 's/^/   /'; }
  if ! kill -0 "$server_pid" 2>/dev/null; then
    verdict=FAIL
    echo "   # objective: the server died (OOM?) — see its log"
    tail -3 "$work/server.log" | sed 's/^/   /'
  fi
  local peak="" oom=""
  if [[ -n $cgroup ]]; then
    peak=$(( $(cat "$cgroup/memory.max_usage_in_bytes") / 1048576 ))
    oom=$(cat "$cgroup/memory.failcnt")
  fi
  stop_server
  local pg=""
  if [[ $kind == postgres && -s $work/pg-cpu-start && -s $work/pg-cpu-end ]]; then
    local pg_s
    pg_s=$(calc "$(cat "$work/pg-cpu-end") - $(cat "$work/pg-cpu-start")")
    pg=" pg_cpu=$(calc "100 * $pg_s / $DURATION")% pg_ms/req=$(calc "1000 * $pg_s / ($(value "$out" requests) + 0.000001)")"
  fi
  printf '   %s: %s req/s, server cpu %s%% (%s ms/req), %s kB/connection, peak %s MB (cap hits %s), delivery p99 %s ms, errors %s, lost %s%s\n' \
    "$verdict" "$(value "$out" requests_per_s)" "$(value "$out" server_cpu_percent)" \
    "$(value "$out" server_cpu_ms_per_request)" "$(value "$out" server_kb_per_connection)" "${peak:-?}" "${oom:-?}" \
    "$(value "$out" delivery_p99_ms)" "$(value "$out" errors)" "$(value "$out" messages_lost)" "$pg" | tee -a "$work/steps-$kind"
  grep '^# objective:' "$out" | head -8 | sed 's/^/   /'
  # The three slowest kinds, for whoever profiles next, with their counts (a
  # kind's p99 over few requests is its slowest one or two).
  grep '^kind=' "$out" | awk '{ split($5, p, "="); if ($2 != "count=0") print p[2], $1, $2 }' | sort -rn | head -3 |
    sed 's/^/   slowest p99 ms: /'
  stalls "$kind" "$work/slow-$kind-$n.log"
  autovacuums "$kind"
  perf_report "$kind-$n"
  [[ $verdict == PASS ]]
}

# The three seconds with the most requests over 50 ms (the generator's
# --slow-log), and on PostgreSQL what its log says happened then: a tail made
# of stalls shows here as a few crowded seconds, a slow kind as a thin spread.
stalls() {  # kind slow-log
  local kind=$1 log=$2 second
  [[ -s $log ]] || return 0
  echo "   requests over 50 ms: $(wc -l <"$log"), in $(awk '{ print int($1 / 1000) }' "$log" | sort -u | wc -l) distinct seconds"
  for second in $(awk '{ print int($1 / 1000) }' "$log" | sort | uniq -c | sort -rn | head -3 | awk '{ print $2 }'); do
    echo "   stall at $(date -u -d "@$second" +%H:%M:%S): $(awk -v s="$second" 'int($1 / 1000) == s { n++; k[$2]++; if ($3 > m) m = $3 }
      END { printf "%d slow, worst %.0f ms:", n, m; for (x in k) printf " %s %d", x, k[x] }' "$log")"
    if [[ $kind == postgres && -s $pg_dir/server.log ]]; then
      # PostgreSQL's lines of that second and the one before it.
      grep -E "^($(date -u -d "@$((second - 1))" '+%F %T')|$(date -u -d "@$second" '+%F %T'))" "$pg_dir/server.log" |
        grep -E 'automatic (vacuum|analyze)|checkpoint|duration:' | cut -c1-200 | head -4 | sed 's/^/     pg: /'
    fi
  done
}

# Every autovacuum of Lenslet's tables since the step began (setup included),
# stall or not, with the CPU each took: a VACUUM or ANALYZE that changes a
# table's statistics makes every connection plan each statement that reads
# the table again (bench/README.md "Autovacuum's minute").
autovacuums() {  # kind
  [[ $1 == postgres && -s $pg_dir/server.log ]] || return 0
  echo "   autovacuum (its CPU): $(tail -c +$((pg_log_from + 1)) "$pg_dir/server.log" | awk '
    match($0, /automatic [a-z ]*(vacuum|analyze)[a-z ]* of table "[^"]*"/) {
      what = substr($0, RSTART, RLENGTH); action = (what ~ /analyze/) ? "analyze" : "vacuum"
      match(what, /"[^"]*"/); table = substr(what, RSTART + 1, RLENGTH - 2)
      pending = (table ~ /\.public\./); sub(/.*\./, "", table); t = substr($2, 1, 8); next
    }
    pending && /system usage: CPU:/ {
      match($0, /user: [0-9.]+ s, system: [0-9.]+ s/); split(substr($0, RSTART, RLENGTH), u, " ")
      printf "%s %s %s %.2f s; ", t, action, table, u[2] + u[5]; pending = 0
    }')"
}

search() {  # kind → sets found
  local kind=$1 lo=0 hi=0 n=$START
  while :; do
    if step "$kind" "$n"; then
      lo=$n
      # Past MAX, or a pass after halving down from a failure: bisect.
      [[ $n -ge $MAX || $hi -gt 0 ]] && break
      n=$((n * 2 > MAX ? MAX : n * 2))
    else
      hi=$n
      if [[ $lo -eq 0 ]]; then
        [[ $n -le $MIN ]] && break
        n=$((n / 2))
        continue
      fi
      break
    fi
  done
  for _ in $(seq 1 "$BISECT"); do
    [[ $lo -gt 0 && $hi -gt 0 ]] || break
    n=$(( (lo + hi) / 2 ))
    [[ $((hi - lo)) -le $((lo / 20 + 10)) ]] && break  # within 5 %
    if step "$kind" "$n"; then lo=$n; else hi=$n; fi
  done
  found=$lo
  failed_at=$hi
}

kind_profile() {  # per-kind PostgreSQL cost, on a fresh network of PROFILE_USERS
  # At the capacity found (a network the size the figure is about), at most
  # 10,000 people (~30 s of seeding on PostgreSQL).
  local n=${PROFILE_USERS:-$(( found > 0 ? found : START ))}
  [[ -n $PROFILE_USERS || $n -le 10000 ]] || n=10000
  # KINDS=" ": no kinds, no fresh network (KEEP_PG keeps the search's last one).
  [[ -n ${KINDS// /} ]] || return 0
  echo "== postgres: cost per kind of request, $n people, one action at a time (${KIND_DURATION} s each)"
  seed postgres "$n"
  start_server "$url" "$data"
  write_hooks postgres
  printf '%-14s %9s %10s %13s %13s %12s %12s %8s\n' action requests server_ms pg_cpu_ms pg_exec_ms pg_plan_ms statements \
    blocks | tee "$work/kinds"
  for action in $KINDS; do
    local per_minute speedup out=$work/kind-$action.out
    per_minute=$(case $action in feed) echo 1;; post_view) echo 2;; like|message) echo 0.5;; profile|explore) echo 0.2;;
      notifications) echo 0.1;; comment|follow) echo 0.05;; upload) echo 0.000694;; esac)
    # ~KIND_RATE actions/s of this kind (0.5/s for uploads: each costs the server far more).
    local want=$KIND_RATE
    [[ $action == upload ]] && want=0.5
    speedup=${KIND_SPEEDUP:-$(calc "$want * 60 / ($per_minute * $n)")}
    WARMUP=3 DURATION=$KIND_DURATION generate "$n" "$out" --only "$action" --speedup "$speedup" --settle 0
    local requests pg_s pg_exec pg_plan calls blocks
    requests=$(value "$out" requests)
    if [[ -z $requests || $requests -eq 0 || ! -s $work/pg-cpu-end ]]; then
      printf '%-14s %9s (no figures: see %s)\n' "$action" "${requests:-0}" "$out" | tee -a "$work/kinds"
      continue
    fi
    pg_s=$(calc "$(cat "$work/pg-cpu-end") - $(cat "$work/pg-cpu-start")")
    pg_exec=$(awk -F'|' '{ s += $2 } END { printf "%.3f", s }' "$work/pg-statements")
    pg_plan=$(awk -F'|' '{ s += $3 } END { printf "%.3f", s }' "$work/pg-statements")
    calls=$(awk -F'|' '{ s += $1 } END { print s + 0 }' "$work/pg-statements")
    blocks=$(awk -F'|' '{ s += $4 } END { print s + 0 }' "$work/pg-statements")
    printf '%-14s %9s %10s %13.3f %13.3f %12.3f %12.1f %8.1f\n' "$action" "$requests" \
      "$(value "$out" server_cpu_ms_per_request)" "$(calc "1000 * $pg_s / $requests")" "$(calc "$pg_exec / $requests")" \
      "$(calc "$pg_plan / $requests")" "$(calc "$calls / $requests")" "$(calc "$blocks / $requests")" |
      tee -a "$work/kinds"
    cp "$work/pg-statements" "$work/statements-$action"
    rm -f "$work/pg-cpu-start" "$work/pg-cpu-end"
  done
  stop_server
  echo "   (server_ms: the server's CPU per request; pg_cpu_ms: PostgreSQL's CPU per request from /proc over the"
  echo "    window, background work included; pg_exec_ms and pg_plan_ms: pg_stat_statements' execution and"
  echo "    planning time per request;"
  echo "    statements: statement executions per request; blocks: shared buffers read per request, which"
  echo "    unlike the times does not depend on what else the machine runs. Top statements per action:)"
  for action in $KINDS; do
    [[ -s $work/statements-$action ]] || continue
    echo "   -- $action"
    head -4 "$work/statements-$action" | awk -F'|' '{ q = $6; for (i = 7; i <= NF; i++) q = q "|" $i
      printf "      %8s calls %10s ms (plan %s ms, %s plans, %.1f blocks a call)  %s\n", $1, $2, $3, $5, $4 / $1, q }'
  done
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
log "capacity: commit $commit, $(date -u '+%Y-%m-%d %H:%M UTC'), $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "capacity: server on core $SERVER_CORE (memory cap: $cap_kind), generator on core $LOAD_CORE"
if [[ $cap_kind == none ]]; then
  log "capacity: WARNING: no memory cgroup and no systemd: the server's memory is NOT capped at $MEMORY"
fi
if [[ $SPEEDUP != 1 ]]; then
  log "capacity: WARNING: SPEEDUP=$SPEEDUP: each person acts $SPEEDUP× as often; a smoke, not a capacity figure"
fi

declare -A result
for kind in $DATABASES; do
  case $kind in
    sqlite) ;;
    postgres)
      start_postgres
      if [[ $PG_CORES == "$LOAD_CORE" ]]; then
        log "capacity: PostgreSQL on core $PG_CORES, shared with the generator ($cores cores: none left)"
      else
        log "capacity: PostgreSQL on cores $PG_CORES"
      fi
      ;;
    *) echo "unknown database $kind (sqlite or postgres)" >&2; exit 1 ;;
  esac
  found=0
  failed_at=0
  if [[ $SEARCH == 0 ]]; then
    result[$kind]="not searched (SEARCH=0)"
  else
    search "$kind"
  fi
  if [[ $SEARCH == 0 ]]; then
    :
  elif [[ $found -gt 0 ]]; then
    result[$kind]="$found users per core (speedup $SPEEDUP; N=$failed_at failed)"
    [[ $failed_at -eq 0 ]] && result[$kind]="≥ $found users per core (speedup $SPEEDUP; MAX reached)"
  else
    result[$kind]="< $failed_at users per core (speedup $SPEEDUP; even N=$failed_at failed)"
  fi
  if [[ $kind == postgres ]]; then kind_profile; fi
done

log ""
log "== users per core (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for kind in $DATABASES; do log "$kind: ${result[$kind]}"; done

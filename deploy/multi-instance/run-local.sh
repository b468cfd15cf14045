#!/usr/bin/env bash
# Several Lenslet instances on one machine, without systemd or containers: a
# way to try the multi-instance setup (and what tests/functional/scale-out
# does). Needs a PostgreSQL database and a Redis; then point nginx
# (nginx-upstream.conf) at the ports it prints.
#
#   LENSLET_DATABASE=postgres://lenslet@127.0.0.1:5432/lenslet \
#   LENSLET_REDIS_URL=redis://127.0.0.1:6379 \
#   deploy/multi-instance/run-local.sh 3 8081
#
# Ctrl-C (or SIGTERM) stops every instance gracefully.
set -euo pipefail
cd "$(dirname "$0")/../.."

count="${1:-2}"
first_port="${2:-8081}"
bin="${LENSLET_BIN:-build/bin/lenslet}"
data_dir="${LENSLET_DATA_DIR:-data/multi}"

: "${LENSLET_DATABASE:?set LENSLET_DATABASE to a postgres:// URL (SQLite cannot be shared)}"
: "${LENSLET_REDIS_URL:?set LENSLET_REDIS_URL to a redis:// URL}"
# Every instance must sign and accept the same tokens.
if [[ -z "${LENSLET_JWT_SECRET:-}" ]]; then
  LENSLET_JWT_SECRET="$(head -c 32 /dev/urandom | base64)"
  echo "run-local: generated a JWT secret for this run"
fi
export LENSLET_DATABASE LENSLET_REDIS_URL LENSLET_JWT_SECRET

mkdir -p "$data_dir"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop EXIT INT TERM

for ((i = 0; i < count; i++)); do
  port=$((first_port + i))
  # One shared data folder: the media must be the same for every instance.
  "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$data_dir" &
  pids+=("$!")
  echo "run-local: instance $((i + 1)) on http://127.0.0.1:$port (pid $!)"
done
wait -n
echo "run-local: an instance exited; stopping the others" >&2

#!/usr/bin/env bash
# ThreadSanitizer run of the threaded C++ code: builds the `tsan` preset
# (GCC -fsanitize=thread, -O1, in build-tsan/) and runs the realtime, db and
# api unit tests under it, on a throwaway redis-server of its own (the Redis
# fan-out and presence tests need one). With LENSLET_TEST_PG_URL set (see
# scripts/pg-test-cluster.sh) the db and api database tests run too, on SQLite
# and PostgreSQL. Exits non-zero on any data race, any other TSan report or any
# test failure.
#
#   scripts/tsan.sh                        # the tests above
#   scripts/tsan.sh lenslet_http_test      # these test programs instead
#
# Not part of scripts/test.sh: a full extra build of the server does not fit
# CI's time budget on 2 cores (docs/testing.md "ThreadSanitizer").
set -euo pipefail
cd "$(dirname "$0")/.."

if (($#)); then
  tests=("$@")
else
  tests=(lenslet_realtime_protocol_test lenslet_realtime_test lenslet_realtime_redis_test
         lenslet_realtime_redis_redistest lenslet_realtime_redis_presence_test
         lenslet_realtime_redis_presence_redistest
         lenslet_db_test lenslet_api_test)
  if [[ -n "${LENSLET_TEST_PG_URL:-}" ]]; then
    tests+=(lenslet_db_dbtest lenslet_api_dbtest)
  else
    echo "tsan: LENSLET_TEST_PG_URL is not set: the database tests (*_dbtest) are skipped" >&2
  fi
fi

# Only the programs asked for: their targets exist only when the module has tests.
export CMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}"
export CMAKE_C_COMPILER_LAUNCHER="${CMAKE_C_COMPILER_LAUNCHER:-ccache}"
cmake --preset tsan >/dev/null
targets=()
for test in "${tests[@]}"; do
  if cmake --build build-tsan --target help | grep -q "^$test:"; then
    targets+=("$test")
  else
    echo "tsan: no test program $test in this tree, skipped" >&2
  fi
done
echo "== build (tsan): ${targets[*]}"
cmake --build build-tsan --target "${targets[@]}" -j"${LENSLET_TSAN_JOBS:-2}"

work=$(mktemp -d /tmp/lenslet-tsan.XXXXXX)
cleanup() {
  scripts/redis-test-server.sh stop "$work/redis" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [[ -z "${LENSLET_TEST_REDIS_URL:-}" ]]; then
  LENSLET_TEST_REDIS_URL=$(scripts/redis-test-server.sh start "$work/redis")
  export LENSLET_TEST_REDIS_URL
fi

# halt_on_error=0: one run lists every race, not only the first. Each report
# also goes to its own log file, kept in build-tsan/tsan-logs/ for reading.
logs=build-tsan/tsan-logs
rm -rf "$logs"
mkdir -p "$logs"
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4 exitcode=66 ${TSAN_OPTIONS:-}"
failed=0
for test in "${targets[@]}"; do
  echo "== $test (ThreadSanitizer)"
  start=$(date +%s)
  if ! TSAN_OPTIONS="$TSAN_OPTIONS log_path=$PWD/$logs/$test" build-tsan/bin/"$test" --gtest_brief=1; then
    failed=1
  fi
  echo "   $test: $(($(date +%s) - start)) s"
done

reports=$(cat "$logs"/* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer' || true)
if ((reports)); then
  echo "tsan: $reports ThreadSanitizer report(s); summaries below, full reports in $logs/" >&2
  grep -h '^SUMMARY: ThreadSanitizer' "$logs"/* | sort | uniq -c | sort -rn >&2
  failed=1
fi
if ((failed)); then
  echo "TSAN FAILED" >&2
  exit 1
fi
echo "TSAN PASSED"

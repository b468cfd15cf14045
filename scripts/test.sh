#!/usr/bin/env bash
# The README's second command: install, build, start what the tests need, run
# every tier, stop what it started. Exits non-zero on any failure.
#
# Tiers (each can be run alone, see README "Running one test"):
#   1. C++ unit tests and database tests (ASan + UBSan build), the database
#      tests on SQLite AND on a throwaway PostgreSQL 15 cluster, the Redis
#      fan-out tests on a throwaway redis-server
#   2. functional tests: Node's test runner drives the built binary over real
#      HTTP, once on SQLite and once on PostgreSQL
#   3. web unit tests: Vitest in web/ (API client, state, components, and that
#      the API types are generated from the current docs/openapi.yaml)
#   4. end-to-end tests: the built web app served by the real binary, driven in
#      Debian's headless Chromium (playwright-core), tests/e2e/
#   3. socket.io protocol tests: the official socket.io-client against
#      lenslet-socketio-echo (the test file starts the binary itself)
#   5. fuzzing: every libFuzzer target in fuzz/ (clang build in build-fuzz/),
#      20 s each from its seed corpus, one per core (scripts/fuzz.sh)
# ThreadSanitizer (scripts/tsan.sh) is not a tier: see docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh
echo "== build (release: the server and the Socket.IO echo fixture)"
# The C++ tests and the bench programs are built (and the tests run) in the
# ASan build below; building them again at -O3 here cost CI a third of this step.
scripts/build.sh release lenslet lenslet-socketio-echo
# The release server runs on jemalloc (server/app/allocator.hpp): a build that
# lost it would still pass every test and cost a quarter more CPU per request.
# (grep without -q reads to the end: under pipefail an early exit could fail ldd with SIGPIPE.)
if ! ldd build/bin/lenslet | grep libjemalloc >/dev/null; then
  echo "build: build/bin/lenslet is not linked with jemalloc (LENSLET_JEMALLOC)" >&2
  exit 1
fi
echo "== build (asan)"
scripts/build.sh asan

work=$(mktemp -d /tmp/lenslet-test.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  scripts/redis-test-server.sh stop "$work/redis" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== start PostgreSQL"
pg_url=$(scripts/pg-test-cluster.sh start "$work/pg")
export LENSLET_TEST_PG_URL="$pg_url"

echo "== start Redis"
redis_url=$(scripts/redis-test-server.sh start "$work/redis")
export LENSLET_TEST_REDIS_URL="$redis_url"

failed=0
# Each tier's wall time, printed at the end: CI's time is a budget, and this is
# where a tier that grew shows first.
timings=()
tier_started=0
tier_done() {
  timings+=("$(printf '%5d s  %s' $((SECONDS - tier_started)) "$1")")
  tier_started=$SECONDS
}
tier_done "install, builds, services"
echo "== C++ unit and database tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2 || failed=1
tier_done "C++ unit and database tests"

for database in sqlite postgres; do
  echo "== functional tests on $database"
  LENSLET_BIN="$root/build/bin/lenslet" LENSLET_TEST_DATABASE=$database \
    node --test --test-concurrency=2 tests/functional/ || failed=1
  tier_done "functional tests on $database"
done

echo "== socket.io protocol tests"
LENSLET_ECHO_BIN="$root/build/bin/lenslet-socketio-echo" node --test tests/socketio/ || failed=1
tier_done "socket.io protocol tests"

echo "== web unit tests"
(cd web && npm test) || failed=1
tier_done "web unit tests"

echo "== end-to-end tests (Chromium)"
LENSLET_BIN="$root/build/bin/lenslet" node --test tests/e2e/ || failed=1
tier_done "end-to-end tests"

echo "== fuzz targets (libFuzzer)"
scripts/fuzz.sh || failed=1
tier_done "fuzz targets"

echo "== time per tier (${SECONDS} s in all)"
printf '%s\n' "${timings[@]}"
if ((failed)); then
  echo "TESTS FAILED" >&2
  exit 1
fi
echo "ALL TESTS PASSED"

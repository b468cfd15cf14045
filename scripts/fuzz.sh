#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, build-fuzz/) and runs
# each for a bounded time from its committed seed corpus, fuzz/corpus/<name>/
# (the target's name without _fuzz), with its dictionary fuzz/<name>.dict when
# there is one. Exits non-zero when any target crashes, leaks, times out or
# breaks one of its invariants; the input that did it is kept in
# build-fuzz/crashes/ (reproduce: build-fuzz/bin/<target> <file>).
#
#   scripts/fuzz.sh                       # every target, 20 s each, $(nproc) at a time
#   scripts/fuzz.sh router_fuzz 300       # one target, 5 minutes
#   LENSLET_FUZZ_SECONDS=60 scripts/fuzz.sh
#
# Inputs the fuzzer finds go to a scratch folder, never into git. To grow a
# seed corpus, minimize into it by hand:
#   build-fuzz/bin/router_fuzz -merge=1 fuzz/corpus/router /tmp/router-found
set -euo pipefail
cd "$(dirname "$0")/.."

only=${1:-}
seconds=${2:-${LENSLET_FUZZ_SECONDS:-20}}
jobs=${LENSLET_FUZZ_JOBS:-$(nproc)}

if command -v ccache >/dev/null 2>&1; then
  export CMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}"
  export CMAKE_C_COMPILER_LAUNCHER="${CMAKE_C_COMPILER_LAUNCHER:-ccache}"
fi
start=$(date +%s)
cmake --preset fuzz >/dev/null
if [[ -n "$only" ]]; then
  cmake --build build-fuzz --target "$only"
  targets=("$only")
else
  cmake --build build-fuzz --target fuzz_targets
  mapfile -t targets <build-fuzz/fuzz-targets.txt
fi
built=$(date +%s)
echo "fuzz: built ${#targets[@]} target(s) in $((built - start)) s; running each for $seconds s, $jobs at a time"

work=$(mktemp -d /tmp/lenslet-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/crashes
symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[[ -x "$symbolizer" ]] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# One target: its output goes to a log, printed only when it fails.
run_one() {
  local target=$1
  local name=${target%_fuzz}
  local seeds=fuzz/corpus/$name
  local found=$work/$name
  local args=(-max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048
              -print_final_stats=1 -artifact_prefix="$PWD/build-fuzz/crashes/$target-")
  [[ -f "fuzz/$name.dict" ]] && args+=(-dict="fuzz/$name.dict")
  mkdir -p "$found"
  if [[ ! -d "$seeds" ]]; then
    echo "fuzz: $target has no seed corpus ($seeds)" >"$work/$target.log"
    return 1
  fi
  build-fuzz/bin/"$target" "${args[@]}" "$found" "$seeds" >"$work/$target.log" 2>&1
}

declare -A pid_of
failed=()
finish() {
  local target=$1
  if wait "${pid_of[$target]}"; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $target ok ($runs runs)"
  else
    failed+=("$target")
    echo "fuzz: $target FAILED; its log:" >&2
    tail -n 60 "$work/$target.log" >&2
  fi
}

running=()
for target in "${targets[@]}"; do
  if ((${#running[@]} >= jobs)); then
    finish "${running[0]}"
    running=("${running[@]:1}")
  fi
  run_one "$target" &
  pid_of[$target]=$!
  running+=("$target")
done
for target in "${running[@]}"; do finish "$target"; done

echo "fuzz: $(($(date +%s) - built)) s of fuzzing, $(($(date +%s) - start)) s in all"
if ((${#failed[@]})); then
  echo "FUZZING FAILED: ${failed[*]} (inputs in build-fuzz/crashes/)" >&2
  exit 1
fi

#!/usr/bin/env bash
# Release build: the server at build/bin/lenslet (and, once it exists, the web
# app in web/dist/).
#   scripts/build.sh            Release build in build/
#   scripts/build.sh asan       Debug + ASan/UBSan build in build-asan/ (for the C++ tests)
#   scripts/build.sh release lenslet lenslet-socketio-echo
#                               only these targets (scripts/test.sh: the release
#                               test programs would be built and never run)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
cmake --preset "$preset" >/dev/null
if (($#)); then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
if [[ "$preset" == release && -f web/package.json ]]; then
  (cd web && npm run --silent build)
fi

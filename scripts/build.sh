#!/usr/bin/env bash
# Release build: the server at build/bin/lenslet (and, once it exists, the web
# app in web/dist/).
#   scripts/build.sh            Release build in build/
#   scripts/build.sh asan       Debug + ASan/UBSan build in build-asan/ (for the C++ tests)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
if [[ "$preset" == release && -f web/package.json ]]; then
  (cd web && npm run --silent build)
fi

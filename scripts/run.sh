#!/usr/bin/env bash
# The README's first command: install, build, and serve Lenslet on
# http://localhost:8081 with SQLite and media under ./data.
# Extra arguments go to `lenslet serve` (see `build/bin/lenslet serve --help`).
# --demo (first argument) first seeds an empty database with 50 demo users × 6
# posts; every demo account's password is "lenslet-demo".
set -euo pipefail
cd "$(dirname "$0")/.."
demo=""
if [[ ${1:-} == --demo ]]; then
  demo=1
  shift
fi
scripts/install-deps.sh
scripts/build.sh
mkdir -p data
if [[ -n $demo ]]; then
  # Refuses (and changes nothing) when the database already has users.
  build/bin/lenslet seed --data-dir ./data --users 50 --posts-per-user 6 ||
    echo "run.sh: demo data not added (see above); serving the database as it is"
fi
web_root=()
[[ -d web/dist ]] && web_root=(--web-root web/dist)
exec build/bin/lenslet serve --data-dir ./data "${web_root[@]}" "$@"

#!/usr/bin/env bash
# The README's first command: install, build, and serve Lenslet on
# http://localhost:8081 with SQLite and media under ./data.
# Extra arguments go to `lenslet serve` (see `build/bin/lenslet serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p data
web_root=()
[[ -d web/dist ]] && web_root=(--web-root web/dist)
exec build/bin/lenslet serve --data-dir ./data "${web_root[@]}" "$@"

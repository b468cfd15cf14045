#!/usr/bin/env bash
# Installs everything Lenslet needs to build, run and test, on a fresh Debian 12,
# as root. Idempotent and quiet when everything is already present.
#   scripts/install-deps.sh          build + run + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: toolchain, libraries (DESIGN.md "Chosen dependencies"), and
# the real services and browser the tests drive. clang with libFuzzer (in
# libclang-rt-14-dev) and llvm-symbolizer (llvm-14) build and run fuzz/.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev libdeflate-dev
  libspdlog-dev libcli11-dev libgtest-dev libgmock-dev
  libhiredis-dev libvips-dev libcurl4-openssl-dev libqrencode-dev libzip-dev libjemalloc-dev
  postgresql-15 postgresql-client-15 redis-server
  chromium wrk sqlite3 curl procps
  python3-aiosmtpd prometheus nginx
  clang libclang-rt-14-dev llvm-14
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing Debian packages (run as root to install): ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, per package folder; reinstalled only when the lock file changed.
for dir in tests tests/e2e web; do
  [[ -f "$dir/package-lock.json" ]] || continue
  stamp="$dir/node_modules/.lenslet-lock-stamp"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "install-deps: npm ci in $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done

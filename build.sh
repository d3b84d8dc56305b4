#!/usr/bin/env bash
# Build helper: installs what is missing (Debian 12, as root), builds, and runs or tests.
#   ./build.sh run   - build and run the host with the ai-model plugin on SQLite, port 8080
#   ./build.sh test  - build and pass every test (the integration suite on SQLite and on private
#                      PostgreSQL and MariaDB servers), then again under ASan + UBSan (SQLite)
#   ./build.sh bench - build, install into build/prefix, and run the benchmark
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make ccache pkg-config libboost-dev libboost-filesystem-dev libyaml-cpp-dev
          nlohmann-json3-dev libsoci-dev libsqlite3-dev libssl-dev libgtest-dev libgmock-dev sqlite3)
JOBS=${JOBS:-2}

install_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# The database servers the tests start privately (tests/db/servers.sh). The packages' own
# services are kept from starting while they install: nothing runs beyond what the tests start.
install_servers() {
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  install_packages postgresql mariadb-server
  if ((created)); then rm -f "$policy"; fi
}

# Node.js and npm, for the tests only: npm installs the OpenAPI validator the tests run
# (tests/openapi/package-lock.json). Debian's packages unless node and npm are there already
# (e.g. NodeSource's nodejs, which bundles its own npm).
install_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then install_packages nodejs npm; fi
}

build() {  # build PRESET [cmake args...]  (presets: CMakePresets.json)
  local preset=$1; shift
  cmake --preset "$preset" "$@" >/dev/null
  cmake --build --preset "$preset" -j"$JOBS"
}

case "${1:-}" in
  run)
    install_packages "${PACKAGES[@]}"
    build default -DBUILD_TESTING=OFF
    exec build/bin/zstack-mn --config plugin.yaml "${@:2}"
    ;;
  test)
    # mkfs.ext4, e2fsck and losetup, for the tests of a filesystem turning read-only.
    install_packages "${PACKAGES[@]}" e2fsprogs mount
    install_servers
    install_node
    build default -DBUILD_TESTING=ON
    ctest --preset default
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    build asan
    ctest --preset asan
    ;;
  bench)
    install_packages "${PACKAGES[@]}" wrk
    install_servers
    build default -DBUILD_TESTING=ON
    cmake --install build --prefix build/prefix >/dev/null
    exec tests/bench/bench.sh build/prefix "${@:2}"
    ;;
  *)
    echo "usage: $0 run|test|bench" >&2
    exit 2
    ;;
esac

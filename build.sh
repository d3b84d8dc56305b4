#!/usr/bin/env bash
# Build helper: installs what is missing (Debian 12, as root), builds, and runs or tests.
#   ./build.sh run   - build and run the host with its plugins (plugin.yaml) on SQLite, port 8080
#   ./build.sh test  - build and pass every test (the integration suite on SQLite and on private
#                      PostgreSQL and MariaDB servers), then again under ASan + UBSan (SQLite),
#                      the unit, concurrency and cluster tests under TSan, and each fuzz target for 20 s
#   ./build.sh bench - build, install into build/prefix, and run the benchmark
#   ./build.sh fuzz [SECONDS] - build the asan preset and run each libFuzzer target of tests/fuzz
#                      for SECONDS (default 600), crash inputs in build-asan/fuzz-artifacts
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake ninja-build make g++ ccache pkg-config libboost-dev libboost-filesystem-dev libyaml-cpp-dev
          nlohmann-json3-dev libsoci-dev libsqlite3-dev libssl-dev libgtest-dev libgmock-dev sqlite3)
# The asan preset builds with clang, and its fuzz targets link libFuzzer (libclang-rt-14-dev).
SANITIZER_PACKAGES=(clang libclang-rt-14-dev)
JOBS=${JOBS:-2}
FUZZ_TARGETS=(fuzz_http_request fuzz_api_body fuzz_query fuzz_tags fuzz_config)
FUZZ_ARTIFACTS=build-asan/fuzz-artifacts

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
  # A build folder that make built (before the presets chose Ninja) cannot switch generators.
  local folder=build-$preset
  if [[ $preset == default ]]; then folder=build; fi
  if grep -qs '^CMAKE_GENERATOR:INTERNAL=Unix Makefiles' "$folder/CMakeCache.txt"; then rm -rf "$folder"; fi
  cmake --preset "$preset" "$@" >/dev/null
  cmake --build --preset "$preset" -j"$JOBS"
}

# run_fuzzers SECONDS CORPORA: runs each fuzz target for SECONDS on the corpus CORPORA/<target>
# (seeded from tests/fuzz/<target>/corpus, which is never written to), two at a time on the two
# cores, under nice so that builds go first. Crash inputs and each target's log go to
# FUZZ_ARTIFACTS. Fails when a target found a crash, leak, timeout or sanitizer report.
run_fuzzers() {
  local seconds=$1 corpora=$2 target
  local -A running=()
  local failed=()
  mkdir -p "$FUZZ_ARTIFACTS"
  # Waits for one target to end and reports it.
  reap() {
    local pid rc=0 done
    wait -n -p pid || rc=$?
    done=${running[$pid]}
    unset "running[$pid]"
    echo "$done: $(grep -E '^(#[0-9]+\s+DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' \
      "$FUZZ_ARTIFACTS/$done.log" | tr '\n' ' ')"
    if ((rc != 0)); then
      failed+=("$done")
      echo "$done FAILED (exit $rc): log $FUZZ_ARTIFACTS/$done.log, input:" \
        "$(ls "$FUZZ_ARTIFACTS/$done"-* 2>/dev/null | tr '\n' ' ')"
    fi
  }
  for target in "${FUZZ_TARGETS[@]}"; do
    while ((${#running[@]} >= 2)); do reap; done
    mkdir -p "$corpora/$target"
    local seed
    for seed in "tests/fuzz/$target/corpus/"*; do
      [[ -e $corpora/$target/${seed##*/} ]] || cp "$seed" "$corpora/$target/"
    done
    local dict=()
    if [[ -f tests/fuzz/$target.dict ]]; then dict=(-dict="tests/fuzz/$target.dict"); fi
    echo "fuzzing $target for ${seconds}s"
    nice -n 19 "build-asan/bin/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$FUZZ_ARTIFACTS/$target-" "${dict[@]}" "$corpora/$target" >"$FUZZ_ARTIFACTS/$target.log" 2>&1 &
    running[$!]=$target
  done
  while ((${#running[@]})); do reap; done
  if ((${#failed[@]})); then
    echo "fuzzing found bugs in: ${failed[*]} (docs/fuzzing.md: turning a crash into a regression input)" >&2
    return 1
  fi
}

case "${1:-}" in
  run)
    install_packages "${PACKAGES[@]}"
    build default -DBUILD_TESTING=OFF
    exec build/bin/zstack-mn --config plugin.yaml "${@:2}"
    ;;
  test)
    # mkfs.ext4, e2fsck and losetup, for the tests of a filesystem turning read-only.
    install_packages "${PACKAGES[@]}" "${SANITIZER_PACKAGES[@]}" e2fsprogs mount
    install_servers
    install_node
    build default -DBUILD_TESTING=ON
    ctest --preset default
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer (clang), with every
    # fuzz target's seeds and regression inputs; then each fuzz target for 20 s.
    build asan
    ctest --preset asan
    # The unit tests, and the suites of many clients and of several nodes, under ThreadSanitizer
    # (clang); any data race stops the process that has it.
    build tsan
    ctest --preset tsan
    corpora=$(mktemp -d)
    trap 'rm -rf "$corpora"' EXIT
    run_fuzzers 20 "$corpora"
    ;;
  fuzz)
    install_packages "${PACKAGES[@]}" "${SANITIZER_PACKAGES[@]}"
    build asan
    # The corpora grow from run to run in build-asan/fuzz-corpus.
    run_fuzzers "${2:-600}" build-asan/fuzz-corpus
    echo "corpora in build-asan/fuzz-corpus, logs and any crash inputs in $FUZZ_ARTIFACTS"
    ;;
  bench)
    install_packages "${PACKAGES[@]}" wrk
    install_servers
    build default -DBUILD_TESTING=ON
    cmake --install build --prefix build/prefix >/dev/null
    exec tests/bench/bench.sh build/prefix "${@:2}"
    ;;
  *)
    echo "usage: $0 run|test|bench|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac

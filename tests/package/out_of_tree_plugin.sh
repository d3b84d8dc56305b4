#!/usr/bin/env bash
# A plugin built outside the source tree, against the installed package only, and served by the
# installed host: installs BUILD into a prefix, copies plugin/ai-model somewhere else, builds the
# copy with find_package(ZStackHostApi), starts the installed zstack-mn with the copy's library,
# and adds a model center and a model through the installed zstack-cli.
#
# Works in a temporary folder outside the source tree, removed unless the test fails.
#
#   tests/package/out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) source=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zstack-out-of-tree.XXXXXX")
host=
finish() {
  local status=$?
  [[ -n $host ]] && { kill "$host" 2>/dev/null; wait "$host" 2>/dev/null || true; }
  if ((status == 0)); then rm -rf "$work"; else echo "failed; its files are in $work" >&2; fi
}
trap finish EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
cp -r "$source/plugin/ai-model" "$work/ai-model"
# No cache of this tree and none of the source tree's flags: only the package's.
cmake -S "$work/ai-model" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS=-O0 -DCMAKE_UNITY_BUILD=ON >"$work/configure.log"
cmake --build "$work/build" -j "${JOBS:-2}" >"$work/build.log"
library=$work/build/libzstack-ai-model.so
if grep -rIl --include='*.make' --include='*.txt' --include='*.cmake' -F "$source" "$work/build" >/dev/null; then
  echo "the copy's build refers to the source tree $source:" >&2
  grep -rIl -F "$source" "$work/build" >&2
  exit 1
fi

cat >"$work/plugin.yaml" <<YAML
host:
  listen: 127.0.0.1:0
  database: sqlite://$work/zstack.db
plugins:
  - name: ai-model
    library: $library
YAML
ZSTACK_ADMIN_PASSWORD=password "$prefix/bin/zstack-mn" --config "$work/plugin.yaml" >"$work/host.log" 2>&1 &
host=$!
port=
for _ in $(seq 200); do
  port=$(sed -n 's/.* serving API version .* on 127\.0\.0\.1:\([0-9]*\) with .*/\1/p' "$work/host.log")
  [[ -n $port ]] && break
  kill -0 $host 2>/dev/null || { echo "the installed host exited:" >&2; cat "$work/host.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "the installed host did not start:" >&2; cat "$work/host.log" >&2; exit 1; }
grep -qF "loaded plugin ai-model 5.5.22 from $library" "$work/host.log" || {
  echo "the host did not load the library built outside the tree:" >&2; cat "$work/host.log" >&2; exit 1; }

export HOME=$work  # zstack-cli keeps its session in ~/.zstack/cli
cli() { "$prefix/bin/zstack-cli" --port "$port" "$@"; }
cli LogInByAccount accountName=admin password=password >/dev/null
center=$(cli AddModelCenter name=outside url=http://192.168.10.12:8989 managementIp=192.168.10.12 managementPort=8989)
centerUuid=$(sed -n 's/^ *"uuid": "\([0-9a-f]*\)".*/\1/p' <<<"$center" | head -1)
[[ -n $centerUuid ]] || { echo "AddModelCenter answered: $center" >&2; exit 1; }
cli AddModel name=built-outside installPath=192.168.10.12:/ai/models/outside modelCenterUuid="$centerUuid" size=1 >/dev/null
found=$(cli QueryModel name=built-outside)
grep -q '"name": "built-outside"' <<<"$found" || { echo "QueryModel answered: $found" >&2; exit 1; }
echo "plugin built outside the tree against $prefix: loaded from $library, AddModel and QueryModel served"

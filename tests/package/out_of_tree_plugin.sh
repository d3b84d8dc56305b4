#!/usr/bin/env bash
# Plugins built outside the source tree, against the installed package only, and served by the
# installed host: installs BUILD into a prefix, copies plugin/ai-model and plugin/ai-dataset
# somewhere else, builds each copy with find_package(ZStackHostApi), starts the installed
# zstack-mn with the copies' libraries (ai-dataset listed first: it requires ai-model), and adds a
# model center, a model and a dataset through the installed zstack-cli.
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
# Builds the copy of plugin/NAME and checks that nothing in its build refers to the source tree.
build_copy() {
  local name=$1
  cp -r "$source/plugin/$name" "$work/$name"
  # No cache of this tree and none of the source tree's flags: only the package's.
  cmake -S "$work/$name" -B "$work/build-$name" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS=-O0 -DCMAKE_UNITY_BUILD=ON >"$work/configure-$name.log"
  cmake --build "$work/build-$name" -j "${JOBS:-2}" >"$work/build-$name.log"
  if grep -rIl --include='*.make' --include='*.txt' --include='*.cmake' -F "$source" "$work/build-$name" >/dev/null; then
    echo "the $name copy's build refers to the source tree $source:" >&2
    grep -rIl -F "$source" "$work/build-$name" >&2
    exit 1
  fi
}
build_copy ai-model
build_copy ai-dataset
library=$work/build-ai-model/libzstack-ai-model.so
datasetLibrary=$work/build-ai-dataset/libzstack-ai-dataset.so

cat >"$work/plugin.yaml" <<YAML
host:
  listen: 127.0.0.1:0
  database: sqlite://$work/zstack.db
plugins:
  - name: ai-dataset
    library: $datasetLibrary
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
for loaded in "ai-model 5.5.28 from $library" "ai-dataset 5.5.28 from $datasetLibrary"; do
  grep -qF "loaded plugin $loaded" "$work/host.log" || {
    echo "the host did not load the library built outside the tree ($loaded):" >&2; cat "$work/host.log" >&2; exit 1; }
done

export HOME=$work  # zstack-cli keeps its session in ~/.zstack/cli
cli() { "$prefix/bin/zstack-cli" --port "$port" "$@"; }
cli LogInByAccount accountName=admin password=password >/dev/null
center=$(cli AddModelCenter name=outside url=http://192.168.10.12:8989 managementIp=192.168.10.12 managementPort=8989)
centerUuid=$(sed -n 's/^ *"uuid": "\([0-9a-f]*\)".*/\1/p' <<<"$center" | head -1)
[[ -n $centerUuid ]] || { echo "AddModelCenter answered: $center" >&2; exit 1; }
cli AddModel name=built-outside installPath=192.168.10.12:/ai/models/outside modelCenterUuid="$centerUuid" size=1 >/dev/null
found=$(cli QueryModel name=built-outside)
grep -q '"name": "built-outside"' <<<"$found" || { echo "QueryModel answered: $found" >&2; exit 1; }
cli CreateDataset name=outside-data url=http://datasets.example/outside modelCenterUuid="$centerUuid" >/dev/null
found=$(cli QueryDataset name=outside-data)
grep -q '"name": "outside-data"' <<<"$found" || { echo "QueryDataset answered: $found" >&2; exit 1; }
echo "plugins built outside the tree against $prefix: loaded from $library and $datasetLibrary;" \
  "AddModel, QueryModel, CreateDataset and QueryDataset served"

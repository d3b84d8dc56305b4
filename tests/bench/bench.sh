#!/usr/bin/env bash
# AddModel benchmark: the installed host on a fresh database, driven by wrk with Prefer: wait
# (each answer is the final, committed result) at 8 and 32 keep-alive clients, then the
# database's own limit for the same rows (the same transactions through SOCI, no HTTP).
# Prints requests/s, p50, p99 and errors, and checks that every acknowledged model is in the
# database. Runs on SQLite, then on private PostgreSQL and MariaDB servers (tests/db/servers.sh),
# then with two hosts on one PostgreSQL database.
# Query benchmark (tests/bench/query_bench.cpp): QueryModel by name, by uuid condition and by
# uuid path on QUERY_MODELS models, for the admin and a normal account: p50, p99, mean.
# Hostile benchmark (tests/bench/hostile_bench.cpp): trivial requests alone and beside heavy
# queries, the peak memory of a query over 25 models with 7 MiB logos, password guessing.
#
#   [SYNCHRONOUS=NORMAL] [DATABASES="sqlite postgresql mariadb cluster"] [BENCHES="addmodel query hostile"]
#   [HOSTILE_BASE=<older prefix>]
#   [QUERY_MODELS=100000] tests/bench/bench.sh PREFIX [SECONDS]
set -euo pipefail
PREFIX=$(cd "$1" && pwd)
SECONDS_PER_RUN=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
SERVERS=$HERE/../db/servers.sh
WORK=$(mktemp -d)
SYNCHRONOUS=${SYNCHRONOUS:-FULL}
DATABASES=${DATABASES:-sqlite postgresql mariadb cluster}
BENCHES=${BENCHES:-addmodel query hostile}
QUERY_MODELS=${QUERY_MODELS:-100000}
HOST_PIDS=()
cleanup() {
  for pid in "${HOST_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -e "$WORK/servers" ]] && "$SERVERS" stop "$WORK/servers" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

JSON='Content-Type: application/json;charset=UTF-8'
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# start_host NAME PORT URL [HOST_PREFIX]: a host (of HOST_PREFIX, default PREFIX) on PORT with the
# database URL, its pid in HOST_PIDS.
start_host() {
  local name=$1 port=$2 url=$3 host=${4:-$PREFIX}
  sed "s|^  database:.*|  database: $url\n  sqlite: {synchronous: $SYNCHRONOUS}|; s|^  listen:.*|  listen: 127.0.0.1:$port|" \
    "$host/etc/zstack/plugin.yaml" >"$host/etc/zstack/bench-$name.yaml"
  ZSTACK_ADMIN_PASSWORD=password "$host/bin/zstack-mn" --config "$host/etc/zstack/bench-$name.yaml" \
    >"$WORK/$name.log" 2>&1 &
  HOST_PIDS+=($!)
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
  echo "host $name did not start:" >&2; cat "$WORK/$name.log" >&2; exit 1
}

stop_hosts() {
  for pid in "${HOST_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${HOST_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  HOST_PIDS=()
}

peak_memory() { awk '/VmHWM/ {print $2, $3}' "/proc/$1/status"; }
# cpu_per_request PID COUNT: the host's CPU time (user + system) per acknowledged AddModel.
cpu_per_request() {
  awk -v ticks="$(getconf CLK_TCK)" -v n="$2" '{printf "%.0f us", ($14 + $15) * 1e6 / ticks / n}' "/proc/$1/stat"
}

# login PORT; exports SESSION and CENTER (a new model center) for addmodel.lua.
login() {
  local api=http://127.0.0.1:$1/zstack/v1 pass
  pass=$(printf %s password | sha512sum | cut -d' ' -f1)
  SESSION=$(curl -s -X PUT -H "$JSON" "$api/accounts/login" \
    -d "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"$pass\"}}" | json_field '["inventory"]["uuid"]')
  CENTER=$(curl -s -X POST -H "$JSON" -H "Authorization: OAuth $SESSION" -H 'Prefer: wait=10' "$api/ai/model-centers" \
    -d '{"param":{"name":"bench","url":"http://127.0.0.1:1","managementIp":"127.0.0.1","managementPort":1}}' \
    | json_field '["inventory"]["uuid"]')
  export SESSION CENTER
}

# wrk_run PORT CLIENTS: one RESULT line.
wrk_run() {
  wrk -t2 -c"$2" -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/addmodel.lua" "http://127.0.0.1:$1" | grep '^RESULT'
}
acknowledged_of() { sed 's/.*acknowledged=\([0-9]*\).*/\1/' <<<"$1"; }

# A fresh database: its URL on stdout.
new_database() {
  local kind=$1 name=bench_$RANDOM$RANDOM
  case $kind in
    sqlite) echo "sqlite://$WORK/$name.db" ;;
    postgresql)
      psql -q "$ZSTACK_TEST_POSTGRESQL_URL" -c "CREATE DATABASE $name" >/dev/null
      echo "${ZSTACK_TEST_POSTGRESQL_URL%/*}/$name" ;;
    mariadb)
      mysql_cli -e "CREATE DATABASE $name CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
      echo "${ZSTACK_TEST_MYSQL_URL%/*}/$name" ;;
  esac
}

mysql_cli() {  # the MariaDB client on the test server
  local rest=${ZSTACK_TEST_MYSQL_URL#mysql://zstack:zstack@127.0.0.1:}
  mariadb --no-defaults -h 127.0.0.1 -P "${rest%%/*}" -u zstack -pzstack "$@"
}

# count_models KIND URL: how many bench models the database holds.
count_models() {
  local query="SELECT COUNT(*) FROM ModelVO WHERE name LIKE 'bench-%'"
  case $1 in
    sqlite) sqlite3 "${2#sqlite://}" "$query" ;;
    postgresql) psql -tA "$2" -c "$query" ;;
    mariadb) mysql_cli -N -e "$query" "${2##*/}" ;;
  esac
}

describe() {
  case $1 in
    sqlite) echo "SQLite (WAL, synchronous=$SYNCHRONOUS)" ;;
    postgresql) psql -tA "$ZSTACK_TEST_POSTGRESQL_URL" -c "SHOW server_version" | sed 's/^/PostgreSQL /; s/ (.*//' ;;
    mariadb) echo "MariaDB $(mysql_cli -N -e 'SELECT VERSION()' | sed 's/-.*//')" ;;
  esac
}

single_host() {
  local kind=$1 url acknowledged=0 line stored
  url=$(new_database "$kind")
  echo "AddModel over HTTP, Prefer: wait, ${SECONDS_PER_RUN}s per run, $(describe "$kind")"
  start_host "$kind" 18080 "$url"
  login 18080
  for clients in 8 32; do
    line=$(wrk_run 18080 "$clients")
    echo "  clients=$clients ${line#RESULT }"
    acknowledged=$((acknowledged + $(acknowledged_of "$line")))
  done
  echo "  host peak memory: $(peak_memory "${HOST_PIDS[0]}"), host CPU per AddModel: $(cpu_per_request "${HOST_PIDS[0]}" "$acknowledged")"
  stop_hosts
  stored=$(count_models "$kind" "$url")
  echo "  acknowledged=$acknowledged stored=$stored $([ "$stored" -ge "$acknowledged" ] && echo OK || echo LOST)"
  echo "  the database's own limit: the same rows per AddModel, through SOCI, no HTTP"
  "$PREFIX/bin/zstack-bench-db" "$(new_database "$kind")" "$PREFIX/share/zstack/sql" "$SECONDS_PER_RUN" "$SYNCHRONOUS"
}

# QueryModel latency on a host whose database holds QUERY_MODELS models.
query_single_host() {
  local kind=$1 url
  url=$(new_database "$kind")
  echo "QueryModel over HTTP, one keep-alive client, $QUERY_MODELS models, $(describe "$kind")"
  start_host "query-$kind" 18080 "$url"
  ZSTACK_ADMIN_PASSWORD=password "$PREFIX/bin/zstack-bench-query" "$url" 18080 "$QUERY_MODELS"
  stop_hosts
}

# What hostile clients cost the others, on a host of its own; with HOSTILE_BASE=<prefix> (an
# install or a build tree of older code) the same against that host, right after.
hostile_single_host() {
  local kind=$1 url host
  for host in "$PREFIX" ${HOSTILE_BASE:+"$HOSTILE_BASE"}; do
    url=$(new_database "$kind")
    echo "Hostile clients, $(describe "$kind"), host $host"
    start_host "hostile-$kind" 18080 "$url" "$host"
    ZSTACK_ADMIN_PASSWORD=password "$PREFIX/bin/zstack-bench-hostile" "$url" 18080 "${HOST_PIDS[0]}" "$SECONDS_PER_RUN"
    stop_hosts
  done
}

# Two hosts on one PostgreSQL database, each driven by its own wrk with half the clients.
two_hosts() {
  local url acknowledged=0 a b total
  url=$(new_database postgresql)
  echo "Two hosts on one database, AddModel, Prefer: wait, ${SECONDS_PER_RUN}s per run, $(describe postgresql)"
  start_host node-a 18080 "$url"
  start_host node-b 18081 "$url"
  login 18080
  for clients in 8 32; do
    wrk_run 18080 $((clients / 2)) >"$WORK/a.out" &
    local wrk_a=$!
    wrk_run 18081 $((clients / 2)) >"$WORK/b.out"
    wait "$wrk_a"
    a=$(cat "$WORK/a.out"); b=$(cat "$WORK/b.out")
    total=$(( $(sed 's/.*requests_per_s=\([0-9]*\).*/\1/' <<<"$a") + $(sed 's/.*requests_per_s=\([0-9]*\).*/\1/' <<<"$b") ))
    echo "  clients=$clients total_requests_per_s=$total"
    echo "    node-a ${a#RESULT }"
    echo "    node-b ${b#RESULT }"
    acknowledged=$((acknowledged + $(acknowledged_of "$a") + $(acknowledged_of "$b")))
  done
  echo "  peak memory: node-a $(peak_memory "${HOST_PIDS[0]}"), node-b $(peak_memory "${HOST_PIDS[1]}")"
  stop_hosts
  local stored
  stored=$(count_models postgresql "$url")
  echo "  acknowledged=$acknowledged stored=$stored $([ "$stored" -ge "$acknowledged" ] && echo OK || echo LOST)"
}

if [[ " $DATABASES " =~ \ (postgresql|mariadb|cluster)\  ]]; then
  "$SERVERS" start "$WORK/servers" >/dev/null
  set -a; . "$WORK/servers/servers.env"; set +a
fi
for kind in $DATABASES; do
  case $kind in
    sqlite|postgresql|mariadb)
      if [[ " $BENCHES " == *" addmodel "* ]]; then single_host "$kind"; fi
      if [[ " $BENCHES " == *" query "* ]]; then query_single_host "$kind"; fi
      if [[ " $BENCHES " == *" hostile "* ]]; then hostile_single_host "$kind"; fi ;;
    cluster) if [[ " $BENCHES " == *" addmodel "* ]]; then two_hosts; fi ;;
    *) echo "unknown database $kind (sqlite, postgresql, mariadb, cluster)" >&2; exit 2 ;;
  esac
done

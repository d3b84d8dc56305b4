#!/usr/bin/env bash
# AddModel benchmark: the installed host on a fresh SQLite database, driven by wrk with
# Prefer: wait (each answer is the final, committed result) at 8 and 32 keep-alive clients,
# then the database's own limit for the same rows (the same transactions through SOCI, no
# HTTP). Prints requests/s, p50, p99 and errors, and checks every acknowledged model is in
# the database.  Usage: [SYNCHRONOUS=NORMAL] tests/bench/bench.sh PREFIX [SECONDS]
set -euo pipefail
PREFIX=$(cd "$1" && pwd)
SECONDS_PER_RUN=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PORT=${PORT:-18080}
SYNCHRONOUS=${SYNCHRONOUS:-FULL}
HOST_PID=
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

sed "s|^  database:.*|  database: sqlite://$WORK/zstack.db\n  sqlite: {synchronous: $SYNCHRONOUS}|; s|^  listen:.*|  listen: 127.0.0.1:$PORT|" \
  "$PREFIX/etc/zstack/plugin.yaml" > "$PREFIX/etc/zstack/bench.yaml"
ZSTACK_ADMIN_PASSWORD=password "$PREFIX/bin/zstack-mn" --config "$PREFIX/etc/zstack/bench.yaml" 2>"$WORK/host.log" &
HOST_PID=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

API=http://127.0.0.1:$PORT/zstack/v1
JSON='Content-Type: application/json;charset=UTF-8'
PASS=$(printf %s password | sha512sum | cut -d' ' -f1)
export SESSION=$(curl -s -X PUT -H "$JSON" "$API/accounts/login" \
  -d "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"$PASS\"}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["inventory"]["uuid"])')
export CENTER=$(curl -s -X POST -H "$JSON" -H "Authorization: OAuth $SESSION" -H 'Prefer: wait=10' "$API/ai/model-centers" \
  -d '{"param":{"name":"bench","url":"http://127.0.0.1:1","managementIp":"127.0.0.1","managementPort":1}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["inventory"]["uuid"])')

acknowledged=0
echo "AddModel over HTTP, Prefer: wait, ${SECONDS_PER_RUN}s per run, SQLite (WAL, synchronous=$SYNCHRONOUS)"
for clients in 8 32; do
  line=$(wrk -t2 -c"$clients" -d"${SECONDS_PER_RUN}s" --latency -s "$HERE/addmodel.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
  echo "  clients=$clients ${line#RESULT }"
  acknowledged=$((acknowledged + $(sed 's/.*acknowledged=\([0-9]*\).*/\1/' <<<"$line")))
done
echo "  host peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$HOST_PID/status)"
kill "$HOST_PID"; wait "$HOST_PID" || true; HOST_PID=
stored=$(sqlite3 "$WORK/zstack.db" "SELECT COUNT(*) FROM ModelVO WHERE name LIKE 'bench-%'")
echo "  acknowledged=$acknowledged stored=$stored $([ "$stored" -ge "$acknowledged" ] && echo OK || echo LOST)"

echo "The database's own limit: the same rows per AddModel, through SOCI, no HTTP"
"$PREFIX/bin/zstack-bench-db" "$WORK/limit.db" "$PREFIX/share/zstack/sql" "$SECONDS_PER_RUN" "$SYNCHRONOUS"

#!/usr/bin/env bash
# Private PostgreSQL and MariaDB servers for the tests, on loopback, in one folder.
#
#   tests/db/servers.sh start DIR   initializes and starts both servers and writes
#                                   DIR/servers.env (ZSTACK_TEST_POSTGRESQL_URL=...,
#                                   ZSTACK_TEST_MYSQL_URL=...): URLs of an account that may
#                                   create and drop databases. Their data lives in a fresh
#                                   folder under /tmp (the servers' accounts may not reach DIR),
#                                   linked as DIR/data.
#   tests/db/servers.sh stop DIR    stops both and removes their data and DIR
#
# ctest runs these as the `database_servers_*` fixture around the tests that need them; the
# servers come from Debian's postgresql and mariadb-server packages (build.sh installs them).
# Run as root, the servers run as the packages' postgres and mysql accounts.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

# Runs a server command as the account owning the server's files (root may not run either).
as_owner() {  # as_owner ACCOUNT COMMAND...
  local account=$1; shift
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$account" -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
EOF
}

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n "$bin" ]] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$bin"
}

start_postgresql() {
  local bin data port
  bin=$(pg_bin)
  data=$store/postgresql
  mkdir -p "$data"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
  as_owner postgres "$bin/initdb" -D "$data/data" -U zstack -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
  port=$(free_port)
  # fsync stays on, as in production. The tests kill hosts, not this server, so it guards only
  # against a machine crash; it costs under a millisecond a commit here.
  as_owner postgres "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=400" start >/dev/null ||
    { cat "$data/server.log" >&2; exit 1; }
  echo "ZSTACK_TEST_POSTGRESQL_URL=postgresql://zstack@127.0.0.1:$port/postgres" >>"$dir/servers.env"
}

start_mariadb() {
  local data port
  command -v mariadbd >/dev/null || { echo "MariaDB is not installed (apt-get install mariadb-server)" >&2; exit 1; }
  data=$store/mariadb
  mkdir -p "$data"
  [[ $(id -u) -eq 0 ]] && chown mysql: "$data"
  as_owner mysql mariadb-install-db --no-defaults --datadir="$data/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$data/install.log" 2>&1 || { cat "$data/install.log" >&2; exit 1; }
  port=$(free_port)
  as_owner mysql mariadbd --no-defaults --datadir="$data/data" --socket="$data/mysqld.sock" \
    --pid-file="$data/mysqld.pid" --log-error="$data/server.log" --bind-address=127.0.0.1 --port="$port" \
    --max-connections=400 --innodb-buffer-pool-size=256M --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults -S "$data/mysqld.sock" -u root ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  mariadb --no-defaults -S "$data/mysqld.sock" -u root -e \
    "CREATE USER 'zstack'@'127.0.0.1' IDENTIFIED BY 'zstack'; GRANT ALL ON *.* TO 'zstack'@'127.0.0.1' WITH GRANT OPTION;
     CREATE DATABASE zstack;" ||
    { cat "$data/server.log" >&2; exit 1; }
  echo "ZSTACK_TEST_MYSQL_URL=mysql://zstack:zstack@127.0.0.1:$port/zstack" >>"$dir/servers.env"
}

stop_servers() {
  local store
  store=$(readlink "$dir/data" 2>/dev/null) || return 0
  if [[ -d "$store/postgresql/data" ]]; then
    as_owner postgres "$(pg_bin)/pg_ctl" -D "$store/postgresql/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -f "$store/mariadb/mysqld.pid" ]]; then
    local pid
    pid=$(cat "$store/mariadb/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$store" "$dir"
}

case "$command" in
  start)
    stop_servers  # what a previous run left behind
    mkdir -p "$dir"
    store=$(mktemp -d /tmp/zstack-test-db.XXXXXX)
    chmod 755 "$store"
    ln -s "$store" "$dir/data"
    : >"$dir/servers.env"
    start_postgresql
    start_mariadb
    cat "$dir/servers.env"
    ;;
  stop) stop_servers ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

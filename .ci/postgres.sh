#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (CI runs it; a developer can too):
#
#   .ci/postgres.sh start   # initdb into a temporary folder, start on 127.0.0.1:$PORT, create the test database
#   .ci/postgres.sh url     # the URL to export as NEWSPRISM_TEST_PG
#   .ci/postgres.sh stop    # stop it and delete its folder
#
# Trust authentication on loopback only; a fixed, non-default port (NEWSPRISM_PG_PORT, 54329) so as not
# to clash with a server already on 5432.  A server or folder a killed run left behind is replaced.
# The server binaries come from /usr/lib/postgresql/*/bin; when there are none and we are root, apt
# installs them.  PostgreSQL refuses to run as root: as root the server runs as the `postgres` user.
set -euo pipefail

PORT=${NEWSPRISM_PG_PORT:-54329}
DIR=${NEWSPRISM_PG_DIR:-/tmp/newsprism-pg-$PORT}
DB=newsprism_test
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ] && [ "$(id -u)" = 0 ]; then
        echo "postgres.sh: installing postgresql with apt" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
        echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "$bin"
}

# Run a command as the user that owns the server: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop() {
    local bin=$1
    if [ -f "$DIR/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 \
            || as_owner "$bin/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

start() {
    local bin=$1
    stop "$bin"  # whatever an earlier, killed run left there
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && { as_owner true; chown postgres: "$DIR"; }
    as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    # The socket goes into $DIR too: /var/run/postgresql may not exist or be writable.
    as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
        || { cat "$DIR/server.log" >&2; exit 1; }
    for _ in $(seq 60); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
        sleep 0.5
    done
    "$bin/pg_isready" -h 127.0.0.1 -p "$PORT" >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
    echo "PostgreSQL on 127.0.0.1:$PORT ($DIR): export NEWSPRISM_TEST_PG=$URL" >&2
}

case "${1:-}" in
    start) start "$(pg_bin)" ;;
    stop) if [ -e "$DIR" ]; then stop "$(pg_bin)"; fi ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac

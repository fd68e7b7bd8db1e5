#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: Debian's postgresql (installed when
# missing), run as the `postgres` user (initdb refuses root) on a local port, data in a temporary
# folder. Prints the DATABASE_URL of an empty database `quicktakes`.
#   scripts/postgres.sh start [PORT]   (default 54329)
#   scripts/postgres.sh stop  [PORT]
#   scripts/postgres.sh down|up [PORT]   stop or start the server, keeping its data (outage tests)
# PG_SHARED_BUFFERS (default 256MB) and PG_HUGE_PAGES (default try) size its memory: benchmarks at
# 1,000,000 questions compare server settings with them (docs/postgresql.md, Sizing the server).
set -euo pipefail
PORT="${2:-54329}"
DIR="/tmp/quicktakes-pg-$PORT"
SETTINGS="-c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=${PG_SHARED_BUFFERS:-256MB} -c huge_pages=${PG_HUGE_PAGES:-try}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [ -z "$BIN" ]; then
      echo "postgres.sh: installing Debian's postgresql" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
      BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    if [ -f "$DIR/data/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR" && mkdir -p "$DIR" && chmod 700 "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    as_postgres "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-p $PORT -k $DIR $SETTINGS" start >/dev/null
    as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE quicktakes" >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/quicktakes"
    ;;
  stop)
    if [ -n "$BIN" ] && [ -d "$DIR/data" ]; then as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    ;;
  down)
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
  up)
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-p $PORT -k $DIR $SETTINGS" start >/dev/null
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|down|up [PORT]" >&2
    exit 2
    ;;
esac

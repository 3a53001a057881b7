#!/usr/bin/env bash
# Sourced by .ci/run: makes a real PostgreSQL server available to the tests and exports LOYALTY_POSTGRES.
# Installs Debian's postgresql package when the machine lacks it, creates a throw-away cluster in a temporary
# folder (initdb as the 'postgres' user, never as root), starts it on 127.0.0.1 and stops it when the script exits.
# A LOYALTY_POSTGRES already set (a developer's own server) is used as it is.

postgres_start() {
  if [ -n "${LOYALTY_POSTGRES:-}" ]; then
    echo "using the PostgreSQL server in LOYALTY_POSTGRES"
    return 0
  fi

  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || { echo "error: could not install postgresql" >&2; return 1; }
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi

  PG_DIR=$(mktemp -d /tmp/loyalty-pg.XXXXXX)
  local port=${LOYALTY_POSTGRES_PORT:-54329}
  local as=()
  if [ "$(id -u)" = "0" ]; then
    chown postgres:postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi

  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=on -c max_connections=200" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data")
  export LOYALTY_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100"
  echo "started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ]; then
    "${PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

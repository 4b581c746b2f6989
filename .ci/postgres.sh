# Sourced by .ci/run: a throwaway PostgreSQL server for the test suite, stopped on exit whatever happens.
# Sets CENTINELA_TEST_DATABASE_URL to an admin URL; the tests create one database per test from it.
# Tests run with fsync off (-F); PG_DURABLE=1 keeps PostgreSQL's default fsync, for benchmarks.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_install() {
  if [ -z "$(pg_bin)" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

pg_start() {
  local bin port nofsync
  bin=$(pg_bin)
  PGTMP=$(mktemp -d /tmp/centinela-pg.XXXXXX)
  chown postgres "$PGTMP"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  su postgres -s /bin/sh -c "$bin/initdb -D $PGTMP/data -A trust -U postgres --no-sync >/dev/null"
  nofsync=$([ -n "${PG_DURABLE:-}" ] || echo "-F")
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGTMP/data -l $PGTMP/log -w -o '-h 127.0.0.1 -p $port -k $PGTMP $nofsync' start >/dev/null"
  export CENTINELA_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  trap pg_stop EXIT
  echo "PostgreSQL $($bin/postgres --version | awk '{print $3}') on 127.0.0.1:$port"
}

pg_stop() {
  [ -n "${PGTMP:-}" ] || return 0
  su postgres -s /bin/sh -c "$(pg_bin)/pg_ctl -D $PGTMP/data -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PGTMP"
}

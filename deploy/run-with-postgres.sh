#!/usr/bin/env bash
# Trial: the control plane on a real PostgreSQL on this machine. Initialises a PostgreSQL cluster in
# .berth/pg (as user postgres, port 54329) and runs the control plane against it in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "install PostgreSQL first: apt-get install -y postgresql" >&2; exit 1; }
dir=$(pwd)/.berth/pg; port=${PGPORT:-54329}
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir" && chown postgres "$dir"
  runuser -u postgres -- "$pgbin/initdb" -D "$dir" -A trust -U postgres >/dev/null
fi
runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" -w start >/dev/null
trap 'runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir" -m fast stop >/dev/null' EXIT
env DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" ./bin/control-plane "$@"

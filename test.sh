#!/usr/bin/env bash
# Runs every Rounds test on a fresh machine that has only the .NET SDK:
# installs Chromium, PostgreSQL, Redis, opencv-data and GTK 3 from Debian when missing, starts a throwaway PostgreSQL and a
# throwaway Redis on 127.0.0.1 in temporary folders, runs the integration suite on SQLite and on PostgreSQL,
# the two-node cluster tests (PostgreSQL + Redis), then the browser tests, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/debian.sh
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
need_face_detection
install_missing

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/rounds-pg.XXXXXX)
pgport=${ROUNDS_TEST_PG_PORT:-$(( 54000 + RANDOM % 1000 ))}
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pgdir"
  pg() { runuser -u postgres -- "$@"; }
else
  pg() { "$@"; }
fi

redisdir=$(mktemp -d /tmp/rounds-redis.XXXXXX)
# A random port that nothing answers on yet.
redisport=$(( 56000 + RANDOM % 1000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$redisport") 2>/dev/null; do redisport=$(( 56000 + RANDOM % 1000 )); done

stop_services() {
  pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
  if [ -s "$redisdir/redis.pid" ]; then kill "$(cat "$redisdir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$redisdir"
}
trap stop_services EXIT

pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"

redis-server --save "" --appendonly no --daemonize yes --bind 127.0.0.1 --port "$redisport" --dir "$redisdir" \
  --pidfile "$redisdir/redis.pid" --logfile "$redisdir/log" >/dev/null
for _ in $(seq 50); do
  [ "$(redis-cli -h 127.0.0.1 -p "$redisport" ping 2>/dev/null)" = PONG ] && break
  sleep 0.1
done
echo "Redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -d= -f2) on 127.0.0.1:$redisport"

dotnet build Rounds.slnx -c Release -nologo -v quiet

passed=0; failed=0; status=0
run() {
  local name=$1; shift
  echo "== $name"
  local log; log=$(mktemp)
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || status=1
  local p f
  p=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  f=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  rm -f "$log"
}

run "privacy guard (unit tests and the labelled evaluation)" \
  dotnet test tests/Rounds.Privacy.Tests -c Release --no-build --nologo
run "integration tests on SQLite" env ROUNDS_TEST_DB=Sqlite \
  dotnet test tests/Rounds.Tests -c Release --no-build --nologo
run "integration tests on PostgreSQL" env ROUNDS_TEST_DB=Postgres ROUNDS_TEST_PG="Host=127.0.0.1;Port=$pgport;Username=postgres" \
  dotnet test tests/Rounds.Tests -c Release --no-build --nologo
run "two-node cluster tests (PostgreSQL + Redis)" env ROUNDS_TEST_PG="Host=127.0.0.1;Port=$pgport;Username=postgres" ROUNDS_TEST_REDIS="127.0.0.1:$redisport" \
  dotnet test tests/Rounds.ClusterTests -c Release --no-build --nologo
run "browser tests (Chromium)" env ROUNDS_TEST_DB=Sqlite \
  dotnet test tests/Rounds.BrowserTests -c Release --no-build --nologo

echo "$passed passed, $failed failed"
exit $status

#!/usr/bin/env bash
# Measures what docs/performance.md reports: list pages and API lists with
# 10,000 AI systems under 20 concurrent clients against a real `aims serve`,
# on SQLite and on PostgreSQL; start-up time, binary size, idle memory.
# Needs PostgreSQL's server binaries (apt-get install postgresql). Prints
# Markdown. Run from the repository root: tools/load/measure.sh
set -euo pipefail
work=$(mktemp -d)
chmod 755 "$work" # the postgres user must reach its data folder
trap 'kill $(jobs -p) 2>/dev/null || true; stop_pg; rm -rf "$work"' EXIT
N=${N:-10000}
REQ=${REQ:-1000}
RISKS=${RISKS:-0} # e.g. RISKS=50000 N=100 PATHS="/risks /risks/heat-map" for the risk register
ENGINES=${ENGINES:-"sqlite postgres"} # which engines' load runs to measure
go build -o "$work/aims" ./cmd/aims
go build -o "$work/load" ./tools/load
paths=(
  "/healthz"
  "/ai-systems"
  "/ai-systems?lifecycle=operation-monitoring&sort=next_review&desc=1"
  "/ai-systems?q=system+00"
  "/ai-systems?q=00"
  "/ai-systems?q=system+04217"
  "/ai-systems?q=scoring"
  "/ai-systems?offset=5000"
  "/ai-systems?offset=9950"
  "/api/v1/ai-systems"
  "/api/v1/ai-systems?q=system+00"
  "/api/v1/ai-systems?risk_class=limited&limit=100"
  "/api/v1/ai-systems?q=assistant&limit=20"
  "/"
  "/gap"
)
if [ -n "${PATHS:-}" ]; then read -r -a paths <<<"$PATHS"; fi
# The seed and the server must seal the audit chain with the same key.
AIMS_AUDIT_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export AIMS_AUDIT_KEY

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_started=""
start_pg() {
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
  as_postgres "$bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  as_postgres "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-k $work/pg -p 54330 -c listen_addresses=''" start >/dev/null
  pg_started=$bin
}
stop_pg() { [ -n "$pg_started" ] && as_postgres "$pg_started/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true; }

measure() { # name, storage flags...
  local name=$1; shift
  echo "### $name"
  echo
  "$work/load" seed "$@" --systems "$N" --risks "$RISKS" | sed 's/^/Seed: /'
  # What autovacuum does soon after a bulk load: statistics, and the
  # visibility map that index-only scans need.
  if [ "$1" = --database ]; then psql -q "$2" -c 'VACUUM ANALYZE' >/dev/null; fi
  echo
  rm -f "$work/session"
  "$work/aims" serve "$@" --addr 127.0.0.1:18080 >"$work/serve.out" 2>>"$work/serve.log" &
  local pid=$!
  for _ in $(seq 50); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.1; done
  for mode in closed think; do
    if [ $mode = closed ]; then
      echo "20 clients, closed loop (each sends its next request as soon as the last is answered), $REQ requests per row:"
      think=0
    else
      echo "20 users with 250 ms between requests (about 80 requests a second in all), $REQ requests per row:"
      think=250ms
    fi
    echo
    echo "| request | client p50 ms | client p95 ms | client p99 ms | req/s | server p50 ms | server p95 ms | SQL queries |"
    echo "|---|---|---|---|---|---|---|---|"
    for p in "${paths[@]}"; do
      : >"$work/serve.log"
      row=$("$work/load" run --url http://127.0.0.1:18080 --session "$work/session" --clients 20 --requests "$REQ" --think $think --paths "$p" | tail -n 1)
      srv=$("$work/load" logstats "$work/serve.log" | grep ' `GET ' | grep -v '/signin' | head -n 1)
      IFS='|' read -r _ _ _ errs p50 p95 p99 _ rps _ <<<"$row"
      IFS='|' read -r _ _ _ s50 s95 _ q _ <<<"$srv"
      [ "$(echo $errs)" = 0 ] || { echo "errors: $row" >&2; exit 1; }
      echo "| \`$p\` |$p50|$p95|$p99|$rps|$s50|$s95|$q|"
    done
    echo
  done
  kill $pid; wait $pid 2>/dev/null || true
}

echo "## Load runs ($(nproc) cores, $(date -u +%F))"
echo
[[ " $ENGINES " == *" sqlite "* ]] && measure "SQLite" --data "$work/sqlite"
start_pg
[[ " $ENGINES " == *" postgres "* ]] && measure "PostgreSQL $(basename $(dirname "$pg_started"))" --database "host=$work/pg port=54330 user=postgres dbname=postgres sslmode=disable"

echo "## Start-up, size, memory"
echo
size=$(stat -c %s "$work/aims")
echo "- Binary: $((size / 1024 / 1024)) MiB ($size bytes), \`go build\` without flags."
for db in $ENGINES; do
  flags=(--data "$work/sqlite"); [ $db = postgres ] && flags=(--database "host=$work/pg port=54330 user=postgres dbname=postgres sslmode=disable")
  best=999999
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$work/aims" serve "${flags[@]}" --addr 127.0.0.1:18081 >/dev/null 2>&1 &
    pid=$!
    until curl -sf http://127.0.0.1:18081/healthz >/dev/null; do sleep 0.005; done
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 )); [ $ms -lt $best ] && best=$ms
    sleep 2
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    kill $pid; wait $pid 2>/dev/null || true
  done
  echo "- $db: start-up to the first answered /healthz (process start, migrations check, catalog, templates): best of 5 ${best} ms; idle memory (RSS, 2 s after start, $N AI systems in the database) $((rss / 1024)) MiB."
done

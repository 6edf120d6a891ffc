#!/usr/bin/env bash
# Webhook ingestion benchmark of the Switchboard distribution. Prints figures; asserts nothing.
#
#   bench/ingest/run.sh
#
# Fresh database, fresh unpack of the built tar.gz, `bin/switchboard start` on free ports (initial owner from the
# environment), an API key, an automation and a custom trigger made over REST; then IngestLoad.java posts distinct
# signed deliveries to the trigger's POST /webhooks/t/<path> at fixed concurrencies (closed loop), and after each
# such phase inserts the same rows straight over JDBC at the same concurrency; it checks the stored rows and prints
# webhooks/s, latency percentiles, inserts/s and their ratio. Afterwards it stops Karaf, drops the database and
# deletes the unpacked copy (also on Ctrl-C or kill). See bench/ingest/README.md.
#
# Environment (all optional):
#   SWITCHBOARD_DB_URL       only its host and port are used (default 127.0.0.1:5432)
#   SWITCHBOARD_DB_USER      default postgres;  SWITCHBOARD_DB_PASSWORD  default none
#   SWITCHBOARD_DIST         the tar.gz (default karaf-dist/target/switchboard-karaf-dist-<version>.tar.gz)
#   BENCH_HTTP_PORT          first HTTP port tried (default 18681)
#   BENCH_SSH_PORT           first SSH port tried (default 18601)
#   BENCH_CONCURRENCY        connections, comma-separated (default 16,64)
#   BENCH_SECONDS            seconds per phase (http, then direct) and concurrency (default 12)
#   BENCH_WARMUP_SECONDS     http warm-up, mostly for the engine's JIT (default 40)
#   BENCH_DIRECT_WARMUP_SECONDS  direct warm-up (default 5)
#   BENCH_PAUSE_SECONDS      pause after each phase (default 2)
#   BENCH_REQUEST_TIMEOUT    seconds before one delivery counts as unanswered (default 10)
#   BENCH_START_TIMEOUT      seconds to wait for health UP (default 120)
#   BENCH_LOAD_JAVA_OPTS     JVM options of the load generator (default -Xms128m -Xmx256m)
#   BENCH_HTTP_CLIENT        socket (default: a plain HTTP/1.1 client, lean on CPU) or jdk (java.net.http)
#   BENCH_JFR                a file: records the Karaf JVM with JFR (settings=profile) during the load, kept there
#   EXTRA_JAVA_OPTS          passed to the Karaf JVM (bin/setenv adds -Xms128M -Xmx512M unless it has -Xmx)
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/ingest"
. "$ROOT/bench/lib.sh"
VERSION=0.1.0-SNAPSHOT
DIST=${SWITCHBOARD_DIST:-$ROOT/karaf-dist/target/switchboard-karaf-dist-$VERSION.tar.gz}
FIRST_HTTP_PORT=${BENCH_HTTP_PORT:-18681}
FIRST_SSH_PORT=${BENCH_SSH_PORT:-18601}
CONCURRENCY=${BENCH_CONCURRENCY:-16,64}
SECONDS_PER_PHASE=${BENCH_SECONDS:-12}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-40}
DIRECT_WARMUP_SECONDS=${BENCH_DIRECT_WARMUP_SECONDS:-5}
PAUSE_SECONDS=${BENCH_PAUSE_SECONDS:-2}
REQUEST_TIMEOUT=${BENCH_REQUEST_TIMEOUT:-10}
START_TIMEOUT=${BENCH_START_TIMEOUT:-120}
LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--Xms128m -Xmx256m}
JFR_FILE=${BENCH_JFR:-}
HTTP_CLIENT=${BENCH_HTTP_CLIENT:-socket}

require_numbers "$SECONDS_PER_PHASE" "$WARMUP_SECONDS" "$DIRECT_WARMUP_SECONDS" "$PAUSE_SECONDS" "$REQUEST_TIMEOUT" "$START_TIMEOUT"
case "$CONCURRENCY" in ''|*[!0-9,]*) echo "BENCH_CONCURRENCY: comma-separated whole numbers" >&2; exit 2 ;; esac
case "$JFR_FILE" in ''|/*) ;; *) JFR_FILE="$PWD/$JFR_FILE" ;; esac

OWNER_EMAIL="bench-ingest-$$@example.com"
OWNER_PASSWORD="bench-ingest-$$-$(date +%s)-pw"

trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

api_post() {    # api_post <path> <json>: the answer's body, or fails unless 2xx
    local answer
    answer=$(curl -s -m 10 -w '\n%{http_code}' -H 'Content-Type: application/json' -H "Authorization: Bearer $API_KEY" \
        -d "$2" "$BASE$1") || return 1
    case "${answer##*$'\n'}" in 2??) printf '%s' "${answer%$'\n'*}" ;; *) echo "$1: ${answer##*$'\n'} ${answer%$'\n'*}" >&2; return 1 ;; esac
}
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -1; }      # json_field <name> < flat JSON

# --- preconditions ---------------------------------------------------------------------------------------
for file in "$DIST" "$HERE/IngestLoad.java"; do
    [ -f "$file" ] || { echo "missing $file: build first (cd $ROOT && mvn -B -q install -DskipTests)" >&2; exit 1; }
done
newer=$(find "$ROOT/bundles/triggers/target" "$ROOT/bundles/integrations/core/target" -maxdepth 1 -name '*.jar' \
    -newer "$DIST" 2>/dev/null | head -1)
[ -z "$newer" ] || echo "warning: $newer is newer than $DIST (rebuild features and karaf-dist to measure it)" >&2
psql_admin -c "SELECT 1" >/dev/null || { echo "PostgreSQL at $DB_HOST:$DB_PORT (user $DB_USER) is not reachable" >&2; exit 1; }
HTTP_PORT=$(pick_port "$FIRST_HTTP_PORT") || { echo "no free HTTP port from $FIRST_HTTP_PORT" >&2; exit 1; }
SSH_PORT=$(pick_port "$FIRST_SSH_PORT") || { echo "no free SSH port from $FIRST_SSH_PORT" >&2; exit 1; }

print_context "Switchboard webhook ingestion benchmark" "$DIST"
echo "  database      $DB_HOST:$DB_PORT as $DB_USER (synchronous_commit $(psql_admin -c 'SHOW synchronous_commit'))"

# --- start, automation, trigger --------------------------------------------------------------------------
start_distribution "$DIST" ingest "$HTTP_PORT" "$SSH_PORT" "$START_TIMEOUT"
# the identity resources may still be registering right after health turned UP
wait_until 60 0.25 login || fail "owner login failed for 60s"
create_api_key bench-ingest || fail "could not create an API key"

automation=$(api_post /api/v1/automations '{"name":"bench-ingest"}') || fail "could not create the automation"
AUTOMATION_ID=$(json_field id <<<"$automation")
trigger=$(api_post /api/v1/triggers "{\"automationId\":\"$AUTOMATION_ID\",\"source\":\"custom\"}") \
    || fail "could not create the trigger"
TRIGGER_ID=$(json_field id <<<"$trigger")
WEBHOOK_PATH=$(json_field webhookUrl <<<"$trigger" | sed -n 's|^.*\(/webhooks/t/[^/]*\)$|\1|p')
BENCH_WEBHOOK_SECRET=$(json_field secret <<<"$trigger")
export BENCH_WEBHOOK_SECRET
ORG_ID=$(psql_bench -c "SELECT organization_id FROM triggers WHERE id = '$TRIGGER_ID'") || fail "no trigger row"
[ -n "$AUTOMATION_ID" ] && [ -n "$WEBHOOK_PATH" ] && [ -n "$BENCH_WEBHOOK_SECRET" ] && [ -n "$ORG_ID" ] \
    || fail "unexpected answers: automation $AUTOMATION_ID, trigger $TRIGGER_ID, path '$WEBHOOK_PATH', org '$ORG_ID'"
echo "  trigger       custom $TRIGGER_ID at $WEBHOOK_PATH (automation $AUTOMATION_ID, organization $ORG_ID)"

PG_JAR=$(find "$HOME_DIR/system/org/postgresql/postgresql" -name 'postgresql-*.jar' | sort | tail -1)
[ -n "$PG_JAR" ] || fail "no PostgreSQL driver in the distribution's system/ repository"
POOL=$(sed -n 's/^hikari.maximumPoolSize *= *//p' "$HOME_DIR/etc/org.ops4j.datasource-switchboard.cfg")
echo "  engine        Hikari pool of ${POOL:-?} connections; direct baseline: one JDBC connection per thread ($(basename "$PG_JAR"))"

if [ -n "$JFR_FILE" ]; then
    jcmd "$PID" JFR.start name=bench-ingest settings=profile >/dev/null || fail "could not start JFR in $PID"
    echo "  profiling     JFR (settings=profile) on the Karaf JVM during the load -> $JFR_FILE"
fi
echo "  load average  $(cut -d' ' -f1-3 /proc/loadavg) before the load"
echo

# --- load --------------------------------------------------------------------------------------------------
levels=$(( $(printf %s "$CONCURRENCY" | tr -cd , | wc -c) + 1 ))
budget=$(( WARMUP_SECONDS + DIRECT_WARMUP_SECONDS + levels * (2 * SECONDS_PER_PHASE + 2 * PAUSE_SECONDS + 2 * REQUEST_TIMEOUT) + 90 ))
# shellcheck disable=SC2086
run_in_background "$budget" java $LOAD_JAVA_OPTS -cp "$PG_JAR" "$HERE/IngestLoad.java" \
    --url "$BASE$WEBHOOK_PATH" --jdbc "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" --db-user "$DB_USER" \
    --org "$ORG_ID" --trigger "$TRIGGER_ID" --automation "$AUTOMATION_ID" --concurrency "$CONCURRENCY" \
    --seconds "$SECONDS_PER_PHASE" --warmup-seconds "$WARMUP_SECONDS" \
    --direct-warmup-seconds "$DIRECT_WARMUP_SECONDS" --pause "$PAUSE_SECONDS" \
    --timeout "$REQUEST_TIMEOUT" --server-pid "${PID:-0}" --clk-tck "$(getconf CLK_TCK)" --http-client "$HTTP_CLIENT"
load_status=$?
echo
echo "  load average  $(cut -d' ' -f1-3 /proc/loadavg) at the end;  Karaf RSS $(karaf_rss_mib || echo n/a) MiB"
case "$load_status" in
    0) ;;
    3) echo "the stored rows do not match the accepted deliveries (see above)" >&2 ;;
    *) echo "load generator exited with $load_status" >&2 ;;
esac
if [ -n "$JFR_FILE" ]; then
    jcmd "$PID" JFR.stop name=bench-ingest filename="$JFR_FILE" >/dev/null && echo "  JFR recording $JFR_FILE" \
        || echo "could not write the JFR recording" >&2
fi
exit "$load_status"

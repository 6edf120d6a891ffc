#!/usr/bin/env bash
# Action invocation benchmark of the Switchboard distribution. Prints figures; asserts nothing.
#
#   bench/actions/run.sh
#
# Fresh database, fresh unpack of the built tar.gz, `bin/switchboard start` on free ports (initial owner from
# the environment), the echo example plugin deployed, then BENCH_SESSIONS sessions with session tokens
# inserted straight into PostgreSQL (harness shortcut, see README.md), then ActionLoad.java drives
#   POST /api/v1/sessions/{id}/actions/invoke  {"integration":"echo","action":"echo","params":{"message":"hi"}}
# at fixed offered rates (open loop) round-robin over the sessions and prints throughput and latency
# percentiles per rate. Afterwards it stops Karaf, drops the database and deletes the unpacked copy (also on
# Ctrl-C or kill). See bench/actions/README.md.
#
# Environment (all optional):
#   SWITCHBOARD_DB_URL       only its host and port are used (default 127.0.0.1:5432)
#   SWITCHBOARD_DB_USER      default postgres;  SWITCHBOARD_DB_PASSWORD  default none
#   SWITCHBOARD_DIST         the tar.gz (default karaf-dist/target/switchboard-karaf-dist-<version>.tar.gz)
#   SWITCHBOARD_ECHO_JAR     the plugin jar (default bundles/examples/echo-actions/target/...jar)
#   BENCH_HTTP_PORT          first HTTP port tried (default 18481)
#   BENCH_SSH_PORT           first SSH port tried (default 18401)
#   BENCH_SESSIONS           sessions (and tokens) to create (default 1000; >= the highest rate keeps every
#                            session under 60 invocations per calendar minute)
#   BENCH_RATES              offered rates in invocations/s, comma-separated (default 100,250,400,500,600,750)
#   BENCH_STEP_SECONDS       seconds per rate (default 15)
#   BENCH_WARMUP_RATE        warm-up rate (default 100);  BENCH_WARMUP_SECONDS  (default 20)
#   BENCH_PAUSE_SECONDS      pause between steps (default 3)
#   BENCH_REQUEST_TIMEOUT    seconds before one request counts as failed (default 5)
#   BENCH_START_TIMEOUT      seconds to wait for health UP (default 120)
#   BENCH_PLUGIN_TIMEOUT     seconds to wait for the echo plugin to be active (default 60)
#   BENCH_LOAD_JAVA_OPTS     JVM options of the load generator (default -Xms128m -Xmx256m)
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/actions"
VERSION=0.1.0-SNAPSHOT
DIST=${SWITCHBOARD_DIST:-$ROOT/karaf-dist/target/switchboard-karaf-dist-$VERSION.tar.gz}
ECHO_JAR=${SWITCHBOARD_ECHO_JAR:-$ROOT/bundles/examples/echo-actions/target/switchboard-example-echo-actions-$VERSION.jar}
FIRST_HTTP_PORT=${BENCH_HTTP_PORT:-18481}
FIRST_SSH_PORT=${BENCH_SSH_PORT:-18401}
SESSIONS=${BENCH_SESSIONS:-1000}
RATES=${BENCH_RATES:-100,250,400,500,600,750}
STEP_SECONDS=${BENCH_STEP_SECONDS:-15}
WARMUP_RATE=${BENCH_WARMUP_RATE:-100}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
PAUSE_SECONDS=${BENCH_PAUSE_SECONDS:-3}
REQUEST_TIMEOUT=${BENCH_REQUEST_TIMEOUT:-5}
START_TIMEOUT=${BENCH_START_TIMEOUT:-120}
PLUGIN_TIMEOUT=${BENCH_PLUGIN_TIMEOUT:-60}
LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--Xms128m -Xmx256m}
STOP_TIMEOUT=30

for value in "$SESSIONS" "$STEP_SECONDS" "$WARMUP_RATE" "$WARMUP_SECONDS" "$PAUSE_SECONDS" "$REQUEST_TIMEOUT"; do
    case "$value" in ''|*[!0-9]*) echo "numeric settings only (got '$value')" >&2; exit 2 ;; esac
done
case "$RATES" in ''|*[!0-9,]*) echo "BENCH_RATES: comma-separated whole numbers" >&2; exit 2 ;; esac
[ "$SESSIONS" -ge 1 ] && [ "$SESSIONS" -le 100000 ] || { echo "BENCH_SESSIONS: 1..100000" >&2; exit 2; }

# ports other test suites and benchmarks use; never picked
RESERVED_PORTS=" 8181 8101 18181 18101 "

OWNER_EMAIL="bench-actions-$$@example.com"
OWNER_PASSWORD="bench-actions-$$-$(date +%s)-pw"

# --- database server (host and port of SWITCHBOARD_DB_URL, else 127.0.0.1:5432) -----------------------
DB_HOST=127.0.0.1
DB_PORT=5432
if [ -n "${SWITCHBOARD_DB_URL:-}" ]; then
    hostport=${SWITCHBOARD_DB_URL#jdbc:postgresql://}
    hostport=${hostport%%/*}
    DB_HOST=${hostport%%:*}
    case "$hostport" in *:*) DB_PORT=${hostport##*:} ;; esac
fi
DB_USER=${SWITCHBOARD_DB_USER:-postgres}
export PGPASSWORD=${SWITCHBOARD_DB_PASSWORD:-}
psql_admin() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }
psql_bench() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 -qAtX "$@"; }

# --- helpers ---------------------------------------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

port_free() {
    case "$RESERVED_PORTS" in *" $1 "*) return 1 ;; esac
    ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

pick_port() {   # first free port from $1 upwards (at most 50 tries)
    local port=$1 tries=0
    while ! port_free "$port"; do
        port=$((port + 1)); tries=$((tries + 1))
        [ "$tries" -ge 50 ] && return 1
    done
    echo "$port"
}

BASE=""
health_up() {
    local body code
    body=$(curl -s -m 2 -w '\n%{http_code}' "$BASE/api/v1/health" 2>/dev/null) || return 1
    code=${body##*$'\n'}
    body=${body%$'\n'*}
    [ "$code" = 200 ] && case "$body" in '{"status":"UP"'*) return 0 ;; esac
    return 1
}

COOKIE=""
login() {       # POST /api/v1/auth/login as the initial owner; sets COOKIE (name=value of the console session)
    local headers code
    headers=$(curl -s -m 5 -o /dev/null -D - -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"email\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\"}" "$BASE/api/v1/auth/login" 2>/dev/null) \
        || return 1
    code=${headers##*$'\n'}
    [ "$code" = 200 ] || return 1
    COOKIE=$(printf '%s\n' "$headers" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | head -1)
    [ -n "$COOKIE" ]
}

API_KEY=""
create_api_key() {
    local body
    body=$(curl -s -m 5 -H 'Content-Type: application/json' -H "Cookie: $COOKIE" -d '{"name":"bench-actions"}' \
        "$BASE/api/v1/api-keys" 2>/dev/null) || return 1
    API_KEY=$(printf '%s' "$body" | sed -n 's/.*"key":"\(sbk_[^"]*\)".*/\1/p')
    [ -n "$API_KEY" ]
}

echo_active() {
    local body
    body=$(curl -s -m 2 -H "Authorization: Bearer $API_KEY" "$BASE/api/v1/plugins/action-adapter/echo" 2>/dev/null) \
        || return 1
    [[ $body == *'"id":"echo"'* && $body == *'"state":"active"'* ]]
}

wait_until() {  # wait_until <timeout-seconds> <interval-seconds> <command...>; true if it came true in time
    local timeout=$1 interval=$2; shift 2
    local deadline=$(( $(now_ms) + timeout * 1000 ))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        "$@" && return 0
        sleep "$interval"
    done
    return 1
}

karaf_pid() {   # the JVM of this unpack: karaf.pid if alive, else by command line
    local pid=""
    [ -f "$HOME_DIR/karaf.pid" ] && pid=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; return; fi
    pgrep -f -- "-Dkaraf.home=$HOME_DIR " | head -1
}

fail() {        # fail <message>: prints it and the last log lines, then exits (cleanup runs)
    echo "$1" >&2
    tail -n 20 "$HOME_DIR/data/log/karaf.log" 2>/dev/null | sed 's/^/    | /' >&2
    exit 1
}

# --- state and cleanup ------------------------------------------------------------------------------------
RUN_DIR=""; HOME_DIR=""; DB_NAME=""; PID=""; LOAD_PID=""

stop_karaf() {
    [ -n "$HOME_DIR" ] && [ -d "$HOME_DIR" ] || return 0
    [ -n "$PID" ] || PID=$(karaf_pid)
    [ -n "$PID" ] || return 0
    "$HOME_DIR/bin/switchboard" stop >/dev/null 2>&1
    if ! wait_until "$STOP_TIMEOUT" 0.5 eval '! kill -0 '"$PID"' 2>/dev/null'; then
        echo "karaf $PID still alive ${STOP_TIMEOUT}s after stop: killing it" >&2
        kill "$PID" 2>/dev/null
        wait_until 10 0.5 eval '! kill -0 '"$PID"' 2>/dev/null' || kill -9 "$PID" 2>/dev/null
    fi
    PID=""
}

cleanup() {
    if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then
        kill "$LOAD_PID" 2>/dev/null
        wait "$LOAD_PID" 2>/dev/null
    fi
    LOAD_PID=""
    stop_karaf
    if [ -n "$DB_NAME" ]; then
        psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 \
            || echo "could not drop database $DB_NAME" >&2
        DB_NAME=""
    fi
    if [ -n "$RUN_DIR" ]; then
        rm -rf "$RUN_DIR"
        RUN_DIR=""; HOME_DIR=""
    fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# --- preconditions ---------------------------------------------------------------------------------------
for file in "$DIST" "$ECHO_JAR" "$HERE/ActionLoad.java"; do
    [ -f "$file" ] || { echo "missing $file: build first (cd $ROOT && mvn -B -q install -DskipTests)" >&2; exit 1; }
done
newer=$(find "$ROOT/bundles/actions/target" -maxdepth 1 -name '*.jar' -newer "$DIST" 2>/dev/null | head -1)
[ -z "$newer" ] || echo "warning: $newer is newer than $DIST (rebuild features and karaf-dist to measure it)" >&2
psql_admin -c "SELECT 1" >/dev/null || { echo "PostgreSQL at $DB_HOST:$DB_PORT (user $DB_USER) is not reachable" >&2; exit 1; }

HTTP_PORT=$(pick_port "$FIRST_HTTP_PORT") || { echo "no free HTTP port from $FIRST_HTTP_PORT" >&2; exit 1; }
SSH_PORT=$(pick_port "$FIRST_SSH_PORT") || { echo "no free SSH port from $FIRST_SSH_PORT" >&2; exit 1; }
BASE="http://127.0.0.1:$HTTP_PORT"

echo "Switchboard action invocation benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "  distribution  $DIST (built $(date -u -r "$DIST" +%Y-%m-%dT%H:%M:%SZ))"
echo "  plugin jar    $ECHO_JAR"
echo "  HEAD          $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "  machine       $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "  database      $DB_HOST:$DB_PORT as $DB_USER;  ports $HTTP_PORT/$SSH_PORT"
echo "  load average  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at the start"

# --- database, unpack, start -----------------------------------------------------------------------------
DB_NAME="sb_bench_actions_$$"
psql_admin -c "CREATE DATABASE $DB_NAME" >/dev/null || { DB_NAME=""; echo "could not create the database" >&2; exit 1; }
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench-actions.XXXXXX")
tar -xzf "$DIST" -C "$RUN_DIR"
HOME_DIR=$(find "$RUN_DIR" -mindepth 1 -maxdepth 1 -type d | head -1)
t0=$(now_ms)
SWITCHBOARD_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" \
    SWITCHBOARD_HTTP_PORT=$HTTP_PORT SWITCHBOARD_SSH_PORT=$SSH_PORT \
    SWITCHBOARD_ADMIN_PASSWORD="bench-$$" \
    SWITCHBOARD_INITIAL_OWNER_EMAIL="$OWNER_EMAIL" SWITCHBOARD_INITIAL_OWNER_PASSWORD="$OWNER_PASSWORD" \
    "$HOME_DIR/bin/switchboard" start >/dev/null 2>&1
wait_until "$START_TIMEOUT" 0.2 health_up || fail "health not UP after ${START_TIMEOUT}s"
PID=$(karaf_pid)
echo "  started       health UP after $(( $(now_ms) - t0 )) ms (Karaf pid ${PID:-unknown})"

# the identity resources may still be registering right after health turned UP
wait_until 60 0.25 login || fail "owner login failed for 60s"
create_api_key || fail "could not create an API key"

cp "$ECHO_JAR" "$RUN_DIR/echo.jar.part"          # same filesystem: the mv below is atomic
mv "$RUN_DIR/echo.jar.part" "$HOME_DIR/deploy/$(basename "$ECHO_JAR")"
wait_until "$PLUGIN_TIMEOUT" 0.2 echo_active || fail "echo plugin not active after ${PLUGIN_TIMEOUT}s"
echo "  plugin        echo active (GET /api/v1/plugins/action-adapter/echo)"

# --- sessions and tokens (harness shortcut: straight into PostgreSQL) --------------------------------------
owner=$(psql_bench -F ' ' -c "SELECT m.organization_id, m.user_id FROM members m JOIN users u ON u.id = m.user_id
                             WHERE lower(u.email) = lower('$OWNER_EMAIL') AND m.role = 'owner' LIMIT 1") \
    || fail "could not read the owner's organization"
read -r ORG_ID USER_ID <<<"$owner"
[ -n "${ORG_ID:-}" ] && [ -n "${USER_ID:-}" ] || fail "the initial owner has no organization"
java -Xmx256m "$HERE/ActionLoad.java" prepare "$SESSIONS" "$ORG_ID" "$USER_ID" "$RUN_DIR/sessions.sql" \
    "$RUN_DIR/tokens.tsv" || fail "could not generate sessions"
psql_bench -f "$RUN_DIR/sessions.sql" >/dev/null || fail "could not insert sessions"
psql_bench -c "ANALYZE sessions; ANALYZE session_tokens" >/dev/null
echo "  sessions      $SESSIONS sessions with one session token each in organization $ORG_ID"

# one request by hand, so that a broken setup shows its answer instead of thousands of failures
read -r first_session first_token < <(head -1 "$RUN_DIR/tokens.tsv")
probe=$(curl -s -m 10 -w '\n%{http_code}' -H "Authorization: Bearer $first_token" -H 'Content-Type: application/json' \
    -d '{"integration":"echo","action":"echo","params":{"message":"hi"}}' \
    "$BASE/api/v1/sessions/$first_session/actions/invoke")
[ "${probe##*$'\n'}" = 200 ] || fail "probe invocation answered ${probe##*$'\n'}: ${probe%$'\n'*}"
echo "  probe         200 ${probe%$'\n'*}" | cut -c1-160
echo "  load average  $(cut -d' ' -f1-3 /proc/loadavg) before the load"
echo

# --- load ------------------------------------------------------------------------------------------------
# bounded: warm-up and steps, each with its pause, drain and settling (at most 60 s), plus a minute
steps=$(( $(printf %s "$RATES" | tr -cd , | wc -c) + 1 ))
budget=$(( WARMUP_SECONDS + (steps + 1) * (STEP_SECONDS + PAUSE_SECONDS + 2 * REQUEST_TIMEOUT + 63) + 60 ))
# shellcheck disable=SC2086
timeout "$budget" java $LOAD_JAVA_OPTS "$HERE/ActionLoad.java" run --url "$BASE" --tokens "$RUN_DIR/tokens.tsv" \
    --rates "$RATES" --seconds "$STEP_SECONDS" --warmup-rate "$WARMUP_RATE" --warmup-seconds "$WARMUP_SECONDS" \
    --pause "$PAUSE_SECONDS" --timeout "$REQUEST_TIMEOUT" --server-pid "${PID:-0}" --clk-tck "$(getconf CLK_TCK)" &
LOAD_PID=$!
wait "$LOAD_PID"
load_status=$?
LOAD_PID=""
echo "  load average  $(cut -d' ' -f1-3 /proc/loadavg) at the end"
[ "$load_status" = 0 ] || echo "load generator exited with $load_status" >&2

echo
echo "Stored invocations by status (action_invocations):"
psql_bench -F ' ' -c "SELECT '  ' || status, count(*) FROM action_invocations GROUP BY status ORDER BY status" \
    || echo "  (could not count)"
rss=$( [ -n "$PID" ] && awk '/^VmRSS:/{printf "%d", $2/1024}' "/proc/$PID/status" 2>/dev/null)
echo "Karaf RSS after the load: ${rss:-n/a} MiB"

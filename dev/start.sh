#!/usr/bin/env bash
# Builds Switchboard and runs it in the foreground (Ctrl-C stops it). Uses SWITCHBOARD_DB_URL when set,
# else the local PostgreSQL with database "switchboard" (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
./dev/ensure-toolchain.sh
./dev/ensure-postgres.sh
if [[ -z "${SWITCHBOARD_DB_URL:-}" ]]; then
    if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'switchboard'" | grep -q 1; then
        psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE switchboard"
    fi
    export SWITCHBOARD_DB_URL="jdbc:postgresql://127.0.0.1:5432/switchboard"
fi
mvn -B -q install -DskipTests
# a fresh unpack each time, keeping what the last one generated: console users (the admin password)
# and the secrets encryption key, without which stored secrets cannot be read
kept=$(mktemp -d)
for file in users.properties switchboard.keys; do
    [[ -f run/switchboard/etc/$file ]] && cp -p "run/switchboard/etc/$file" "$kept/"
done
rm -rf run/switchboard
mkdir -p run/switchboard
tar xzf karaf-dist/target/switchboard-karaf-dist-*.tar.gz -C run/switchboard --strip-components=1
cp -p "$kept"/* run/switchboard/etc/ 2>/dev/null || true
rm -rf "$kept"
echo "Switchboard: http://localhost:${SWITCHBOARD_HTTP_PORT:-8181}/api/v1/health"
exec run/switchboard/bin/switchboard run

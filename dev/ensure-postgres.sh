#!/usr/bin/env bash
# Makes sure a PostgreSQL server is reachable for Switchboard and its tests.
#  - SWITCHBOARD_DB_URL set: that server is used as it is.
#  - otherwise the local server on 127.0.0.1:5432 (user postgres): started if the Debian cluster is
#    installed but stopped, installed with apt-get when running as root on Debian/Ubuntu and absent.
set -euo pipefail

log() { echo "[postgres] $*" >&2; }

if [[ -n "${SWITCHBOARD_DB_URL:-}" ]]; then
    log "using SWITCHBOARD_DB_URL"
    exit 0
fi

reachable() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
    fi
}

start_clusters() {
    local version
    for version in $(ls /etc/postgresql 2>/dev/null); do
        log "starting cluster $version/main"
        if [[ $(id -u) -eq 0 ]]; then
            pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        else
            sudo -n pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        fi
    done
}

await_reachable() {
    for _ in $(seq 1 30); do
        reachable && return 0
        sleep 1
    done
    return 1
}

if reachable; then
    exit 0
fi

if command -v pg_lsclusters >/dev/null 2>&1 && [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    start_clusters
    await_reachable && exit 0
    log "the local PostgreSQL cluster did not start; see /var/log/postgresql/"
    exit 1
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed: installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    # development machine: let the local postgres user connect over loopback without a password
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
        if ! grep -q "switchboard-dev" "$hba"; then
            sed -i '1i host all postgres 127.0.0.1/32 trust # switchboard-dev\nhost all postgres ::1/128 trust # switchboard-dev' "$hba"
        fi
    done
    start_clusters
    await_reachable && exit 0
fi

log "no PostgreSQL is reachable on 127.0.0.1:5432. Install PostgreSQL 13+ (user postgres reachable"
log "over TCP from 127.0.0.1) or set SWITCHBOARD_DB_URL (and SWITCHBOARD_DB_USER/SWITCHBOARD_DB_PASSWORD)."
exit 1

#!/usr/bin/env bash
# Runs every test: unit tests, the in-container (Pax Exam) suite and the black-box suite that runs the
# distribution as processes. Each test run creates its own databases and drops them.
set -euo pipefail
cd "$(dirname "$0")/.."
./dev/ensure-toolchain.sh
./dev/ensure-postgres.sh
# install (not just verify): Pax Exam resolves the distribution from the local Maven repository
exec mvn -B install "$@"

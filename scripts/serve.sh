#!/usr/bin/env bash
# Fresh Debian 12 machine -> a running `runlog serve` on the embedded log (port 8080, ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
RUNLOG_BUILD_TYPE=Release RUNLOG_BUILD_DIR=build-release scripts/build.sh -DRUNLOG_TESTS=OFF -DRUNLOG_BENCH=OFF
exec build-release/app/runlog serve --port "${RUNLOG_PORT:-8080}" --data "${RUNLOG_DATA:-./data}" "$@"

#!/usr/bin/env bash
# Fresh Debian 12 machine -> a running `runlog serve` on the embedded log.
# RUNLOG_PORT (default 8080; 0 picks a free port, printed on start) and RUNLOG_DATA (default
# ./data) choose where; extra args go to `runlog serve`. Builds the same Release tree as
# scripts/test.sh (build/), but only the `runlog` binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
RUNLOG_TARGETS=runlog scripts/build.sh
exec build/app/runlog serve --port "${RUNLOG_PORT:-8080}" --data "${RUNLOG_DATA:-./data}" "$@"

#!/usr/bin/env bash
# Configures and builds runlog into build/ (or $RUNLOG_BUILD_DIR). Extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${RUNLOG_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${RUNLOG_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
jobs=$(nproc)
ninja -C "$build_dir" -j "$jobs"

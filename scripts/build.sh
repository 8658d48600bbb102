#!/usr/bin/env bash
# Configures and builds runlog into build/ (or $RUNLOG_BUILD_DIR) as $RUNLOG_BUILD_TYPE
# (default Release). $RUNLOG_TARGETS limits what is built (default: everything).
# Extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${RUNLOG_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${RUNLOG_BUILD_TYPE:-Release}" "$@" >/dev/null
read -r -a targets <<<"${RUNLOG_TARGETS:-}"
ninja -C "$build_dir" -j "$(nproc)" "${targets[@]}"

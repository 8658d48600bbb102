#!/usr/bin/env bash
# Fresh Debian 12 machine -> dependencies installed, everything built (Release), the whole
# suite run. RUNLOG_SANITIZE=1 also builds (RelWithDebInfo) and runs the suite under
# AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
if [ "${RUNLOG_SANITIZE:-0}" = 1 ]; then
  RUNLOG_BUILD_TYPE=RelWithDebInfo RUNLOG_BUILD_DIR=build-asan \
    scripts/build.sh -DRUNLOG_SANITIZE=ON -DRUNLOG_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 900
fi

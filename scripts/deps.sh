#!/usr/bin/env bash
# Installs every build and test dependency of runlog from Debian 12 packages.
# Runs as root (or through sudo when available). Safe to run repeatedly.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev          # Asio + Beast (header-only)
  librocksdb-dev            # embedded log and projections
  librdkafka-dev            # Kafka backend (and its mock cluster for tests)
  libsimdjson-dev nlohmann-json3-dev libexpected-dev
  libssl-dev                # JWT (HMAC/RSA), checksums, random ids
  libhowardhinnant-date-dev tzdata  # cron schedules in IANA time zones (OS tz database)
  libgtest-dev libgmock-dev libbenchmark-dev
  curl jq                   # .ci/serve-smoke drives the server from the shell
  python3 python3-jsonschema  # the OpenAPI contract check of the end-to-end traffic
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "deps.sh: need root (or sudo) to install: ${packages[*]}" >&2; exit 1; fi
}

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

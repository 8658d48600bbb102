#!/usr/bin/env bash
# GET throughput of the read side: wrk with 64 keep-alive connections against a real
# `runlog serve` (embedded log, rate limit off), on three read endpoints of one workflow that
# has 200 finished runs. See bench/README.md ("get_throughput").
#
# usage: bench/get_throughput.sh [BUILD_DIR] [SECONDS]   (defaults: build, 10)
set -euo pipefail

build=${1:-build}
seconds=${2:-10}
runlog="$build/app/runlog"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
[[ -x $runlog ]] || { echo "no $runlog: build it first (ninja -C $build runlog)" >&2; exit 1; }

data=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
export RUNLOG_JWT_SECRET="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$runlog" serve --port "$port" --data "$data" --rate-limit 0 >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port/api/v2/workflows"
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done

# The one `"id":"<uuid>"` of a body (node ids are not UUIDs; workflow_id is another key).
uuid_of() { grep -oE '"id":"[0-9a-f-]{36}"' | head -1 | cut -d'"' -f4; }

token=$("$runlog" token --tenant bench --user bench --data "$data")
auth="Authorization: Bearer $token"
definition='{"nodes":[{"id":"a","type":"transform","config":{"x":"{{inputs.x}}"}},
  {"id":"b","type":"transform","input_from":"a","config":{"y":"{{ steps.a.output.x * 2 }}"}}]}'
workflow=$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"definition\":$definition}" "$base" | uuid_of)
for i in $(seq 1 200); do
  curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"inputs\":{\"x\":$i}}" \
    "$base/$workflow/execute" >/dev/null
done
run=$(curl -sf -H "$auth" "$base/$workflow/runs?limit=1" | uuid_of)
sleep 1

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
for target in "$base/$workflow" "$base/$workflow/runs?limit=20" "$base/$workflow/runs/$run"; do
  echo "== GET ${target#http://127.0.0.1:$port}"
  wrk -t2 -c64 -d"${seconds}s" --latency -H "$auth" "$target" |
    grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%|Latency  '
done

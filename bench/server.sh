#!/usr/bin/env bash
# Load test of `attnviz serve` on loopback: 2,000 POST /api/attention requests with short texts at
# concurrency 16 against MiniLM-L6, then the same against a 2-slot queue to show overload is
# answered with 429 while memory stays flat. Prints p50/p99 latency, throughput, statuses and
# server RSS; fails on any error other than the intended 429s, on growing memory, or when the
# server does not exit cleanly on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
[ -x "$bin" ] || { echo "bench/server.sh: build first (swift build -c release --product attnviz)" >&2; exit 1; }
model="$(scripts/fetch-model)"
python="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}/bin/python"
[ -x "$python" ] || python=python3
requests="${SERVER_BENCH_REQUESTS:-2000}"
concurrency="${SERVER_BENCH_CONCURRENCY:-16}"

source bench/lib/serve.sh

run_phase() {  # label, queue capacity, extra client flags
  local label="$1" queue="$2"; shift 2
  local port log pid status=0
  log="$(mktemp)"
  start_serve "$log" --model "$model" --queue "$queue" --log-level warning || { rm -f "$log"; return 1; }
  # Warm up (first forward pass, allocator) before measuring memory.
  "$python" bench/server_load.py --port "$port" --pid "$pid" --requests 50 --concurrency 4 --label warmup >/dev/null 2>&1 || true
  "$python" bench/server_load.py --port "$port" --pid "$pid" --requests "$requests" --concurrency "$concurrency" --label "$label" "$@" || status=1
  if stop_serve "bench/server.sh [$label]"; then echo "[$label] SIGTERM: clean exit"; else status=1; fi
  rm -f "$log"
  return $status
}

echo "== attnviz serve load test (model $(basename "$model"), $requests requests, concurrency $concurrency)"
fail=0
run_phase "queue 32" 32 || fail=1
run_phase "queue 2 (overload)" 2 --expect-429 || fail=1
exit $fail

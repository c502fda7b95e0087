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

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_phase() {  # label, queue capacity, extra client flags
  local label="$1" queue="$2"; shift 2
  local port log pid status=0
  port="$(free_port)"
  log="$(mktemp)"
  "$bin" serve --model "$model" --host 127.0.0.1 --port "$port" --queue "$queue" --log-level warning 2>"$log" &
  pid=$!
  for _ in $(seq 1 200); do
    "$python" - "$port" <<'PY' 2>/dev/null && break || sleep 0.1
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1).read()
PY
  done
  # Warm up (first forward pass, allocator) before measuring memory.
  "$python" bench/server_load.py --port "$port" --pid "$pid" --requests 50 --concurrency 4 --label warmup >/dev/null 2>&1 || true
  "$python" bench/server_load.py --port "$port" --pid "$pid" --requests "$requests" --concurrency "$concurrency" --label "$label" "$@" || status=1
  kill -TERM "$pid"
  if wait "$pid"; then echo "[$label] SIGTERM: clean exit"; else echo "[$label] server exited with $? after SIGTERM" >&2; status=1; fi
  rm -f "$log"
  return $status
}

echo "== attnviz serve load test (model $(basename "$model"), $requests requests, concurrency $concurrency)"
fail=0
run_phase "queue 32" 32 || fail=1
run_phase "queue 2 (overload)" 2 --expect-429 || fail=1
exit $fail

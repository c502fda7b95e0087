#!/usr/bin/env bash
# A run started from the serve page at LLM scale (issue "Long contexts at LLM scale", item 3):
# `attnviz serve --model SmolLM2` with the default --timeout (30 s) gets an 8,182-token text,
# answers 202 at once and computes the run in the background (about 40 s here, longer than the
# timeout), while bench/pagerun_load.py polls GET /api/runs/r1 as the page does. Reports the time
# to the 202, to the run being served, the layers seen in between, a top-level tile's latency and
# the server's peak RSS; fails when the run is not served or a tile is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
python="$venv/bin/python"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
[ -x "$bin" ] || { echo "bench/pagerun.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
[ -x "$python" ] || { echo "bench/pagerun.sh: $python missing; run scripts/setup --bench" >&2; exit 2; }
source bench/lib/serve.sh
model=$(scripts/fetch-model smollm2)
log=$(mktemp)
pid=
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; rm -f "$log"' EXIT
start_serve "$log" --model "$model" --log-level warning
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; serve's default --timeout (30 s)"
"$python" bench/pagerun_load.py --port "$port" --pid "$pid" --words 8182 || { cat "$log" >&2; exit 1; }
stop_serve bench/pagerun.sh

#!/usr/bin/env bash
# Deep-zoom tile latency (issue #13): `attnviz serve --file` on an 8,192-token SmolLM2 run kept as
# queries and keys (`attnviz run --keep qk`, as bench/longcontext.sh makes it; that script leaves
# it in ~/.cache/attnviz/bench/longcontext-8192.safetensors and this one reuses it, else makes
# it), then bench/tiles_load.py requests the top-level tile of all 270 heads cold, mid-level and
# exact tiles cold, and all of them again from the cache: p50/p99 ms per class and overall, and
# the server's peak RSS. Targets: p50 <= 50 ms, p99 <= 250 ms. Then (TILES_PRECOMPUTE=0 skips it)
# the same server with --precompute-top: how long the background pass takes, and the top level
# answered from the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
[ -x "$bin" ] || { echo "bench/tiles.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
python="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}/bin/python"
[ -x "$python" ] || python=python3
run="${1:-${TILES_RUN:-$HOME/.cache/attnviz/bench/longcontext-8192.safetensors}}"
if [ ! -f "$run" ]; then
  mkdir -p "$(dirname "$run")"
  model=$(scripts/fetch-model smollm2)
  text=$(python3 -c "
import random
random.seed(8192)
words = 'attention lets every token look at every other token in the sentence and the model learns which ones matter for the meaning of each word in its context while long documents repeat facts'.split()
print(' '.join(random.choice(words) for _ in range(8192 - 10)))")
  echo "bench/tiles.sh: making $run (attnviz run --keep qk, 8,192 tokens)" >&2
  "$bin" run --model "$model" "$text" -o "$run.tmp.safetensors" --keep qk 2>/dev/null
  mv "$run.tmp.safetensors" "$run"
fi
source bench/lib/serve.sh
log=$(mktemp)
pid=
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; rm -f "$log"' EXIT
start_serve "$log" --file "$run" --log-level warning
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
"$python" bench/tiles_load.py --port "$port" --pid "$pid"
stop_serve bench/tiles.sh

# Again with --precompute-top: once the background pass is done, the top level is in the cache.
if [ "${TILES_PRECOMPUTE:-1}" = 1 ]; then
  start=$(date +%s.%N)
  start_serve "$log" --file "$run" --precompute-top --log-level info
  for _ in $(seq 1 1200); do grep -q "top-level tiles precomputed" "$log" && break || sleep 0.25; done
  echo "--precompute-top: $(grep -o 'heads=[0-9]*' "$log" | head -1) precomputed in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s (polled)"
  "$python" bench/tiles_load.py --port "$port" --pid "$pid" --mid 0 --level0 0 | grep -E "^(class|top|cached|server VmHWM)"
  stop_serve bench/tiles.sh
fi
pid=

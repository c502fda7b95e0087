#!/usr/bin/env bash
# Long contexts (issue "Long contexts at LLM scale"): SmolLM2-135M-Instruct (Q4_1 GGUF) over
# 2,048 and 8,192 tokens with `attnviz run --keep qk` (queries, keys and each softmax row's
# log-sum-exp instead of the n² weights). Reports, per length, the median wall time and peak RSS
# (GNU time) of REPEATS runs, the output's size against the Float32 attention it stands for, and
# checks the values: NumPy rebuilds 64 random query rows of 4 heads from the file's queries and
# keys and compares them with `attnviz convert` of the same rows (max |difference|).
# Targets: 8,192 tokens in under 90 s, peak RSS under 2 GB, output under 1/50 of the weights.
# Then a 40 MB page of the 2,048-token run (see the end).
# The 8,192-token run is kept in ~/.cache/attnviz/bench/ for bench/tiles.sh (tile latency).
# (The full weights at 8,192 tokens would be 30 x 9 x 8192^2 x 4 B = 72 GB: no reference tool
# computes them here; bench/llm.sh compares speed with PyTorch at the lengths it can hold.)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
repeats="${BENCH_REPEATS:-1}"
sizes="${BENCH_SIZES:-2048 8192}"
[ -x "$bin" ] || { echo "bench/longcontext.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/longcontext.sh: GNU time missing; run scripts/setup --test" >&2; exit 2; }
model=$(scripts/fetch-model smollm2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-7s %10s %12s %12s %14s %8s %12s\n' tokens "wall s" "peak RSS MB" "output MB" "weights MB" ratio "max |diff|"
for n in $sizes; do
  # A text of about n tokens (the tokenizer decides; `info` reports the exact count).
  python3 -c "
import random, sys
random.seed(int(sys.argv[1]))
words = 'attention lets every token look at every other token in the sentence and the model learns which ones matter for the meaning of each word in its context while long documents repeat facts'.split()
print(' '.join(random.choice(words) for _ in range(int(sys.argv[1]) - 10)))" "$n" > "$work/text"
  walls=() rss=()
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" run --model "$model" "$(cat "$work/text")" -o "$work/run.safetensors" --keep qk 2>/dev/null
    read -r wall kb < "$work/time"
    walls+=("$wall"); rss+=("$kb")
  done
  tokens=$("$bin" info "$work/run.safetensors" | sed -n 's/^shape: *\[[0-9]*, [0-9]*, \([0-9]*\),.*/\1/p')
  # NumPy's weights for 64 random rows of 4 heads, from the file's vectors, against convert's.
  diff=$("$venv/bin/python" - "$work/run.safetensors" "$bin" "$work" <<'PY'
import json, subprocess, sys
import numpy as np
from safetensors import safe_open
path, binary, work = sys.argv[1:]
with safe_open(path, "np") as f:
    meta = f.metadata(); q = f.get_tensor("queries"); k = f.get_tensor("keys"); lse = f.get_tensor("logsumexp")
rng = np.random.default_rng(0)
L, H, S, D = q.shape; group = H // k.shape[1]; scale = float(meta["scale"])
worst = 0.0
for l, h in [(0, 0), (L // 2, H - 1), (L - 1, 1), (rng.integers(L), rng.integers(H))]:
    rows = np.sort(rng.choice(S, 16, replace=False))
    for r in rows:
        out = f"{work}/row.npy"
        subprocess.run([binary, "convert", path, "-o", out, "--layer", str(l), "--head", str(h), "--queries", f"{r}:{r + 1}"],
                       check=True, capture_output=True)
        got = np.load(out)[0, 0, 0].astype(np.float64)
        logits = scale * q[l, h, r].astype(np.float64) @ k[l, h // group].astype(np.float64).T
        want = np.where(np.arange(S) <= r, np.exp(logits - lse[l, h, r]), 0.0)
        worst = max(worst, float(np.abs(got - want).max()))
print(f"{worst:.2e}")
PY
)
  # The 2,048-token run becomes a 40 MB page below.
  [ "$n" = 2048 ] && cp "$work/run.safetensors" "$work/run-2048.safetensors"
  # bench/tiles.sh zooms into the 8,192-token run: keep it where that script looks.
  if [ "$n" = 8192 ]; then
    mkdir -p "$HOME/.cache/attnviz/bench"
    cp "$work/run.safetensors" "$HOME/.cache/attnviz/bench/longcontext-8192.safetensors"
  fi
  out=$(stat -c %s "$work/run.safetensors")
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
  python3 -c "
import sys
tokens, wall, kb, out = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
weights = 30 * 9 * tokens * tokens * 4
print(f'{tokens:<7d} {wall:10.1f} {kb / 1024:12.0f} {out / 1e6:12.1f} {weights / 1e6:14.0f}   1/{weights / out:<5.0f} {sys.argv[5]:>12}')" \
    "$tokens" "$(median "${walls[@]}")" "$(median "${rss[@]}")" "$out" "$diff"
done

# A page of the 2,048-token run within 40 MB (`attnviz explore --max-size 40MB`): how long it
# takes to write and its peak RSS, then bench/budget_page.py in headless chromium: size, first
# paint and first complete view, head switches (median and max), console errors, requests.
# Targets: within 40 MB, first paint <= 2 s, head switch <= 100 ms, no errors, no requests.
if [ -f "$work/run-2048.safetensors" ]; then
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" explore "$work/run-2048.safetensors" --max-size 40MB -o "$work/page.html" 2>/dev/null > "$work/explore.out"
  read -r wall kb < "$work/time"
  echo
  echo "explore --max-size 40MB of the 2,048-token run: ${wall} s, peak RSS $((kb / 1024)) MB"
  sed 's/^/  /' "$work/explore.out"
  "$venv/bin/python" bench/budget_page.py "$work/page.html"
fi

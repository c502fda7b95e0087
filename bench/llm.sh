#!/usr/bin/env bash
# LLM speed: SmolLM2-135M-Instruct (Q4_1 GGUF; attnviz dequantizes it to float32 at load) forward
# pass with every layer's attention, attnviz (release build, OpenBLAS) against PyTorch
# (transformers' own GGUF loader: the same dequantized weights, eager attention,
# output_attentions=True), same token ids, same thread count (2), at 128, 512 and 2,048 tokens.
# Both are timed in process (median of REPEATS passes after a warm-up) and alternate over ROUNDS (5)
# rounds; the ratio is the median of the rounds' PyTorch/attnviz ratios. GFLOP/s counts the
# projections (2 · params · tokens) and attention (4 · layers · heads · tokens² · head size) and
# is set against this machine's sgemm ceiling (NumPy's OpenBLAS, 2048² float32, same threads).
# Targets (issue "Today's LLMs"): no slower than PyTorch at 128 tokens, >= 1.3x at 512 and 2,048.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
threads="${BENCH_THREADS:-2}"
repeats="${BENCH_REPEATS:-3}"
rounds="${BENCH_ROUNDS:-5}"
sizes="${BENCH_SIZES:-128 512 2048}"
[ -x "$bin" ] || { echo "bench/llm.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
"$venv/bin/python" -c "import torch, transformers, gguf" 2>/dev/null || { echo "bench/llm.sh: torch/transformers/gguf missing in $venv; run scripts/setup --bench" >&2; exit 2; }
model=$(scripts/fetch-model smollm2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Texts of exactly N tokens with the model's own tokenizer, and their ids for PyTorch.
"$venv/bin/python" - "$model" "$work" $sizes <<'PY' 2>/dev/null
import os, sys
from transformers import AutoTokenizer
gguf, work, sizes = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
tok = AutoTokenizer.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf))
words = ("attention lets every token look at every other token in the sentence and the model learns "
         "which ones matter for the meaning of each word in its context").split()
for n in sizes:
    text, i = "", 0
    while len(tok(text)["input_ids"]) < n:
        text += (" " if text else "") + words[i % len(words)]
        i += 1
    ids = tok(text)["input_ids"]
    assert len(ids) == n, (n, len(ids))
    open(f"{work}/t{n}.txt", "w").write(text)
    open(f"{work}/t{n}.ids", "w").write(" ".join(map(str, ids)))
PY

export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
ceiling=$("$venv/bin/python" - <<'PY'
import time, numpy as np
a = np.random.rand(2048, 2048).astype(np.float32); b = np.random.rand(2048, 2048).astype(np.float32)
a @ b
best = min((lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(5))
print(f"{2 * 2048 ** 3 / best / 1e9:.1f}")
PY
)
echo "sgemm ceiling (NumPy OpenBLAS, 2048^2 float32, $threads threads): $ceiling GFLOP/s"
printf "%-8s %14s %14s %8s %12s %14s\n" tokens "attnviz ms" "pytorch ms" ratio "GFLOP/s" "of ceiling"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
status=0
for n in $sizes; do
  text=$(cat "$work/t$n.txt")
  : > "$work/ours" ; : > "$work/theirs" ; : > "$work/ratios"
  for round in $(seq "$rounds"); do
    ours=$("$bin" run --model "$model" "$text" --threads "$threads" --bench-repeat "$repeats")
    theirs=$("$venv/bin/python" bench/llm_torch.py "$model" "$work/t$n.ids" "$repeats" "$threads" 2>/dev/null)
    [ "$(echo "$ours" | awk '{print $2}')" = "$n" ] && [ "$(echo "$theirs" | awk '{print $2}')" = "$n" ] || { echo "token counts differ: $ours / $theirs" >&2; exit 1; }
    a=$(echo "$ours" | awk '{print $4}'); t=$(echo "$theirs" | awk '{print $4}')
    echo "$a" >> "$work/ours"; echo "$t" >> "$work/theirs"
    awk -v a="$a" -v t="$t" 'BEGIN { print t / a }' >> "$work/ratios"
  done
  a=$(median < "$work/ours"); t=$(median < "$work/theirs")
  ratio=$(median < "$work/ratios" | awk '{ printf "%.2f", $1 }')
  # SmolLM2: 30 layers, 9 heads of 64; 106.2M parameters outside the embedding table.
  gflops=$(awk -v n="$n" -v ms="$a" 'BEGIN { f = 2 * 106.2e6 * n + 4 * 30 * 9 * n * n * 64; printf "%.1f", f / (ms / 1000) / 1e9 }')
  share=$(awk -v g="$gflops" -v c="$ceiling" 'BEGIN { printf "%.0f%%", 100 * g / c }')
  printf "%-8s %14.1f %14.1f %7sx %12s %14s\n" "$n" "$a" "$t" "$ratio" "$gflops" "$share"
  echo "         rounds: ratio $(paste -sd' ' "$work/ratios" | awk '{ for (i = 1; i <= NF; i++) printf "%.2f ", $i }')"
  target=1.3; [ "$n" -le 128 ] && target=1.0
  awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r >= t) }' || { echo "bench/llm.sh: below the ${target}x target at $n tokens" >&2; status=1; }
done
echo "(ms = median over $rounds rounds of the median of $repeats forward passes with attentions, $threads threads each)"
exit $status

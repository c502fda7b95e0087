#!/usr/bin/env bash
# Model speed: MiniLM-L6 (all-MiniLM-L6-v2) forward pass with every layer's attention, attnviz
# (release build, OpenBLAS) against PyTorch (transformers, eager attention), same text, same
# thread count (2), at 128 and 512 tokens, in this one run. Both are timed in process (median of
# REPEATS runs after a warm-up), so Python's and the model's start-up are left out; the whole
# `attnviz run` process, loading and writing the .safetensors included, is timed too.
# The two alternate over ROUNDS rounds and the ratio is the median of the rounds' ratios, so a
# burst of load from a neighbour on a shared machine hits both sides, not one.
# Bar (DESIGN.md): attnviz no slower than PyTorch (ratio torch/attnviz >= 1).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
threads="${BENCH_THREADS:-2}"
repeats="${BENCH_REPEATS:-10}"
rounds="${BENCH_ROUNDS:-5}"
[ -x "$bin" ] || { echo "bench/runtime.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
"$venv/bin/python" -c "import torch, transformers" 2>/dev/null || { echo "bench/runtime.sh: torch/transformers missing in $venv; run scripts/setup --bench" >&2; exit 2; }
model=$(scripts/fetch-model)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Texts of exactly 128 and 512 tokens ([CLS] + words + [SEP]; every word is one token).
"$venv/bin/python" - "$model" "$work" <<'PY'
import sys
from tokenizers import Tokenizer
model, work = sys.argv[1], sys.argv[2]
tok = Tokenizer.from_file(model + "/tokenizer.json")
tok.no_padding(); tok.no_truncation()
words = ("attention lets every token look at every other token in the sentence and the model learns "
         "which ones matter for the meaning of each word in its context").split()
for n in (128, 512):
    text = " ".join(words[i % len(words)] for i in range(n - 2))
    assert len(tok.encode(text).ids) == n, n
    open(f"{work}/t{n}.txt", "w").write(text)
PY

export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
printf "%-8s %14s %14s %8s %16s\n" tokens "attnviz ms" "pytorch ms" ratio "attnviz process"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
status=0
for n in 128 512; do
  text=$(cat "$work/t$n.txt")
  : > "$work/ours" ; : > "$work/theirs" ; : > "$work/ratios"
  for round in $(seq "$rounds"); do
    ours=$("$bin" run --model "$model" "$text" --threads "$threads" --bench-repeat "$repeats")
    theirs=$("$venv/bin/python" bench/runtime_torch.py "$model" "$work/t$n.txt" "$repeats" "$threads" 2>/dev/null)
    [ "$(echo "$ours" | awk '{print $2}')" = "$n" ] && [ "$(echo "$theirs" | awk '{print $2}')" = "$n" ] || { echo "token counts differ: $ours / $theirs" >&2; exit 1; }
    a=$(echo "$ours" | awk '{print $4}'); t=$(echo "$theirs" | awk '{print $4}')
    echo "$a" >> "$work/ours"; echo "$t" >> "$work/theirs"
    awk -v a="$a" -v t="$t" 'BEGIN { print t / a }' >> "$work/ratios"
  done
  start=$(date +%s.%N)
  "$bin" run --model "$model" "$text" --threads "$threads" -o "$work/a$n.safetensors" 2>/dev/null
  end=$(date +%s.%N)
  a=$(median < "$work/ours"); t=$(median < "$work/theirs")
  ratio=$(median < "$work/ratios" | awk '{ printf "%.2f", $1 }')
  process=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f ms", (e - s) * 1000 }')
  printf "%-8s %14.1f %14.1f %7sx %16s\n" "$n" "$a" "$t" "$ratio" "$process"
  echo "         rounds: ratio $(paste -sd' ' "$work/ratios" | awk '{ for (i = 1; i <= NF; i++) printf "%.2f ", $i }')"
  awk -v r="$ratio" 'BEGIN { exit !(r >= 1) }' || { echo "bench/runtime.sh: attnviz slower than PyTorch at $n tokens" >&2; status=1; }
done
echo "(ms = median over $rounds rounds of the median of $repeats forward passes with attentions, $threads threads each;"
echo " ratio = median over the rounds of PyTorch time / attnviz time)"
exit $status

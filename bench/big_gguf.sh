#!/usr/bin/env bash
# Memory of a model larger than its Float32 budget: a synthetic ~1B-parameter Llama GGUF (TinyLlama
# shapes, Q4_0, 0.55 GB on disk, 3.9 GB in Float32; bench/make_big_gguf.py writes it once into the
# cache) run by attnviz with its matrices kept quantized (the default past 2 GB: each layer is
# dequantized into a scratch buffer when it runs) and dequantized at load, beside PyTorch
# (transformers' own GGUF loader, which dequantizes everything, eager attention,
# output_attentions=True) on the same ids, at 128 and 512 tokens. Peak RSS from the kernel
# (/usr/bin/time), wall time of the whole process and the forward pass alone.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
sizes="${BENCH_SIZES:-128 512}"
model="${BENCH_BIG_GGUF:-$HOME/.cache/attnviz/bench/big-q4_0.gguf}"
[ -x "$bin" ] || { echo "bench/big_gguf.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/big_gguf.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
if [ ! -f "$model" ]; then
  mkdir -p "$(dirname "$model")"
  "$venv/bin/python" bench/make_big_gguf.py "$model.part" && mv "$model.part" "$model"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=2
# Texts of exactly N tokens under the model's own tokenizer, and their ids for PyTorch.
"$venv/bin/python" - "$model" "$work" $sizes 2>/dev/null <<'PY'
import json, os, sys
from transformers import AutoTokenizer
path, work, sizes = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
tok = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
words = "attention lets every token look at every other token in the sentence and the model learns which ones matter".split()
for n in sizes:
    text, i = "", 0
    while len(tok(text)["input_ids"]) < n:
        text += (" " if text else "") + words[i % len(words)]
        i += 1
    open(f"{work}/t{n}.txt", "w").write(text)
    json.dump(tok(text)["input_ids"], open(f"{work}/t{n}.ids", "w"))
PY
peak() { awk -F: '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/ {n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$1"; }
printf '%-6s %-34s %10s %10s %12s\n' tokens run "peak MB" "wall s" "forward ms"
for n in $sizes; do
  cp "$work/t$n.txt" "$work/text"
  cp "$work/t$n.ids" "$work/ids"
  for mode in quantized float32; do
    /usr/bin/time -v "$bin" run --model "$model" "$(cat "$work/text")" --quantized-weights "$mode" -o "$work/out.safetensors" -v \
      > /dev/null 2> "$work/log" || { cat "$work/log" >&2; exit 1; }
    forward=$(sed -n 's/.*forward: \([0-9.]*\) ms (\([0-9]*\) tokens).*/\1 \2/p' "$work/log")
    printf '%-6s %-34s %10s %10s %12s\n' "${forward#* }" "attnviz --quantized-weights $mode" "$(peak "$work/log")" "$(wall "$work/log")" "${forward% *}"
  done
  /usr/bin/time -v "$venv/bin/python" - "$model" "$work/ids" > "$work/torch.out" 2> "$work/log" <<'PY' || { tail -5 "$work/log" >&2; exit 1; }
import json, os, sys, time
import torch
from transformers import AutoModelForCausalLM
torch.set_num_threads(2)
path = sys.argv[1]
model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                             attn_implementation="eager", torch_dtype=torch.float32).eval()
ids = torch.tensor([json.load(open(sys.argv[2]))])
with torch.no_grad():
    start = time.perf_counter()
    model(input_ids=ids, output_attentions=True)
    print(f"{(time.perf_counter() - start) * 1000:.1f} {ids.shape[1]}")
PY
  read -r ms count < "$work/torch.out"
  printf '%-6s %-34s %10s %10s %12s\n' "$count" "PyTorch (transformers GGUF)" "$(peak "$work/log")" "$(wall "$work/log")" "$ms"
done
echo "model file: $(du -m "$model" | cut -f1) MB on disk (Q4_0); its weights in Float32: ~3,900 MB"

#!/usr/bin/env bash
# Corpus statistics throughput: `attnviz stats` (release build) against the same nine head scores
# computed with PyTorch + transformers in one process (bench/stats_torch.py), on MiniLM over a
# 1,000-line corpus (sentences of the GPL-3 text, a few sentence pairs), same thread count (2).
# Reports examples/s, the ratio, peak RSS, and the largest difference between the two sets of
# means (they must agree within 1e-4). Then runs the corpus as 4 shards on a local Ray cluster
# (bench/stats_ray.py: each Ray task runs `attnviz stats --shard I/4`, then `--merge`) and checks
# the merged numbers equal the single run exactly.
# Target (issue "What each head does"): attnviz faster than PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
threads="${BENCH_THREADS:-2}"
[ -x "$bin" ] || { echo "bench/stats.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
"$venv/bin/python" -c "import torch, transformers" 2>/dev/null || { echo "bench/stats.sh: torch/transformers missing in $venv; run scripts/setup --bench" >&2; exit 2; }
model=$(scripts/fetch-model)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"

# 1,000 lines: the GPL-3's sentences in order (cycled), every 25th line a pair.
python3 - "$work/corpus.txt" <<'PY'
import re, sys
text = open("/usr/share/common-licenses/GPL-3", encoding="utf-8").read()
sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", " ".join(text.split())) if len(s.split()) >= 3]
lines = []
for i in range(1000):
    s = " ".join(sentences[i % len(sentences)].split()[:60])
    lines.append(s + "\t" + sentences[(i + 7) % len(sentences)] if i % 25 == 0 else s)
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY

rss() { /usr/bin/time -f "%M" -o "$work/rss" "$@" > /dev/null; awk '{ printf "%.0f MB", $1 / 1024 }' "$work/rss"; }
start=$(date +%s.%N)
ours_rss=$(rss "$bin" stats --model "$model" "$work/corpus.txt" --threads "$threads" --json "$work/ours.json" --quiet)
ours_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
start=$(date +%s.%N)
theirs_rss=$(rss "$venv/bin/python" bench/stats_torch.py "$model" "$work/corpus.txt" "$threads" "$work/theirs.json")
theirs_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
python3 - "$work/ours.json" "$work/theirs.json" "$ours_s" "$theirs_s" "$ours_rss" "$theirs_rss" <<'PY'
import json, sys
ours, theirs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
a, t = float(sys.argv[3]), float(sys.argv[4])
assert ours["examples"] == theirs["examples"] and ours["tokens"] == theirs["tokens"], (ours["examples"], theirs["examples"], ours["tokens"], theirs["tokens"])
worst = max(abs(x - y) for n in theirs["scores"] for ro, rt in zip(ours["scores"][n], theirs["scores"][n]) for x, y in zip(ro, rt))
n = ours["examples"]
print(f"{'':24} {'examples/s':>11} {'wall s':>8} {'peak RSS':>9}")
print(f"{'attnviz stats':24} {n / a:11.1f} {a:8.1f} {sys.argv[5]:>9}")
print(f"{'PyTorch + transformers':24} {n / t:11.1f} {t:8.1f} {sys.argv[6]:>9}   (forward + scores alone: {n / theirs['seconds']:.1f}/s)")
print(f"ratio {t / a:.2f}x (wall, both including model load); {n} examples, {ours['tokens']} tokens; largest difference of the means {worst:.1e}")
if worst > 1e-4:
    sys.exit("bench/stats.sh: the means differ by more than 1e-4")
if t / a < 1:
    sys.exit("bench/stats.sh: attnviz is slower than PyTorch")
PY

if "$venv/bin/python" -c "import ray" 2>/dev/null; then
  "$venv/bin/python" bench/stats_ray.py "$bin" "$model" "$work/corpus.txt" 4 "$work/ours.json"
else
  echo "bench/stats.sh: ray not installed in $venv (scripts/setup --bench); skipping the Ray shards" >&2
  exit 1
fi

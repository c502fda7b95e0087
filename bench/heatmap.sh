#!/usr/bin/env bash
# Heatmap speed and size: attnviz (release build) against seaborn, whole processes, same inputs,
# same run. PNG at N = 7, 512, 2048 and SVG at N = 512.
# Bars (DESIGN.md): 2048 PNG >= 30x faster; 512 SVG >= 50x faster and >= 40x smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-.build/release/attnviz}"
[ -x "$bin" ] || { echo "bench/heatmap.sh: $bin missing; run: swift build -c release --product attnviz" >&2; exit 2; }
"$venv/bin/python" -c "import seaborn, pandas" 2>/dev/null || { echo "bench/heatmap.sh: seaborn missing in $venv; run scripts/setup --bench" >&2; exit 2; }
exec "$venv/bin/python" bench/heatmap.py --attnviz "$bin" "$@"

#!/usr/bin/env bash
# Explorer page for a [6, 12, 512, 512] tensor: page size, first paint and head-switch time in
# headless Chromium, and the size bertviz's JSON encoding of the same weights would take; then a
# page of a real model run (MiniLM over the first 4,000 characters of the GPL-3 text, 512
# tokens: ATTNVIZ_BENCH_TEXT overrides the text file).
# Bars (DESIGN.md): synthetic page <= 12 MB, MiniLM page <= 4.2 MB, first paint <= 1.5 s,
# switching head <= 50 ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-$root/.build/release/attnviz}"
[ -x "$bin" ] || bin="$root/.build/debug/attnviz"
model=$("$root/scripts/fetch-model")
text="${ATTNVIZ_BENCH_TEXT:-/usr/share/common-licenses/GPL-3}"
exec "$venv/bin/python" "$root/bench/explorer.py" --attnviz "$bin" --model "$model" --text "$text" "$@"

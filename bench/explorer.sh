#!/usr/bin/env bash
# Explorer page for a [6, 12, 512, 512] tensor: page size, first paint and head-switch time in
# headless Chromium, and the size bertviz's JSON encoding of the same weights would take.
# Bars (DESIGN.md): page <= 12 MB, first paint <= 1.5 s, switching head <= 50 ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${ATTNVIZ_VENV:-$HOME/.cache/attnviz/venv}"
bin="${ATTNVIZ_BIN:-$root/.build/release/attnviz}"
[ -x "$bin" ] || bin="$root/.build/debug/attnviz"
exec "$venv/bin/python" "$root/bench/explorer.py" --attnviz "$bin" "$@"

#!/usr/bin/env bash
# Fuzzing throughput and coverage of every reader: scripts/fuzz runs each libFuzzer target for
# ATTNVIZ_FUZZ_SECONDS (default 30) and prints executions, exec/s, cov/ft and findings per target.
# Findings are reported here, not failed on: `make test` (the smoke pass) and `make fuzz` fail on them.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/fuzz --seconds "${ATTNVIZ_FUZZ_SECONDS:-30}" --report || echo "(scripts/fuzz reported findings; see Fuzz/regressions/)"
exit 0

#!/usr/bin/env bash
# Runs every benchmark (optimised build) and prints one table of the figures that
# have an aim: bash scripts/bench.sh
# Each benchmark's own tables are kept in target/bench.log. The figures are
# medians of repeated runs on this machine: compare them run against run on one
# machine, not across machines.
set -euo pipefail
cd "$(dirname "$0")/.."
log=target/bench.log
mkdir -p target
cargo bench --bench import --bench frame --bench pdf >"$log" 2>&1 || {
    tail -n 30 "$log"
    echo "bench.sh: a benchmark failed; its output is in $log" >&2
    exit 1
}
echo "| benchmark | result | aim |"
echo "|---|---:|---|"
sed -n 's/^summary: /| /p' "$log"

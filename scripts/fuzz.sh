#!/usr/bin/env bash
# Runs the fuzz targets for N seconds each (default 60): bash scripts/fuzz.sh [SECONDS] [TARGET…]
#   RUNS=10000000 bash scripts/fuzz.sh 0 import   runs a fixed number of executions instead
#   SANITIZER=none                                 builds without the address sanitizer
#                                                  (the crate forbids unsafe code; 2–4× faster)
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). New inputs that
# increase coverage land in fuzz/corpus/TARGET/, which `cargo test` replays; shrink it with
# `cargo +nightly fuzz cmin TARGET` before committing. Each run ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import vault_load settings photo sheet_record)
sanitizer="${SANITIZER:-address}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
for t in "${targets[@]}"; do
    if [ -n "${RUNS:-}" ]; then
        limit=(-runs="$RUNS")
        echo "==> fuzzing $t for $RUNS executions ($sanitizer sanitizer)"
    else
        limit=(-max_total_time="$seconds")
        echo "==> fuzzing $t for ${seconds}s ($sanitizer sanitizer)"
    fi
    log="target/fuzz-$t.log"
    mkdir -p target
    status=0
    cargo +nightly fuzz run -s "$sanitizer" "$t" "fuzz/corpus/$t" -- "${limit[@]}" \
        -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    if [ "$status" -eq 0 ]; then
        echo "fuzz $t: ${runs:-?} executions in ${secs:-?} s, 0 crashes ($sanitizer sanitizer; log $log)"
    else
        echo "fuzz $t: FAILED after ${runs:-?} executions; the input is under fuzz/artifacts/$t/ (log $log)"
        exit 1
    fi
done

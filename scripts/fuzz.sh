#!/usr/bin/env bash
# Runs the fuzz targets for N seconds each (default 60): bash scripts/fuzz.sh [SECONDS] [TARGET…]
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). New inputs that
# increase coverage land in fuzz/corpus/TARGET/, which `cargo test` replays.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import vault_load settings)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
for t in "${targets[@]}"; do
    echo "==> fuzzing $t for ${seconds}s"
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048
done

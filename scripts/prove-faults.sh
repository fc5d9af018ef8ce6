#!/usr/bin/env bash
# The long fault-injection run: kills init, rotate-recovery-key, restore and print at
# EVERY write, fsync, rename, link, unlink and keyring message (CI samples 12 of each).
# Prints one summary line. Needs what scripts/test.sh installs (strace, gnome-keyring).
set -euo pipefail
cd "$(dirname "$0")/.."
export CODEKEEPER_REQUIRE_REAL_KEYRING=1 CODEKEEPER_FAULT_POINTS=all
cargo test --locked --test faults -- --nocapture 2>&1 | grep -E "^faults:|test result"

#!/usr/bin/env bash
# The long crash run: SIGKILL at EVERY write, fsync, rename, link, unlink and keyring
# message of every command that writes (tests/faults.rs; CI samples a few of each),
# plus KILLS random-moment kills of the save loop and of the key-change loop
# (tests/crash.rs; CI runs 120 and 100). Prints one summary line.
# Usage: bash scripts/prove/crashes.sh [KILLS]   (default 800)
# Needs what scripts/test.sh installs (strace, gnome-keyring).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CODEKEEPER_REQUIRE_REAL_KEYRING=1 CODEKEEPER_FAULT_POINTS=all
export CODEKEEPER_CRASH_KILLS="${1:-800}" CARGO_PROFILE_DEV_DEBUG=0
start=$(date +%s)
log=${CRASHES_LOG:-target/prove-crashes.log}
mkdir -p "$(dirname "$log")"
if ! cargo test --locked --test faults --test crash -- --nocapture --test-threads=1 >"$log" 2>&1; then
  grep -E -A3 "panicked|left behind|neither|no longer|error" "$log" | head -40 || true
  echo "crashes: FAILED (the whole output is in $log)"
  exit 1
fi
grep -oE "(faults|saves|key changes): .*" "$log"
total=$(grep -oE "(faults|saves|key changes): .*" "$log" | awk '
  /^faults: SIGKILL points per command/ { n = split($0, f, /[ ,]+/); for (i = 1; i <= n; i++) if (f[i] ~ /^[0-9]+$/) t += f[i] }
  /^faults: [0-9]+ SIGKILL/ { t += $2 }
  /^saves:/ { t += $2 }
  /^key changes:/ { t += $3 }
  END { print t }')
echo "crashes: $total SIGKILLs in $(( $(date +%s) - start )) s across every command that writes; nothing lost, no plaintext left"

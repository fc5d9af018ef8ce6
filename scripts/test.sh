#!/usr/bin/env bash
# Runs Codekeeper's whole test suite on a Debian machine, installing what it needs:
# D-Bus and gnome-keyring (a real Secret Service, started privately by the tests),
# the stock `age` CLI (interop), poppler and zbar (printed sheets are read back),
# strace (kills commands at every write, fsync, rename and keyring call).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pair in dbus-daemon:dbus-daemon dbus-send:dbus-bin gnome-keyring-daemon:gnome-keyring age:age \
    pdftotext:poppler-utils zbarimg:zbar-tools strace:strace; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Real-keyring tests must run, not skip.
export CODEKEEPER_REQUIRE_REAL_KEYRING=1
# Line tables only: cuts a cold test build by about a quarter.
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "==> cargo test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked 2>&1 | tee "$log"
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "codekeeper: %d passed, %d failed\n", p, f }' "$log"

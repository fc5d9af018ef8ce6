#!/usr/bin/env bash
# Runs Codekeeper's whole test suite on a Debian machine, installing what it needs:
# D-Bus and gnome-keyring (a real Secret Service, started privately by the tests),
# the stock `age` CLI (interop), poppler, zbar and ImageMagick (printed sheets are
# rendered, turned, scaled and read back from pictures),
# strace (kills commands at every write, fsync, rename and keyring call), Python for
# the SLIP-0039 reference tool that heir shares must recombine with, and Syncthing
# with curl (two computers sharing one vault, run for real on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pair in dbus-daemon:dbus-daemon dbus-send:dbus-bin gnome-keyring-daemon:gnome-keyring age:age \
    pdftotext:poppler-utils zbarimg:zbar-tools convert:imagemagick strace:strace \
    syncthing:syncthing curl:curl; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
# A `convert` that is not ImageMagick's (a stand-in earlier on PATH) cannot turn and scale
# the sheets' pictures: install the real one, and put it first on PATH below.
convert -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! convert -version 2>/dev/null | grep -q ImageMagick && [ -x /usr/bin/convert ]; then
    mkdir -p target/imagemagick-bin
    ln -sf /usr/bin/convert target/imagemagick-bin/convert
    export PATH="$PWD/target/imagemagick-bin:$PATH"
fi

# The SLIP-0039 reference implementation and Bech32 (for the conversion printed on heir
# shares), pinned, in a private virtualenv: heir shares are checked against them.
venv=target/slip39-venv
if ! "$venv/bin/python" -c 'import shamir_mnemonic, bech32, click' >/dev/null 2>&1; then
    echo "==> installing shamir-mnemonic and bech32 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'shamir-mnemonic[cli]==0.3.0' 'bech32==1.2.0'
fi
export CODEKEEPER_SLIP39_TOOLS="$PWD/$venv/bin"

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
echo "==> two computers through Syncthing"
bash scripts/sync-two-computers.sh

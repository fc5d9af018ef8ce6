#!/usr/bin/env bash
# Runs every benchmark (optimised build) and prints one table of the figures that
# have an aim: bash scripts/bench.sh
# Each benchmark's own tables are kept in target/bench.log. The figures are
# medians of repeated runs on this machine: compare them run against run on one
# machine, not across machines.
set -euo pipefail
cd "$(dirname "$0")/.."
# The vault benchmark runs the real binary against a private gnome-keyring and beside
# the stock `age -d`, with /usr/bin/time for the peak memory; the window's memory is
# measured under Xvfb with Mesa's software GL.
need=()
for pair in dbus-daemon:dbus-daemon dbus-send:dbus-bin gnome-keyring-daemon:gnome-keyring \
    age:age /usr/bin/time:time Xvfb:xvfb; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
dpkg -s libgl1-mesa-dri >/dev/null 2>&1 || need+=(libgl1-mesa-dri)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
log=target/bench.log
mkdir -p target
cargo bench --bench import --bench frame --bench pdf --bench vault >"$log" 2>&1 || {
    tail -n 30 "$log"
    echo "bench.sh: a benchmark failed; its output is in $log" >&2
    exit 1
}
echo "| benchmark | result | aim |"
echo "|---|---:|---|"
sed -n 's/^summary: /| /p' "$log"
cargo build --release --quiet
echo "| release binary | $(($(stat -c %s target/release/codekeeper) / 1024 / 1024)) MiB | — |"
echo
echo 'Vault (16 codes per account), whole processes against a real keyring, beside `age -d` of the same file:'
echo
awk '/^\| accounts \| vault file \|/ { on = 1 } on && !/^\|/ { exit } on' "$log"

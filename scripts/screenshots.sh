#!/usr/bin/env bash
# Runs the real window under Xvfb with a demo vault of made-up codes (the import
# fixtures) and a private gnome-keyring, and saves screenshots to assets/readme/.
# Needs: xvfb, xdotool, imagemagick (import), dbus, gnome-keyring, mesa (libgl1-mesa-dri).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="$PWD/target/debug/codekeeper"
out="$PWD/assets/readme"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
display=:77
Xvfb "$display" -screen 0 1100x720x24 >/dev/null 2>&1 &
sleep 1
export DISPLAY="$display" XDG_DATA_HOME="$work/xdg" LIBGL_ALWAYS_SOFTWARE=1
mkdir -p "$XDG_DATA_HOME"
dbus-run-session -- bash -s "$bin" "$out" "$work" <<'INNER'
set -euo pipefail
bin=$1 out=$2 work=$3
[ -z "${SCREENSHOT_DEBUG:-}" ] || set -x
echo -n demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && break
  sleep 0.1
done
shot() { # window-title-wait, file
  local wid
  wid=$(xdotool search --sync --name Codekeeper | head -1)
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  sleep 2
  import -window "$wid" "$out/$1"
}
# Welcome screen: an empty data directory.
CODEKEEPER_DATA_DIR="$work/empty" CODEKEEPER_CONFIG_DIR="$work/config" "$bin" 2>/dev/null &
pid=$!
shot welcome.png
kill $pid; wait $pid 2>/dev/null || true
# Main window: a demo vault.
export CODEKEEPER_DATA_DIR="$work/data" CODEKEEPER_CONFIG_DIR="$work/config"
"$bin" init >/dev/null 2>&1
fx=tests/fixtures/import
"$bin" import "$fx/github_download/github-recovery-codes.txt" --account alice 2>/dev/null
"$bin" import "$fx/google_download/Backup-codes-alice.smith.txt" 2>/dev/null
"$bin" import "$fx"/pypi_download/PyPI-*.txt 2>/dev/null
"$bin" import "$fx/discord_current_file/discord_backup_codes.txt" 2>/dev/null
"$bin" use github >/dev/null 2>&1
"$bin" use github >/dev/null 2>&1
"$bin" print github -o "$work/s.pdf" 2>/dev/null
"$bin" backup "$work/copy" 2>/dev/null
"$bin" 2>/dev/null &
pid=$!
wid=$(xdotool search --sync --name Codekeeper | head -1)
sleep 2
xdotool mousemove --window "$wid" 120 118 click 1
sleep 1
shot main.png
kill $pid; wait $pid 2>/dev/null || true
INNER
ls -l "$out"

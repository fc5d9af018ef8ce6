#!/usr/bin/env bash
# Runs the real window under Xvfb with a demo vault of made-up codes (the import
# fixtures) and a private gnome-keyring, drives it with the keyboard (xdotool), and
# saves every screen at 640x480, 1280x800 and 1920x1080 in light and dark to
# assets/readme/screens/NAME-WxH-THEME.png (plus the README's main.png / welcome.png).
# Needs: xvfb, xdotool, imagemagick (import), dbus, gnome-keyring, mesa (libgl1-mesa-dri);
# pngquant, when present, makes the images about a quarter of their size.
# SIZES / THEMES narrow it down, e.g. SIZES=640x480 THEMES=dark.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="$PWD/target/debug/codekeeper"
out="$PWD/assets/readme"
mkdir -p "$out/screens"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/lib/xsession.sh
start_xvfb :77 1920x1080 "$work"
export SIZES="${SIZES:-640x480 1280x800 1920x1080}" THEMES="${THEMES:-light dark}"
dbus-run-session -- bash -s "$bin" "$out" "$work" <<'INNER'
set -euo pipefail
bin=$1 out=$2 work=$3
[ -z "${SCREENSHOT_DEBUG:-}" ] || set -x
source scripts/lib/xsession.sh
start_keyring
wid=""
start() { # size, then the program's environment and arguments
  local size=$1; shift
  env "$@" "$bin" 2>/dev/null &
  pid=$!
  wid=$(xdotool search --sync --name Codekeeper | head -1)
  xdotool windowsize "$wid" "${size%x*}" "${size#*x}"
  xdotool windowmove "$wid" 0 0
  focus_window "$wid"
  sleep 2
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
keys() { xdotool key --delay 120 "$@"; sleep 0.8; }
shot() { sleep 1.2; import -window "$wid" "$out/screens/$1"; }

fx=tests/fixtures/import
demo="$work/data"
export CODEKEEPER_DATA_DIR="$demo"
"$bin" init >"$work/key.txt" 2>/dev/null
"$bin" import "$fx/github_download/github-recovery-codes.txt" --account alice 2>/dev/null
"$bin" import "$fx/google_download/Backup-codes-alice.smith.txt" 2>/dev/null
"$bin" import "$fx"/pypi_download/PyPI-*.txt 2>/dev/null
"$bin" import "$fx/discord_current_file/discord_backup_codes.txt" 2>/dev/null
"$bin" use github >/dev/null 2>&1
"$bin" use github >/dev/null 2>&1
"$bin" print github -o "$work/s.pdf" 2>/dev/null
# A photo of that sheet (a 150 dpi scan, turned a little), then one more code used.
pdftoppm -r 150 -png -f 1 -l 1 "$work/s.pdf" "$work/scan"
convert "$work/scan-1.png" -background white -rotate 2 -quality 85 "$work/photo.jpg"
"$bin" use github >/dev/null 2>&1
"$bin" heir-kit -o "$work/heirs.pdf" <"$work/key.txt" 2>/dev/null
"$bin" backup "$work/copy" 2>/dev/null
# Two of the heir shares, as printed (numbered words in columns, one share per page).
share() {
  pdftotext -layout -f "$1" -l "$1" "$work/heirs.pdf" - | sed -n '/words of share/,/What this is/p' |
    grep -oE '[0-9]+\. [a-z]+' | sort -n | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//'
}
share1=$(share 1) share3=$(share 3)
unset CODEKEEPER_DATA_DIR

for theme in $THEMES; do
  config="$work/config-$theme"
  mkdir -p "$config"
  echo "theme = \"$theme\"" > "$config/settings.toml"
  for size in $SIZES; do
    tag="$size-$theme"
    # First run: welcome, then the paper key (Enter creates the vault).
    rm -rf "$work/empty"
    start "$size" CODEKEEPER_DATA_DIR="$work/empty" CODEKEEPER_CONFIG_DIR="$config"
    shot "welcome-$tag.png"
    keys Return
    shot "paper-key-$tag.png"
    keys Tab Tab Tab
    stop
    # The open vault.
    start "$size" CODEKEEPER_DATA_DIR="$demo" CODEKEEPER_CONFIG_DIR="$config"
    keys ctrl+f
    xdotool type --delay 40 github
    keys Return Escape
    shot "main-$tag.png"
    keys ctrl+Return
    shot "used-toast-$tag.png"
    keys ctrl+z
    # Add codes: Open file… shows the path field here (no desktop portal under Xvfb).
    keys ctrl+n Tab space
    shot "path-field-$tag.png"
    xdotool type --delay 10 "$PWD/tests/fixtures/import/google_download/Backup-codes-alice.smith.txt"
    keys Return
    shot "add-codes-$tag.png"
    keys Escape
    keys F1
    shot "shortcuts-$tag.png"
    keys Escape
    keys ctrl+p
    shot "print-$tag.png"
    keys Escape
    # Check sheets… (Ctrl+K): the path field here, then the results.
    keys ctrl+k
    xdotool type --delay 5 "$work/photo.jpg"
    keys Return
    sleep 8
    shot "check-sheets-$tag.png"
    keys Escape
    keys ctrl+comma
    shot "settings-$tag.png"
    keys Escape
    # Settings → Rehearse the paper key… (17th control) and Make an heir kit… (21st).
    keys ctrl+comma
    xdotool key --delay 150 $(printf 'Tab %.0s' $(seq 17)) space
    sleep 0.8
    xdotool type --delay 5 "$(cat "$work/key.txt")"
    shot "rehearse-$tag.png"
    keys Escape
    keys ctrl+comma
    xdotool key --delay 150 $(printf 'Tab %.0s' $(seq 21)) space
    sleep 0.8
    xdotool type --delay 5 "$(cat "$work/key.txt")"
    shot "heir-kit-$tag.png"
    keys Escape
    keys ctrl+l
    shot "locked-$tag.png"
    keys Tab Tab space
    shot "restore-$tag.png"
    stop
    # Restoring with heir shares: one share typed, the next one under way.
    start "$size" CODEKEEPER_DATA_DIR="$demo" CODEKEEPER_CONFIG_DIR="$config"
    keys ctrl+l Tab Tab Tab space
    xdotool type --delay 2 "$share1"
    sleep 1
    keys Return
    xdotool type --delay 2 "$(echo "$share3" | cut -d' ' -f1-12)"
    shot "restore-shares-$tag.png"
    stop
  done
done
INNER
if command -v pngquant >/dev/null 2>&1; then
  pngquant --force --skip-if-larger --ext .png --quality 70-95 "$out"/screens/*.png || true
fi
# The README's images.
cp "$out/screens/main-1280x800-dark.png" "$out/main.png" 2>/dev/null || true
cp "$out/screens/welcome-1280x800-light.png" "$out/welcome.png" 2>/dev/null || true
cp "$out/screens/rehearse-1280x800-light.png" "$out/rehearse.png" 2>/dev/null || true
cp "$out/screens/check-sheets-1280x800-light.png" "$out/check-sheets.png" 2>/dev/null || true
ls "$out/screens" | wc -l

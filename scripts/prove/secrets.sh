#!/usr/bin/env bash
# Secrets stay secret after Lock: drives the real window under Xvfb with the keyboard
# (xdotool) through first run (the paper key is shown and confirmed), opening a file
# of canary codes in Add codes, storing them, using one (it goes to the clipboard),
# typing a canary note on a code, making a new paper key in Settings (shown, then
# confirmed), then Lock. Core dumps (gcore) are taken before and after Lock and searched for
# every canary code, the note and every 9-character piece of both paper keys. The dump before
# Lock must find them (the method works); the one after must find none.
# Prints one summary line. Needs: xvfb, xdotool, gdb (gcore), dbus, gnome-keyring,
# mesa (libgl1-mesa-dri), python3. BUILD=release uses an optimised build.
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=${BUILD:-debug}
if [ "$profile" = release ]; then cargo build --quiet --release; else cargo build --quiet; fi
bin="$PWD/target/$profile/codekeeper"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/lib/xsession.sh
start_xvfb :79 1280x800 "$work"
export CODEKEEPER_DATA_DIR="$work/data" CODEKEEPER_CONFIG_DIR="$work/config"
# Ten canary codes no other program has in memory.
python3 - "$work/github-recovery-codes.txt" <<'PY'
import secrets, sys
alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
codes = ["".join(secrets.choice(alphabet) for _ in range(5)) + "-" + "".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(10)]
open(sys.argv[1], "w").write("GitHub recovery codes\n" + "\n".join(codes) + "\n")
note = "note " + "".join(secrets.choice(alphabet) for _ in range(12))
open(sys.argv[1].replace("github-recovery-codes.txt", "note"), "w").write(note)
PY
dbus-run-session -- bash -s "$bin" "$work" <<'INNER'
set -euo pipefail
bin=$1 work=$2
source scripts/lib/xsession.sh
start_keyring
"$bin" 2>"$work/window.log" &
pid=$!
wid=$(xdotool search --sync --name Codekeeper | head -1)
focus_window "$wid"
sleep 2
keys() { xdotool key --delay 150 "$@"; sleep 1; }
dump() { gcore -o "$work/$1" "$pid" >/dev/null 2>&1; mv "$work/$1.$pid" "$work/$1"; }
# dump_until NAME REGEX: dumps again (a slow machine draws late) until REGEX is in it.
dump_until() {
  for _ in $(seq 10); do
    dump "$1"
    grep -a -q -o "$2" "$work/$1" && return 0
    sleep 1
  done
}
# First run: create the vault; the paper key is on screen.
keys Return
dump_until core-key 'AGE-SECRET-KEY-1[0-9A-Z]\{58\}'
key=$(grep -a -o 'AGE-SECRET-KEY-1[0-9A-Z]\{58\}' "$work/core-key" | head -1 || true)
[ -n "$key" ] || { echo "the paper key was not found in the dump taken while it is shown"; exit 1; }
echo "$key" > "$work/key"
# "I have written it down", then the group asked for (its number is on screen).
keys Return
dump_until core-group 'Group [0-9]\{1,2\} of the key'
group=$(grep -a -o 'Group [0-9]\{1,2\} of the key' "$work/core-group" | head -1 | grep -o '[0-9]\+')
typed=$(python3 -c "import sys; k=sys.argv[1][16:]; g=int(sys.argv[2]); print(k[(g-1)*4:g*4])" "$key" "$group")
xdotool type --delay 60 "$typed"
keys Return
# Add codes from the canary file (the path field: no file dialog under Xvfb).
keys ctrl+n Tab space
xdotool type --delay 20 "$work/github-recovery-codes.txt"
keys Return
sleep 1
keys Return
keys Escape
# Use the next code: it goes to the clipboard this window owns.
keys ctrl+f
xdotool type --delay 60 github
keys Return Escape
keys ctrl+Return
sleep 1
# A note typed on code 3: its row's ⋮ menu, then Note… (positions in the
# 980x660 window at the top left of the screen; the note must be found in the dump
# before Lock, which shows that these clicks still hit).
click() { xdotool mousemove "$1" "$2" click 1; sleep 1; }
click 625 280
click 650 353
xdotool type --delay 40 "$(cat "$work/note")"
keys Return
# A new paper key from Settings → Make a new recovery key… → Make a new key.
keys ctrl+comma
click 340 504
click 333 391
for _ in $(seq 10); do
  dump core-key2
  [ "$(grep -a -o 'AGE-SECRET-KEY-1[0-9A-Z]\{58\}' "$work/core-key2" | grep -c -v -x -F "$key")" -gt 0 ] && break
  sleep 1
done
grep -a -o 'AGE-SECRET-KEY-1[0-9A-Z]\{58\}' "$work/core-key2" | grep -v -x -F "$key" | head -1 > "$work/key2" || true
[ -s "$work/key2" ] || { echo "the new paper key was not found in the dump taken while it is shown"; exit 1; }
key2=$(cat "$work/key2")
keys Return
dump_until core-group2 'Group [0-9]\{1,2\} of the key'
# The first confirmation's label may still be in memory: prefer a different number.
first_group=$group
group=$(grep -a -o 'Group [0-9]\{1,2\} of the key' "$work/core-group2" | grep -o '[0-9]\+' | sort -u \
  | awk -v old="$first_group" '$0 != old { print; found = 1; exit } END { if (!found) print old }')
typed=$(python3 -c "import sys; k=sys.argv[1][16:]; g=int(sys.argv[2]); print(k[(g-1)*4:g*4])" "$key2" "$group")
xdotool type --delay 60 "$typed"
keys Return
dump core-open
keys ctrl+l
sleep 3
dump core-locked
kill "$pid"; wait "$pid" 2>/dev/null || true
INNER
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
codes = [l.strip() for l in (work / "github-recovery-codes.txt").read_text().splitlines()[1:] if l.strip()]
note = (work / "note").read_text().strip()
def pieces(key):
    return {key[16 + i:16 + i + 9] for i in range(len(key) - 16 - 8)}
first, second = pieces((work / "key").read_text().strip()), pieces((work / "key2").read_text().strip())
def count(name):
    data = (work / name).read_bytes()
    found = lambda items: sum(1 for p in items if p.encode() in data or p.lower().encode() in data or p.upper().encode() in data)
    return found(codes), found([note[5:]]), found(first), found(second)
open_codes, open_note, _, _ = count("core-open")
_, _, shown_first, _ = count("core-key")
_, _, _, shown_second = count("core-key2")
locked = count("core-locked")
print(f"secrets: before lock {open_codes}/{len(codes)} canary codes, {open_note}/1 typed note, "
      f"{shown_first}/{len(first)} and {shown_second}/{len(second)} pieces of the first and the rotated paper key found (method works); "
      f"after lock {locked[0]} canary codes, {locked[1]} notes, {locked[2]} + {locked[3]} key pieces of 9 characters")
ok = open_codes > 0 and open_note == 1 and shown_first > 0 and shown_second > 0 and sum(locked) == 0
sys.exit(0 if ok else 1)
PY

#!/usr/bin/env bash
# Secrets stay secret after Lock: drives the real window under Xvfb with the keyboard
# (xdotool) through first run (the paper key is shown and confirmed), opening a file
# of canary codes in Add codes, storing them, using one (it goes to the clipboard),
# then Lock. Core dumps (gcore) are taken before and after Lock and searched for
# every canary code and every 9-character piece of the paper key. The dump before
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
PY
dbus-run-session -- bash -s "$bin" "$work" <<'INNER'
set -euo pipefail
bin=$1 work=$2
source scripts/lib/xsession.sh
start_keyring
"$bin" 2>"$work/window.log" &
pid=$!
wid=$(xdotool search --sync --name Codekeeper | head -1)
xdotool windowfocus --sync "$wid" 2>/dev/null || true
sleep 2
keys() { xdotool key --delay 150 "$@"; sleep 1; }
dump() { gcore -o "$work/$1" "$pid" >/dev/null 2>&1; mv "$work/$1.$pid" "$work/$1"; }
# First run: create the vault; the paper key is on screen.
keys Return
dump core-key
key=$(grep -a -o 'AGE-SECRET-KEY-1[0-9A-Z]\{58\}' "$work/core-key" | head -1 || true)
[ -n "$key" ] || { echo "the paper key was not found in the dump taken while it is shown"; exit 1; }
echo "$key" > "$work/key"
# "I have written it down", then the group asked for (its number is on screen).
keys Return
dump core-group
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
key = (work / "key").read_text().strip()
pieces = {key[16 + i:16 + i + 9] for i in range(len(key) - 16 - 8)}
def count(name):
    data = (work / name).read_bytes()
    found_codes = sum(1 for c in codes if c.encode() in data or c.upper().encode() in data)
    found_key = sum(1 for p in pieces if p.encode() in data or p.lower().encode() in data)
    return found_codes, found_key
open_codes, _ = count("core-open")
_, shown_key = count("core-key")
locked_codes, locked_key = count("core-locked")
print(f"secrets: before lock {open_codes}/{len(codes)} canary codes and {shown_key}/{len(pieces)} key pieces found (method works); "
      f"after lock {locked_codes} canary codes and {locked_key} key pieces of 9 characters")
ok = open_codes > 0 and shown_key > 0 and locked_codes == 0 and locked_key == 0
sys.exit(0 if ok else 1)
PY

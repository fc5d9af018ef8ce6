#!/usr/bin/env bash
# Two computers sharing one vault through Syncthing: a code ticked on one stays ticked
# on both after a sync conflict.
#
# Two "computers", A and B, run on this machine, each with its own D-Bus session and
# gnome-keyring (so each has its own device key), its own Codekeeper data folder and
# its own Syncthing. The two Syncthings talk only to each other over 127.0.0.1 (no
# discovery, relays, NAT, usage or crash reporting, upgrades; A dials B's address)
# and share the data folder. The run:
#   1. starts both keyrings and both Syncthings and shares the folder;
#   2. A: `init` and `import` of 16 GitHub codes; the vault syncs to B;
#   3. B: `restore --keep-other-computers` with the paper key, so both keyrings open
#      the vault; the change syncs back; `list` works on both (16/16);
#   4. the computers are cut apart (each pauses the other); A marks code 1 used,
#      then, a second later, B marks code 2 used;
#   5. they reconnect: Syncthing keeps the newer vault.age (B's) and renames A's to
#      vault.sync-conflict-…age, which syncs to B as well;
#   6. `list` on A merges the conflict copy ("used wins") and moves it to
#      backups/merged/; that syncs to B; then both must show 14/16 with codes 1 and
#      2 used, no conflict copy left beside the vault, and the copy kept in
#      backups/merged/.
# Prints one line per step, then PASS (exit 0) or FAIL (exit 1).
#
# Run from anywhere:   scripts/sync-two-computers.sh
#   CODEKEEPER=PATH    the binary to test (default: target/debug/codekeeper of this
#                      repository; build it first with `cargo build`)
#   KEEP=1             keep the work folder (data folders, keyrings, Syncthing logs)
#   TIMEOUT=SECONDS    longest wait for any one step (default 60)
# Needs: bash 5, syncthing (1.19 or newer), dbus-daemon, dbus-send,
# gnome-keyring-daemon, curl, python3. Leaves your own keyring, Syncthing and Codekeeper data
# alone: everything lives in a temporary folder and on loopback ports picked free
# at start, and every process it starts is stopped at the end.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ck=${CODEKEEPER:-$root/target/debug/codekeeper}
timeout=${TIMEOUT:-60}
folder_id=codekeeper-vault

for tool in syncthing dbus-daemon dbus-send gnome-keyring-daemon curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
[ -x "$ck" ] || { echo "FAIL: no Codekeeper binary at $ck (build it, or set CODEKEEPER=PATH)" >&2; exit 1; }
ck=$(cd "$(dirname "$ck")" && pwd)/$(basename "$ck")

t0=${EPOCHREALTIME/./}
elapsed() { # seconds since the start, one decimal
  local d=$(((${EPOCHREALTIME/./} - t0) / 100000))
  echo "$((d / 10)).$((d % 10))"
}
step() { printf '[%5ss] %s\n' "$(elapsed)" "$*"; }
fail() {
  printf '[%5ss] FAIL: %s\n' "$(elapsed)" "$*"
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/ck-sync.XXXXXX")
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "work folder kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'fail "unexpected error on line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 143' TERM

# Four free loopback ports: Syncthing GUI/REST and sync protocol for A and B.
read -r gui_A gui_B sync_A sync_B < <(python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
PY
)
declare -A gui=([A]=$gui_A [B]=$gui_B) sync=([A]=$sync_A [B]=$sync_B) bus=() id=() apikey=()
peer() { [ "$1" = A ] && echo B || echo A; }

# ---------------------------------------------------------------- helpers

# wait_for TEXT COMMAND...: runs COMMAND until it succeeds, for at most $timeout s.
wait_for() {
  local what=$1 deadline
  shift
  deadline=$(($(date +%s) + timeout))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${timeout} s waiting for $what"
    sleep 0.2
  done
}

# on NAME ARGS...: runs Codekeeper as computer NAME (its keyring, data and config).
on() {
  local n=$1 h=$work/$1
  shift
  env HOME="$h/home" XDG_CONFIG_HOME="$h/home/.config" XDG_DATA_HOME="$h/xdg" \
    XDG_CACHE_HOME="$h/home/.cache" XDG_RUNTIME_DIR="$h/run" \
    DBUS_SESSION_BUS_ADDRESS="${bus[$n]}" \
    CODEKEEPER_DATA_DIR="$h/data" CODEKEEPER_CONFIG_DIR="$h/config" "$ck" "$@"
}

# api NAME METHOD PATH: Syncthing REST call on computer NAME; prints the body.
api() {
  curl -fsS --max-time 10 -X "$2" -H "X-API-Key: ${apikey[$1]}" "http://127.0.0.1:${gui[$1]}$3"
}

# scan NAME: Syncthing on NAME rescans the folder now (returns when done).
scan() { api "$1" POST "/rest/db/scan?folder=$folder_id" >/dev/null || fail "Syncthing on $1 did not rescan"; }

# sync_state: "in sync" when both Syncthings are idle, neither needs anything,
# each sees the other complete, and both data folders hold the same files with
# the same bytes (ignored files aside); otherwise what differs.
sync_state() {
  python3 - "$folder_id" "$work" "${gui[A]}" "${apikey[A]}" "${id[A]}" \
    "${gui[B]}" "${apikey[B]}" "${id[B]}" <<'PY'
import hashlib, json, os, sys, urllib.request
folder, work = sys.argv[1], sys.argv[2]
side = {"A": sys.argv[3:6], "B": sys.argv[6:9]}
def get(n, path):
    port, key, _ = side[n]
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-API-Key": key})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)
def files(n):
    top = os.path.join(work, n, "data")
    out = {}
    for d, dirs, names in os.walk(top):
        dirs[:] = [x for x in dirs if x != ".stfolder"]
        for name in names:
            rel = os.path.relpath(os.path.join(d, name), top)
            if rel in (".stignore", "vault.lock") or ".tmp-" in name or name.startswith(".syncthing."):
                continue
            try:
                with open(os.path.join(d, name), "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
            except FileNotFoundError:  # renamed or deleted while we looked
                out[rel] = "gone"
    return out
why = []
try:
    for n, other in (("A", "B"), ("B", "A")):
        st = get(n, f"/rest/db/status?folder={folder}")
        if st["state"] != "idle" or st["needTotalItems"]:
            why.append(f"{n}: {st['state']}, needs {st['needTotalItems']} items")
        c = get(n, f"/rest/db/completion?folder={folder}&device={side[other][2]}")
        if c["completion"] < 100 or c["needItems"] or c["needBytes"] or c["needDeletes"]:
            why.append(f"{n} sees {other} at {c['completion']:.0f}%")
    a, b = files("A"), files("B")
    if a != b:
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        why.append("files differ: " + ", ".join(diff))
except Exception as e:  # Syncthing busy or restarting: not in sync yet
    why.append(f"could not check: {e}")
print("; ".join(why) or "in sync")
PY
}

# wait_synced: both sides rescan, then wait until sync_state says "in sync".
wait_synced() {
  scan A
  scan B
  local deadline=$(($(date +%s) + timeout)) state
  while :; do
    state=$(sync_state 2>&1) || state="could not check: $state"
    [ "$state" != "in sync" ] || return 0
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${timeout} s waiting for sync ($state)"
    sleep 0.2
  done
}

connected() { # connected NAME yes|no: whether NAME's Syncthing is connected to the other
  local c
  c=$(api "$1" GET /rest/system/connections |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"].get(sys.argv[1], {}).get("connected", False))' "${id[$(peer "$1")]}")
  [ "$c" = "$([ "$2" = yes ] && echo True || echo False)" ]
}

# counts NAME: the unused/total field of `list` for GitHub:alice on NAME, or
# nothing (stderr kept in $work/NAME.stderr for the failure message).
counts() {
  local out
  out=$(on "$1" list 2>"$work/$1.stderr") || true
  awk -F'\t' '$1 == "GitHub" && $2 == "alice" { print $3 }' <<<"$out"
}

# used_codes NAME: numbers of the used codes on NAME, from `show --json`.
used_codes() {
  local out
  out=$(on "$1" show GitHub --json 2>>"$work/$1.stderr") || true
  python3 -c '
import json, sys
try:
    codes = json.loads(sys.argv[1])["code_sets"][0]["codes"]
except Exception:
    print("unreadable")
else:
    print(" ".join(str(c["number"]) for c in codes if c["used"]) or "none")' "$out"
}

# ---------------------------------------------------------------- 1. two computers

start_keyring() { # start_keyring NAME: a private D-Bus session with its own unlocked keyring
  local n=$1 h=$work/$1 out
  mkdir -p "$h/home" "$h/xdg" "$h/run"
  chmod 700 "$h/run"
  # A bus of its own that activates nothing (no stock service files), so nothing
  # can reach or start another keyring.
  cat >"$h/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$h/run/bus</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
  out=$(dbus-daemon --config-file="$h/bus.conf" --fork --print-address=1 --print-pid=1)
  bus[$n]=$(sed -n 1p <<<"$out")
  pids+=("$(sed -n 2p <<<"$out")")
  printf 'pw' | env DBUS_SESSION_BUS_ADDRESS="${bus[$n]}" HOME="$h/home" XDG_DATA_HOME="$h/xdg" \
    XDG_RUNTIME_DIR="$h/run" gnome-keyring-daemon --foreground --components=secrets --unlock \
    >"$h/keyring.log" 2>&1 &
  pids+=($!)
}
keyring_up() {
  DBUS_SESSION_BUS_ADDRESS="${bus[$1]}" dbus-send --session --dest=org.freedesktop.DBus --print-reply \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q 'boolean true'
}

setup_syncthing() { # setup_syncthing NAME: key, certificate and device ID
  local n=$1 h=$work/$1
  syncthing generate --home="$h/syncthing" --no-default-folder --skip-port-probing >"$h/syncthing-generate.log" 2>&1
  id[$n]=$(syncthing serve --home="$h/syncthing" --device-id 2>/dev/null)
  apikey[$n]=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
  # The shared folder is the data folder itself; the lock file and half-written
  # temp files stay on each computer.
  mkdir -p "$h/data/.stfolder"
  chmod 700 "$h/data"
  printf '%s\n' 'vault.lock' '.*.tmp-*' >"$h/data/.stignore"
}

configure_syncthing() { # configure_syncthing NAME: loopback only, the other device, the folder
  local n=$1 o h
  o=$(peer "$1")
  h=$work/$1
  python3 - "$h/syncthing/config.xml" "$n" "${id[$n]}" "${gui[$n]}" "${apikey[$n]}" "${sync[$n]}" \
    "$o" "${id[$o]}" "${sync[$o]}" "$folder_id" "$h/data" <<'PY'
import copy, sys, xml.etree.ElementTree as ET
cfg, name, me, gui, key, port, oname, other, oport, folder, path = sys.argv[1:]
tree = ET.parse(cfg)
root = tree.getroot()
def put(parent, tag, text):
    e = parent.find(tag)
    if e is None:
        e = ET.SubElement(parent, tag)
    e.text = text
root.find(f"device[@id='{me}']").set("name", name)
g = root.find("gui")
put(g, "address", f"127.0.0.1:{gui}")
put(g, "apikey", key)
o = root.find("options")
for tag, value in {
    "listenAddress": f"tcp://127.0.0.1:{port}",
    "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
    "relaysEnabled": "false", "natEnabled": "false", "announceLANAddresses": "false",
    "stunKeepaliveStartS": "0", "urAccepted": "-1",
    "crashReportingEnabled": "false", "autoUpgradeIntervalH": "0",
    "startBrowser": "false", "reconnectionIntervalS": "1",
}.items():
    put(o, tag, value)
d = copy.deepcopy(root.find("defaults/device"))
d.set("id", other)
d.set("name", oname)
# Only A dials (B's entry for A stays "dynamic", which finds nothing with discovery
# off): when both dial at once, Syncthing 1.19 can sit 20 s in a Hello timeout.
d.find("address").text = f"tcp://127.0.0.1:{oport}" if name == "A" else "dynamic"
root.insert(list(root).index(g), d)
f = copy.deepcopy(root.find("defaults/folder"))
f.attrib.update(id=folder, label="Codekeeper", path=path, type="sendreceive",
                rescanIntervalS="10", fsWatcherEnabled="false")
ET.SubElement(f, "device", id=other, introducedBy="")
root.insert(0, f)
tree.write(cfg)
PY
}

start_syncthing() { # start_syncthing NAME
  local h=$work/$1
  STNOUPGRADE=1 syncthing serve --home="$h/syncthing" --no-browser --no-restart --no-upgrade \
    --logflags=3 >"$h/syncthing.log" 2>&1 &
  pids+=($!)
}
rest_up() { api "$1" GET /rest/system/ping 2>/dev/null | grep -q pong; }

step "1. starting two computers, A and B: a private D-Bus session and keyring each, and a Syncthing each on 127.0.0.1"
for n in A B; do start_keyring "$n"; setup_syncthing "$n"; done
for n in A B; do configure_syncthing "$n"; done
# B first, so that it listens when A first dials (A backs off 1, 2, 4 s… otherwise).
start_syncthing B
wait_for "Syncthing's REST API on B" rest_up B
start_syncthing A
wait_for "Syncthing's REST API on A" rest_up A
for n in A B; do wait_for "the keyring of $n" keyring_up "$n"; done
for n in A B; do wait_for "Syncthing $n to connect to $(peer "$n")" connected "$n" yes; done
step "   A is ${id[A]:0:7} (REST 127.0.0.1:${gui[A]}, sync tcp://127.0.0.1:${sync[A]}), B is ${id[B]:0:7} (REST 127.0.0.1:${gui[B]}, sync tcp://127.0.0.1:${sync[B]}); connected, folder '$folder_id' shared"

# ---------------------------------------------------------------- 2. A creates the vault

step "2. A: init (paper key saved outside the synced folder) and import of 16 GitHub codes"
on A init >"$work/paper-key" 2>"$work/A.stderr" || fail "init on A failed: $(cat "$work/A.stderr")"
grep -q '^AGE-SECRET-KEY-1' "$work/paper-key" || fail "init printed no paper key"
python3 -c 'import secrets; [print(secrets.token_hex(3)[:5] + "-" + secrets.token_hex(3)[:5]) for _ in range(16)]' |
  on A import --service GitHub --account alice - >/dev/null 2>>"$work/A.stderr" ||
  fail "import on A failed: $(cat "$work/A.stderr")"
wait_synced
[ -s "$work/B/data/vault.age" ] && [ -s "$work/B/data/vault.id" ] || fail "vault.age and vault.id did not reach B"
step "   B has vault.age and vault.id"

# ---------------------------------------------------------------- 3. B joins

step "3. B: restore --keep-other-computers with the paper key (B's own keyring)"
on B restore --keep-other-computers --recovery-key "$work/paper-key" >/dev/null 2>"$work/B.stderr" ||
  fail "restore on B failed: $(cat "$work/B.stderr")"
wait_synced
for n in A B; do
  c=$(counts "$n")
  [ "$c" = 16/16 ] || fail "list on $n says '${c:-nothing}', expected 16/16: $(cat "$work/$n.stderr")"
done
step "   synced back to A; list on both: GitHub alice 16/16 (both keyrings open the vault)"

# ---------------------------------------------------------------- 4. a change on each side, apart

step "4. cutting A and B apart (each pauses the other), then A marks code 1 used, B code 2 a second later"
for n in A B; do
  api "$n" POST "/rest/system/pause?device=${id[$(peer "$n")]}" >/dev/null || fail "could not pause on $n"
done
for n in A B; do wait_for "$n to disconnect" connected "$n" no; done
on A mark GitHub 1 --used >/dev/null 2>"$work/A.stderr" || fail "mark on A failed: $(cat "$work/A.stderr")"
scan A
sleep 1.1 # B's change is newer: Syncthing keeps it as vault.age and renames A's
on B mark GitHub 2 --used >/dev/null 2>"$work/B.stderr" || fail "mark on B failed: $(cat "$work/B.stderr")"
scan B
for n in A B; do
  c=$(counts "$n")
  [ "$c" = 15/16 ] || fail "list on $n says '${c:-nothing}' while apart, expected 15/16: $(cat "$work/$n.stderr")"
done
step "   apart, each has only its own change: A and B both list GitHub alice 15/16"

# ---------------------------------------------------------------- 5. reconnect: a conflict

step "5. reconnecting; waiting for both sides to agree"
for n in B A; do # B first: only A dials
  api "$n" POST "/rest/system/resume?device=${id[$(peer "$n")]}" >/dev/null || fail "could not resume on $n"
done
for n in A B; do wait_for "$n to reconnect" connected "$n" yes; done
wait_synced
conflicts() { find "$work/$1/data" -maxdepth 1 -name 'vault.sync-conflict-*' -printf '%f\n' | sort; }
copy_A=$(conflicts A)
copy_B=$(conflicts B)
[ -n "$copy_A$copy_B" ] || fail "Syncthing made no conflict copy (A has: $(ls -A "$work/A/data" | tr '\n' ' '))"
[ "$copy_A" = "$copy_B" ] || fail "conflict copies differ: A has '$copy_A', B has '$copy_B'"
[ "$(wc -l <<<"$copy_A")" = 1 ] || fail "expected one conflict copy, found: $copy_A"
# Which computer renamed its vault.age: the one whose scan first recorded the copy.
made_by=$(api A GET "/rest/db/file?folder=$folder_id&file=$copy_A" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["global"]["modifiedBy"])') || made_by="?"
for n in A B; do [ "$made_by" = "${id[$n]:0:7}" ] && made_by=$n; done
step "   Syncthing kept the newer vault.age and made $copy_A on $made_by (its own edit, renamed); the copy is in both data folders now"

# ---------------------------------------------------------------- 6. the merge

step "6. list on A (merges the conflict copy), sync, then list on B"
c=$(counts A)
warning=$(grep -m1 'merged changes from another computer' "$work/A.stderr" || true)
[ -n "$warning" ] || fail "A did not report a merge; its stderr: $(cat "$work/A.stderr")"
step "   A says: $warning"
[ "$c" = 14/16 ] || fail "list on A says '${c:-nothing}' after the merge, expected 14/16"
wait_synced
c=$(counts B)
[ "$c" = 14/16 ] || fail "list on B says '${c:-nothing}', expected 14/16: $(cat "$work/B.stderr")"
wait_synced
for n in A B; do
  c=$(counts "$n")
  used=$(used_codes "$n")
  [ "$c" = 14/16 ] && [ "$used" = "1 2" ] || fail "$n: list says $c, used codes are '$used' (expected 14/16, codes 1 2)"
  [ -z "$(conflicts "$n")" ] || fail "$n still has a conflict copy beside the vault: $(conflicts "$n")"
  [ -f "$work/$n/data/backups/merged/$copy_A" ] || fail "$n has no backups/merged/$copy_A"
  stray=$(cd "$work/$n/data" && find . -name '*sync-conflict*' ! -path './backups/merged/*' -printf '%P ')
  [ -z "$stray" ] || fail "$n has other conflict copies: $stray"
  step "   $n: list GitHub alice $c, used codes: $used, no conflict copy beside the vault, kept as backups/merged/$copy_A"
done

step "PASS: a code ticked on each computer while apart stays ticked on both after the sync conflict (total $(elapsed) s)"

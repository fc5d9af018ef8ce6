# Shared by the scripts that drive the real window (screenshots.sh, prove/secrets.sh);
# sourced, not run.

# start_xvfb DISPLAY WxH WORKDIR: a virtual screen, software GL, a private data home.
start_xvfb() {
  Xvfb "$1" -screen 0 "$2x24" >/dev/null 2>&1 &
  sleep 1
  export DISPLAY="$1" XDG_DATA_HOME="$3/xdg" LIBGL_ALWAYS_SOFTWARE=1
  mkdir -p "$XDG_DATA_HOME"
}

# start_keyring: inside dbus-run-session, an unlocked gnome-keyring, waited for.
start_keyring() {
  echo -n demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && return 0
    sleep 0.1
  done
}

# focus_window WID: gives the window the keyboard (no window manager runs), retried
# until X reports it focused, since a window still mapping refuses focus.
focus_window() {
  for _ in $(seq 40); do
    xdotool windowfocus --sync "$1" 2>/dev/null || true
    [ "$(xdotool getwindowfocus 2>/dev/null)" = "$1" ] && return 0
    sleep 0.25
  done
  echo "could not focus window $1" >&2
  return 1
}

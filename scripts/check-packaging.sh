#!/usr/bin/env bash
# Validates the desktop file and AppStream metainfo, builds the .deb, installs it on
# this machine and checks that the program runs and its files landed where desktops look.
# Run by CI (.ci/run); it installs a package system-wide, so it is not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || need+=(appstream)
if [ ${#need[@]} -gt 0 ]; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
id=io.github.codekeeper.Codekeeper
echo "==> desktop-file-validate"
desktop-file-validate "packaging/linux/$id.desktop"
echo "==> appstreamcli validate"
appstreamcli validate --no-net "packaging/linux/$id.metainfo.xml"
echo "==> building the .deb"
deb=$(bash scripts/package-deb.sh)
echo "$deb"
echo "==> installing it"
$sudo dpkg -i "$deb" >/dev/null
version=$(codekeeper --version)
echo "$version"
case "$version" in "codekeeper "*"(vault format 2)") ;; *) echo "unexpected --version: $version"; exit 1 ;; esac
checked=0
for f in /usr/share/applications/$id.desktop /usr/share/metainfo/$id.metainfo.xml \
    /usr/share/icons/hicolor/256x256/apps/$id.png /usr/share/icons/hicolor/scalable/apps/$id.svg \
    /usr/share/man/man1/codekeeper.1.gz /usr/share/bash-completion/completions/codekeeper; do
    [ -s "$f" ] || { echo "missing after install: $f"; exit 1; }
    checked=$((checked + 1))
done
echo "packaging: $checked passed, 0 failed"

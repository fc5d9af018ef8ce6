#!/usr/bin/env bash
# Renders the app icon from assets/icons/io.github.codekeeper.Codekeeper.svg into the
# hicolor PNG sizes, a Windows .ico and a macOS .icns. Needs rsvg-convert (librsvg2-bin),
# ImageMagick (convert) and png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")/.."
id=io.github.codekeeper.Codekeeper
src=assets/icons/$id.svg
out=assets/icons
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$out/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$src" -o "$out/hicolor/${size}x${size}/apps/$id.png"
done
convert $(for s in 16 32 48 64 128 256; do echo "$out/hicolor/${s}x${s}/apps/$id.png"; done) "$out/$id.ico"
png2icns "$out/$id.icns" $(for s in 16 32 48 128 256 512; do echo "$out/hicolor/${s}x${s}/apps/$id.png"; done) >/dev/null
ls -l "$out" "$out"/hicolor/*/apps

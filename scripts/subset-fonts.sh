#!/usr/bin/env bash
# Makes the compact fonts in assets/fonts/ from Debian's fonts-dejavu-core and
# fonts-jetbrains-mono, keeping the scripts and symbols sheets use: Latin, Greek,
# Cyrillic, Hebrew, punctuation, arrows, box drawing, geometric shapes (□) and
# check marks. Needs pyftsubset (pip install fonttools).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pyftsubset >/dev/null || pip install --quiet fonttools
out=assets/fonts
text_ranges="U+0020-007E,U+00A0-024F,U+0370-03FF,U+0400-04FF,U+0590-05FF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2500-25FF,U+2700-27BF,U+FFFD"
mono_ranges="U+0020-007E,U+00A0-00FF,U+2026,U+00B7,U+25A1"
common=(--layout-features='*' --no-hinting --desubroutinize --drop-tables+=DSIG --name-IDs='*' --name-languages='*')
pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf --unicodes="$text_ranges" "${common[@]}" --output-file="$out/DejaVuSans.ttf"
pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf --unicodes="$text_ranges" "${common[@]}" --output-file="$out/DejaVuSans-Bold.ttf"
pyftsubset /usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf --unicodes="$mono_ranges" "${common[@]}" --output-file="$out/JetBrainsMono-Regular.ttf"
ls -l "$out"/*.ttf

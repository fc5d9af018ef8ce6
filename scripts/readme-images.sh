#!/usr/bin/env bash
# Renders the README's pictures from a throw-away demo vault with made-up codes
# (the fixtures in tests/fixtures/import/). Needs poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/codekeeper
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
export CODEKEEPER_DATA_DIR="$demo/data" CODEKEEPER_CONFIG_DIR="$demo/config" CODEKEEPER_PASSPHRASE="demo passphrase only"
"$bin" init --passphrase-key-file --recovery-kit "$demo/kit.pdf" >"$demo/key.txt" 2>/dev/null
fx=tests/fixtures/import
"$bin" import "$fx/github_download/github-recovery-codes.txt" --account alice 2>/dev/null
"$bin" import "$fx/google_download/Backup-codes-alice.smith.txt" 2>/dev/null
"$bin" use github >/dev/null 2>&1
"$bin" use github >/dev/null 2>&1
"$bin" print -o "$demo/sheets.pdf" 2>/dev/null
"$bin" print --blind github -o "$demo/blind.pdf" 2>/dev/null
"$bin" heir-kit --shares 3 --threshold 2 -o "$demo/heirs.pdf" <"$demo/key.txt" 2>/dev/null
pdftoppm -r 70 -png -f 1 -l 1 "$demo/sheets.pdf" assets/readme/sheet
pdftoppm -r 70 -png "$demo/kit.pdf" assets/readme/recovery-kit
mv assets/readme/sheet-1.png assets/readme/sheet.png
mv assets/readme/recovery-kit-1.png assets/readme/recovery-kit.png
pdftoppm -r 70 -png -f 1 -l 1 -y 0 -H 412 -W 1000 "$demo/blind.pdf" assets/readme/blind-sheet
mv assets/readme/blind-sheet-1.png assets/readme/blind-sheet.png
pdftoppm -r 70 -png -f 1 -l 1 "$demo/heirs.pdf" assets/readme/heir-share
mv assets/readme/heir-share-1.png assets/readme/heir-share.png
ls -l assets/readme

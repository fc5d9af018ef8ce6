#!/usr/bin/env bash
# Builds the Debian package: release binary, man page and shell completions generated
# from the command-line definition, then `cargo deb`. Prints the .deb's path.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null 2>&1 || cargo install --locked cargo-deb --version 3.8.0
cargo build --release --locked
mkdir -p target/packaging
bin=target/release/codekeeper
"$bin" manpage | gzip -9n > target/packaging/codekeeper.1.gz
"$bin" completions bash > target/packaging/codekeeper.bash
"$bin" completions zsh > target/packaging/_codekeeper
"$bin" completions fish > target/packaging/codekeeper.fish
cargo deb --no-build --locked 2>/dev/null | tail -n 1

#!/usr/bin/env bash
# Builds the Debian package: release binary, man page and shell completions generated
# from the command-line definition, then `cargo deb`. Prints the .deb's path.
#
# CODEKEEPER_DEB_PROFILE picks the cargo profile (default `release`). CI checks the
# packaging with `dev`, reusing the binary its test run already built: the package's
# layout and install are what is checked there, and a second, optimised build of every
# dependency would double a cold CI run.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${CODEKEEPER_DEB_PROFILE:-release}"
command -v cargo-deb >/dev/null 2>&1 || cargo install --locked cargo-deb --version 3.8.0
cargo build --profile "$profile" --locked >&2
mkdir -p target/packaging
dir=$profile
[ "$profile" = dev ] && dir=debug
bin=target/$dir/codekeeper
"$bin" manpage | gzip -9n > target/packaging/codekeeper.1.gz
"$bin" completions bash > target/packaging/codekeeper.bash
"$bin" completions zsh > target/packaging/_codekeeper
"$bin" completions fish > target/packaging/codekeeper.fish
cargo deb --no-build --locked --profile "$profile" 2>/dev/null | tail -n 1

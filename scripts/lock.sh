#!/usr/bin/env bash
# `make lock`: regenerate requirements.lock (what deploy/install-pi.sh installs) and requirements-dev.lock
# (what `make` installs for tests and lint) from pyproject.toml, every file pinned with its sha256 hashes.
# Then prove both Raspberry Pi (aarch64) and PC (x86_64) kiosks can install the runtime lock from wheels
# for Debian 12's Python 3.11 (pip download of every pinned file for each platform; nothing is installed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS=.lock-venv
# pip-tools itself is the one unhashed tool: it runs here only, never on a kiosk.
[ -x "$TOOLS/bin/pip-compile" ] || { /usr/bin/python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet 'pip-tools==7.6.2'; }
compile() {
  "$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
    --no-emit-find-links --no-emit-trusted-host "$@" pyproject.toml
}
compile --output-file requirements.lock
compile --extra dev --output-file requirements-dev.lock
for arch in x86_64 aarch64; do
  dest=$(mktemp -d)
  "$TOOLS/bin/pip" download --quiet --no-deps --require-hashes --only-binary=:all: --implementation cp \
    --python-version 3.11 --platform "manylinux2014_$arch" --platform "manylinux_2_17_$arch" \
    --platform "manylinux_2_28_$arch" --platform "linux_$arch" -r "$PWD/requirements.lock" -d "$dest"
  echo "requirements.lock: $(find "$dest" -name '*.whl' | wc -l) wheels for $arch (Python 3.11)"
  rm -rf "$dest"
done

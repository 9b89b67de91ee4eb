#!/usr/bin/env bash
# The Python package and the Spark job, as CI runs them (from .ci/run, after `cargo build`):
# a virtualenv under target/, the pinned tools from PyPI, the binding built into it by maturin
# (dev profile, in the workspace's target dir), then pytest: the binding against the CLI, and
# examples/spark/extract_dump.py in local[2] (needs Java 17 or later on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/pyenv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements-test.txt

if ! java -version >/dev/null 2>&1; then
  echo "python/ci.sh: the Spark test needs Java 17 or later on PATH" >&2
  exit 2
fi

(cd python && VIRTUAL_ENV="$PWD/../$venv" PATH="$PWD/../$venv/bin:$PATH" maturin develop --quiet)

test -x target/debug/khabar || cargo build --quiet
KHABAR_BIN="$PWD/target/debug/khabar" KHABAR_REQUIRE_SPARK=1 \
  "$venv/bin/python" -m pytest python/tests -q -p no:cacheprovider

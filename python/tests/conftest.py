"""Shared fixtures: the khabar binary the Python results are compared with."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

from docgen import REPO


def khabar_binary() -> pathlib.Path:
    """$KHABAR_BIN, else the workspace's debug build, else its release build."""
    env = os.environ.get("KHABAR_BIN")
    candidates = [pathlib.Path(env)] if env else [
        REPO / "target" / "debug" / "khabar",
        REPO / "target" / "release" / "khabar",
    ]
    for c in candidates:
        if c.is_file():
            return c
    raise RuntimeError(
        "no khabar binary: run `cargo build` first or set KHABAR_BIN "
        f"(looked at {', '.join(map(str, candidates))})"
    )


@pytest.fixture(scope="session")
def cli():
    """Runs `khabar ARGS...` from the repository root; returns the completed process."""
    binary = khabar_binary()

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(binary), *map(str, args)],
            cwd=REPO,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    return run


@pytest.fixture(scope="session")
def nlp():
    import khabar

    return khabar.Pipeline()

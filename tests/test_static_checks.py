"""Lint (ruff) and types (mypy, strict on the engine; both configured in pyproject.toml) as part of the suite,
so the README's one test command is also the lint and type gate that CI runs."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (it comes with the test extra: pip install '.[test]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_ruff_finds_nothing():
    res = _run("ruff", "check", "--no-cache")
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_finds_nothing():
    res = _run("mypy")
    assert res.returncode == 0, res.stdout + res.stderr

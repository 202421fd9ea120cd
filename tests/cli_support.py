"""Shared helpers for the CLI tests: run textmend in-process (fast) or as a subprocess (real process)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from textmend.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.tsv")
#: Every CLI test runs against the fixture map only, never the evolving built-in maps.
MAP_ARGS = ["--map", MINI, "--no-builtin-maps", "--isolated"]

SPUN = ("Western international locations condemned the crimes in opposition to humanity. "
        "The excessive commissioner mentioned that the coaching facility was closed.\n")
CLEAN = "The committee met on Tuesday and agreed on a budget for the next year.\n"
SPUN_FIXED = ("Western countries condemned the crimes against humanity. "
              "The high commissioner said that the training centre was closed.\n")
#: Spun, with an ambiguous entry ("counterfeit") that is reported, never applied (unless --unsafe).
AMBIGUOUS = SPUN + "They sold counterfeit intelligence.\n"


def run(args: list[str], input: str | bytes | None = None, cwd: str | Path | None = None):
    """Invoke the CLI in this process; ``result.stdout`` and ``result.stderr`` are separate."""
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, args, input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def run_proc(args: list[str], cwd: str | Path | None = None, input: bytes | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m textmend`` as a real process (for signals, TTY-free stdout, hook entry points)."""
    return subprocess.run([sys.executable, "-m", "textmend", *args], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout)

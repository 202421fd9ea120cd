"""Real signals at a real ``textmend fix -w DIR -j 2``: Ctrl-C and TERM stop it cleanly; KILL takes the workers
with it. Nothing here times the stop (``benchmarks/interrupt_trials.py`` measures it); a hang fails after 60 s.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from .cli_support import MAP_ARGS, SPUN
from .proc_support import make_files, run_trial

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux /proc and signals")

TEXT = SPUN * 300  # heavy enough that 200 files take a few seconds on two workers
ARGS = ["-j", "2", "--assume-spun", *MAP_ARGS]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory) -> str:
    from textmend import Config, fix_text

    from .conftest import MINI

    return fix_text(TEXT, Config(map_files=(MINI,), builtin_maps=False, assume_spun=True))


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_stops_cleanly(tmp_path: Path, fixed: str, sig: int, code: int):
    make_files(tmp_path, 200, TEXT)
    t = run_trial(tmp_path, TEXT, fixed, sig, ARGS, timeout=60)
    assert not t.hung
    assert t.workers >= 1, "the signal came before any worker started"
    assert t.exit_code == code
    assert t.left == [], "worker processes outlived the run"
    assert t.temps == []
    assert t.bad == [], "files neither original nor fully fixed"
    assert 0 < t.written < 200, "the signal should land mid-run"


def test_workers_die_with_a_killed_parent(tmp_path: Path, fixed: str):
    make_files(tmp_path, 200, TEXT)
    t = run_trial(tmp_path, TEXT, fixed, signal.SIGKILL, ARGS, timeout=60)
    assert t.workers >= 1 and t.exit_code == -signal.SIGKILL
    assert t.left == [], "workers survived their parent's SIGKILL"
    assert t.bad == []

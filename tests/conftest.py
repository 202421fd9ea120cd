"""Shared fixtures: the fixture map, and the read-only shared data when it is present."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
MINI = str(FIXTURES / "mini.tsv")


def shared_dir() -> Path | None:
    """The read-only shared data, beside the checkout; ``TEXTMEND_SHARED_DIR`` overrides (a missing path
    simulates a machine without it: every test that needs it must skip)."""
    import os

    override = os.environ.get("TEXTMEND_SHARED_DIR")
    cands = (Path(override),) if override else (HERE.parent.parent / "shared", Path("/work/shared"))
    for cand in cands:
        if (cand / "seed" / "article.txt").exists():
            return cand
    return None


@pytest.fixture
def shared() -> Path:
    d = shared_dir()
    if d is None:
        pytest.skip("../shared is not available")
    return d


@pytest.fixture
def mini_cfg():
    from textmend import Config

    return Config(map_files=(MINI,), builtin_maps=False)

"""Shared fixtures: the fixture map, and the read-only shared data when it is present."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
MINI = str(FIXTURES / "mini.tsv")


def shared_dir() -> Path | None:
    for cand in (HERE.parent.parent / "shared", Path("/work/shared")):
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

    return Config(maps=(MINI,), builtin_maps=False)

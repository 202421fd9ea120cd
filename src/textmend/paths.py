"""Where the shared evaluation data lives: one setting, ``TEXTMEND_SHARED_DIR``, default ``../shared``.

The data (annotated spun pages, the seed article, clean corpora) is read-only and never copied into the
project; evaluation, learning tools, benchmarks and tests find it through this function alone.
"""
from __future__ import annotations

import os
from pathlib import Path

#: A file every copy of the shared folder has: how a candidate folder is recognised.
_MARKER = Path("seed") / "article.txt"


def shared_dir() -> Path | None:
    """The shared data folder, or None when this machine has none.

    ``TEXTMEND_SHARED_DIR`` wins (a path that does not exist means "none", which is how tests simulate a
    machine without the data). Otherwise ``../shared`` beside the checkout this code runs from, then
    ``../shared`` from the working directory.
    """
    override = os.environ.get("TEXTMEND_SHARED_DIR")
    if override:
        cands = [Path(override)]
    else:
        cands = [Path(__file__).resolve().parents[2].parent / "shared", Path.cwd().parent / "shared"]
    for cand in cands:
        if (cand / _MARKER).exists():
            return cand
    return None

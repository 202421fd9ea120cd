"""Report: coloured word diffs and JSON lines for results (unified diffs are in ``diff``)."""
from __future__ import annotations

import json
import re

from ..engine.diff import unified_diff
from ..engine.result import Result
from ..model import Edit

__all__ = ["surrounding", "to_json_line", "unified_diff", "word_diff"]

_RED, _GREEN, _DIM, _RESET = "\x1b[31;9m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


#: Where a terminal line ends: the word diff shows no context past these.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def surrounding(text: str, start: int, end: int, width: int = 60) -> tuple[str, str]:
    """Up to ``width`` characters either side of ``text[start:end]``, on its line, in whole words."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    left, right = text[lo:start], text[end:hi]
    breaks = list(_LINE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    elif lo > 0 and not text[lo - 1].isspace() and left and not left[0].isspace():  # cut inside a word
        parts = left.split(None, 1)
        left = parts[1] if len(parts) == 2 else ""
    first = _LINE_BREAK.search(right)
    if first:
        right = right[: first.start()]
    elif hi < len(text) and not text[hi].isspace() and right and not right[-1].isspace():
        parts = right.rsplit(None, 1)
        right = right[: len(right) - len(parts[-1])] if len(parts) == 2 else ""
    return left.lstrip(), right.rstrip()


def word_diff(text: str, edits: tuple[Edit, ...], color: bool = True, context: int = 60) -> str:
    """Each applied or pending edit in its context: the original struck in red, the replacement in green."""
    lines = []
    for e in edits:
        if not e.safe:
            continue
        left, right = surrounding(text, e.start, e.end, context)
        if color:
            lines.append(f"{_DIM}{left}{_RESET}{_RED}{e.original}{_RESET}{_GREEN}{e.replacement}{_RESET}{_DIM}{right}{_RESET}")
        else:
            lines.append(f"{left}[-{e.original}-]{{+{e.replacement}+}}{right}")
    return "\n".join(lines) + ("\n" if lines else "")


def to_json_line(result: Result, path: str | None, schema: int = 2) -> str:
    return json.dumps(result.to_json(path, schema), ensure_ascii=False)

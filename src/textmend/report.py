"""Report: unified diffs, coloured word diffs and JSON for results."""
from __future__ import annotations

import difflib
import json

from .model import Edit, Result

NO_NEWLINE = "\\ No newline at end of file\n"


def _diff_path(path: str) -> str:
    p = path.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p.lstrip("/")


def unified_diff(before: str, after: str, path: str = "text", context: int = 3) -> str:
    """A unified diff that ``patch -p1`` and ``git apply`` accept (line endings kept byte for byte)."""
    if before == after:
        return ""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    p = _diff_path(path)
    out: list[str] = []
    for line in difflib.unified_diff(a, b, f"a/{p}", f"b/{p}", n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)


_RED, _GREEN, _DIM, _RESET = "\x1b[31;9m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def word_diff(text: str, edits: tuple[Edit, ...], color: bool = True, context: int = 60) -> str:
    """Each applied or pending edit in its context: the original struck in red, the replacement in green."""
    lines = []
    for e in edits:
        if not e.safe:
            continue
        left = text[max(0, e.start - context) : e.start].rsplit("\n", 1)[-1]
        right = text[e.end : e.end + context].split("\n", 1)[0]
        if color:
            lines.append(f"{_DIM}{left}{_RESET}{_RED}{e.original}{_RESET}{_GREEN}{e.replacement}{_RESET}{_DIM}{right}{_RESET}")
        else:
            lines.append(f"{left}[-{e.original}-]{{+{e.replacement}+}}{right}")
    return "\n".join(lines) + ("\n" if lines else "")


def to_json_line(result: Result, path: str | None) -> str:
    return json.dumps(result.to_json(path), ensure_ascii=False)

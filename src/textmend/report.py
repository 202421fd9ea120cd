"""Report: unified diffs, coloured word diffs and JSON for results."""
from __future__ import annotations

import difflib
import json
import os
import re

from .model import Edit, Result

NO_NEWLINE = "\\ No newline at end of file\n"


def _diff_path(path: str) -> str:
    p = path.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p.lstrip("/")


_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
              '"': '\\"', "\\": "\\\\"}


def header_name(name: str) -> str:
    """A path for a diff header as git writes it: C-quoted for control characters, quotes or bytes that
    are not UTF-8 (which a file name may hold: Python keeps them as surrogates); ended by a tab when it holds
    a space, so that GNU patch does not stop at the space."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
        plain = not any(b < 0x20 or b == 0x7F or b in b'"\\' for b in raw)
    except UnicodeDecodeError:
        plain = False
    if plain:
        return name + "\t" if " " in name else name
    out = [_C_ESCAPES.get(chr(b)) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in raw]
    return '"' + "".join(out) + '"'


def split_lines(text: str) -> list[str]:
    """Lines as ``patch`` and ``git`` see them: ended by "\n" alone, each kept with its ending ("\r\n" too).

    ``str.splitlines`` also breaks at "\r", "\v", "\f", "\x1c"-"\x1e", U+0085, U+2028 and U+2029, which
    would make hunks whose lines exist in no file."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def unified_diff(before: str, after: str, path: str = "text", context: int = 3) -> str:
    """A unified diff that ``patch -p1`` and ``git apply`` accept (line endings kept byte for byte)."""
    if before == after:
        return ""
    a, b = split_lines(before), split_lines(after)
    p = _diff_path(path)
    out: list[str] = []
    for line in difflib.unified_diff(a, b, header_name(f"a/{p}"), header_name(f"b/{p}"), n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")  # (not rstrip(): a tab may end the name)
            continue
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)


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


def to_json_line(result: Result, path: str | None) -> str:
    return json.dumps(result.to_json(path), ensure_ascii=False)

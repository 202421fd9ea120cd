"""Unified diffs that ``patch -p1`` and ``git apply`` accept, with line endings kept byte for byte.

Plain text in, plain text out: ``Result.diff`` and the output formats both use it.
"""
from __future__ import annotations

import difflib
import os

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

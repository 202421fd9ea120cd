"""Build a second clean corpus from Debian's python3-doc (the reST sources of the Python documentation).

Usage: apt-get install python3-doc && python benchmarks/pydocs_corpus.py > /tmp/pydocs.jsonl
Then:  python -m textmend.evaluate --clean-corpus /tmp/pydocs.jsonl   (false edits per 10,000 words)

Prose only: code blocks (indented after ``::`` or a code directive), directive lines, tables and markup
roles are dropped, so what remains is the English text an editor would read. Nothing is copied into the
project; the corpus is rebuilt from the installed package.
"""
from __future__ import annotations

import glob
import json
import re
import sys

ROLE = re.compile(r":[\w:-]+:`([^`<]*?)(?:\s*<[^>]*>)?`")
LITERAL = re.compile(r"``[^`]+``")


def prose(rst: str) -> str:
    out: list[str] = []
    in_code = False
    code_indent = 0
    for line in rst.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if in_code:
            if stripped and indent <= code_indent:
                in_code = False
            else:
                continue
        if stripped.startswith((".. ", "+", "|", "=", "-", "*" * 3, ">>>", "...")):
            in_code = stripped.startswith((".. code", ".. doctest"))
            code_indent = indent
            continue
        if stripped.endswith("::"):
            in_code, code_indent = True, indent
            line = line.rstrip(":") + "."
        line = LITERAL.sub("code", ROLE.sub(r"\1", line))
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def main() -> None:
    found = sorted(glob.glob("/usr/share/doc/python3*/html/_sources/**/*.rst.txt", recursive=True))
    seen: set[str] = set()
    paths = []
    for p in found:  # python3-doc and python3.X-doc may both list the same sources
        rel = p.split("_sources/")[-1]
        if rel not in seen:
            seen.add(rel)
            paths.append(p)
    if not paths:
        sys.exit("python3-doc is not installed (apt-get install python3-doc)")
    for p in paths:
        text = prose(open(p, encoding="utf-8", errors="replace").read())
        if len(text.split()) >= 40:
            print(json.dumps({"id": p.split("_sources/")[-1], "text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()

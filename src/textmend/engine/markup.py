"""Markup awareness: the spans of Markdown and HTML that are syntax, not prose, and so are never edited.

Only visible text should be repaired. A spinner never touched code blocks, link targets or tag attributes,
and an edit there would break the document, so all of them become protected spans for the pipeline.
Protection errs on the safe side: a span wrongly protected costs one missed repair, never a broken file.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

#: File extensions that select a markup kind (anything else is plain text).
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
              ".html": "html", ".htm": "html", ".xhtml": "html"}
KINDS = ("text", "markdown", "html")

_COMMENT = r"<!--.*?(?:-->|\Z)"
_TAG = r"</?[A-Za-z][\w:.-]*(?:\s+(?:\"[^\"]*\"|'[^']*'|[^'\">])*)?/?>"  # tag with attributes
_DECL = r"<[!?][^>]*>"  # doctype, processing instruction, CDATA opener
_RAW_ELEMENTS = r"<(?P<raw>script|style|pre|code|kbd|samp|textarea|math|svg)\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
_ENTITY = r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);"

_HTML = "|".join((_COMMENT, _RAW_ELEMENTS, _DECL, _TAG, _ENTITY))
_MD = (
    r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)"                     # YAML front matter
    r"|^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)"  # fenced code
    r"|(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)"    # inline code, any tick count
    r"|\]\([^)\s]*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)"                       # link / image destination
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*"                                 # reference definition
    r"|<(?:https?|ftp|mailto):[^>\s]+>"                                    # autolink
    "|" + _HTML
)
_INDENTED_CODE = r"(?:\A|\n[ \t]*\n)((?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n)+)"
_LIST_OR_QUOTE = r"^\s{0,3}(?:[-*+>]|\d+[.)])\s"


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """HTML, Markdown, indented code, list or quote: compiled on first use, since plain text (most input)
    never needs them."""
    return (re.compile(_HTML, re.DOTALL | re.IGNORECASE), re.compile(_MD, re.DOTALL | re.MULTILINE | re.IGNORECASE),
            re.compile(_INDENTED_CODE), re.compile(_LIST_OR_QUOTE, re.MULTILINE))


def kind_for_path(path: str | None) -> str:
    """The markup kind a file name implies (``text`` for stdin without a file name)."""
    if not path or path == "-":
        return "text"
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def markup_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Unsorted spans of ``text`` that are markup of the given kind (``markdown`` or ``html``)."""
    if kind == "html":
        return [m.span() for m in _compiled()[0].finditer(text)]
    if kind == "markdown":
        spans = [m.span() for m in _compiled()[1].finditer(text)]
        spans += _indented_code(text)
        return spans
    if kind == "text":
        return []
    raise ValueError(f"unknown markup kind {kind!r} (expected one of {', '.join(KINDS)})")


def _indented_code(text: str) -> list[tuple[int, int]]:
    """Indented code blocks: indented lines after a blank line, unless they continue a list or quote."""
    out = []
    _, _, code, list_or_quote = _compiled()
    for m in code.finditer(text):
        before = text[: m.start()].rstrip("\n")
        last_block = before[before.rfind("\n\n") + 1 :] if before else ""
        if last_block and list_or_quote.search(last_block):
            continue
        out.append(m.span(1))
    return out

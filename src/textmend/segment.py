"""Segment: sentences with code-point offsets, and the spans that must never be edited.

Quotations are not protected (spinners rewrite inside quotes too); URLs, e-mail addresses, code spans,
``textmend: ignore`` lines, ``textmend: off``/``on`` regions and ``ignore_re`` matches are.
"""
from __future__ import annotations

import re

import regex

_ABBREV = frozenset(
    "mr mrs ms dr prof sr jr st mt no vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec "
    "gen gov sen rep rev col lt sgt capt cmdr adm fig eq ref vol approx dept est univ e g i.e e.g u.s u.k".split())
# `regex` for Unicode classes: a sentence may start with any upper-case letter (Ärzte, Österreich, Élysée).
_SENT_END = regex.compile(r"([.!?…]+)([\"'”’)\]»]*)(\s+)(?=[\"'“‘(\[«]?[\p{Lu}\p{N}])|\n[ \t]*\n\s*")
_PROTECT = re.compile(
    r"```.*?(?:```|\Z)"                     # fenced code
    r"|`[^`\n]+`"                           # inline code
    r"|\b(?:https?|ftp)://[^\s<>\"']+"      # URLs
    r"|\bwww\.[^\s<>\"']+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",       # e-mail addresses
    re.DOTALL,
)
_IGNORE_LINE = re.compile(r"^.*textmend:\s*ignore\b.*$", re.MULTILINE)
_OFF_REGION = re.compile(r"textmend:\s*off\b.*?(?:textmend:\s*on\b|\Z)", re.DOTALL)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), covering every non-blank stretch of the text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group(1):
            word = re.search(r"([\w.]+)$", text[start : m.start(1)])
            token = word.group(1).lower() if word else ""
            if token in _ABBREV or (len(token) == 1 and token.isalpha()) or re.fullmatch(r"(\w\.)+\w", token):
                continue
            end = m.end(2)
        else:
            end = m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def protected_spans(text: str, ignore_re: tuple[str, ...] = (), markup: str = "text") -> list[tuple[int, int]]:
    """Sorted spans that no edit may touch (``markup``: ``markdown``/``html`` also protect their syntax)."""
    spans = [m.span() for m in _PROTECT.finditer(text)]
    if markup != "text":
        from .markup import markup_spans

        spans += markup_spans(text, markup)
    if "textmend" in text:
        spans += [m.span() for m in _IGNORE_LINE.finditer(text)]
        spans += [m.span() for m in _OFF_REGION.finditer(text)]
    for pattern in ignore_re:
        spans += [m.span() for m in re.finditer(pattern, text)]
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) touch any of the disjoint, sorted ``spans``?"""
    from bisect import bisect_right

    i = bisect_right(spans, (start, float("inf")))
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span holding ``pos`` (or an empty span there)."""
    from bisect import bisect_right

    i = bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return (pos, pos)

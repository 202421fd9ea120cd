"""Segment: sentences with code-point offsets, and the spans that must never be edited.

Quotations are not protected (spinners rewrite inside quotes too); URLs, e-mail addresses, code spans,
``textmend: ignore`` lines, ``textmend: off``/``on`` regions and ``ignore_re`` matches are.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import regex

_ABBREV = frozenset(
    "mr mrs ms dr prof sr jr st mt no vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec "
    "gen gov sen rep rev col lt sgt capt cmdr adm fig eq ref vol approx dept est univ e g i.e e.g u.s u.k".split())
# A sentence ends at end punctuation, closing quotes and white space before a capital or a digit (any script:
# Ärzte, Österreich, Élysée), or at a blank line. `re` scans for candidates at C speed (the pattern starts with
# one character class, which `re` searches for directly), with an ASCII-exact lookahead (`[^\W_a-z]`: A-Z, 0-9
# or any non-ASCII word character); a non-ASCII start is then checked with `regex`'s Unicode classes (\p{Lu},
# \p{N}). White space is Unicode White_Space (what `regex` calls \s; `re`'s \s also has \x1c-\x1f).
# Groups: 1 the rest of the punctuation run, 2 closing quotes, 3 white space (None at a blank line).
_WS = "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_SENT_END = re.compile(rf"[.!?…\n](?:(?<=\n)[ \t]*\n{_WS}*"
                       rf"|(?<=[.!?…])([.!?…]*)([\"'”’)\]»]*)({_WS}+)(?=[\"'“‘(\[«]?[^\W_a-z]))")
_STARTS = regex.compile(r"[\"'“‘(\[«]?[\p{Lu}\p{N}]")
_BLANK = re.compile(rf"\n[ \t]*\n{_WS}*")
_INITIALS = re.compile(r"(\w\.)+\w")
_PROTECT = re.compile(
    r"```.*?(?:```|\Z)"                     # fenced code
    r"|`[^`\n]+`"                           # inline code
    r"|\b(?:https?|ftp)://[^\s<>\"']+"      # URLs
    r"|\bwww\.[^\s<>\"']+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",       # e-mail addresses
    re.DOTALL,
)
_NEEDLES = ("`", "://", "www.", "@")
_IGNORE_LINE = re.compile(r"^.*textmend:\s*ignore\b.*$", re.MULTILINE)
_OFF_REGION = re.compile(r"textmend:\s*off\b.*?(?:textmend:\s*on\b|\Z)", re.DOTALL)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), covering every non-blank stretch of the text.

    Linear: candidate ends come from one C-level scan, and each is judged by the few characters before it
    (this loop is the hot path of every JSON report, so it is written flat).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENT_END.finditer(text):
        if m.lastindex == 3:  # end punctuation, white space, then (probably) a capital
            after = m.end()
            c = text[after] if after < n else ""
            if not ("A" <= c <= "Z" or "0" <= c <= "9") and not _STARTS.match(text, after):
                # Not a sentence start. Every position inside the punctuation run fails the same way; the white
                # space after it may still hold a blank line (it ends at ``after``, before a word character).
                blank = _BLANK.search(text, m.end(1), after)
                if blank is None:
                    continue
                m = blank
            else:
                p = m.start()
                if p > start and (text[p - 1].isalnum() or text[p - 1] in "._") and _is_abbreviation(text, start, p):
                    continue
                end = m.end(2)
                if start < end and not text[start].isspace() and not text[end - 1].isspace():
                    spans.append((start, end))  # the common case: nothing to trim
                else:
                    _add(text, start, end, spans)
                start = after
                continue
        _add(text, start, m.start(), spans)
        start = m.end()
    _add(text, start, n, spans)
    return spans


def _is_abbreviation(text: str, start: int, p: int) -> bool:
    """Does the word before ``p`` (letters, digits, dots; not before ``start``) keep the sentence going?

    Settled by the last few characters: a plain word after a space is looked up; eight word characters in a
    row are no abbreviation (the longest is six letters) and no initials; only a dot or another mark among
    them needs the whole word.
    """
    lo = max(start, p - 8)
    i = text.rfind(" ", lo, p)
    word = text[i + 1 if i >= 0 else lo : p]
    if word.isalnum():
        if i < 0 and lo > start:
            return False  # eight or more word characters
        word = word.lower()
        return word in _ABBREV or (len(word) == 1 and word.isalpha())
    token = _token_before(text, start, p).lower()
    return token in _ABBREV or (len(token) == 1 and token.isalpha()) or (
        "." in token and _INITIALS.fullmatch(token) is not None)


def _token_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots ending at ``end`` (not before ``start``).

    A backward walk, not an end-anchored regex over ``text[start:end]``: that regex rescanned the whole sentence
    so far at every candidate boundary, which made segmentation quadratic in the sentence length.
    """
    i = end
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def protected_spans(text: str, ignore_re: tuple[str, ...] = (), markup: str = "text") -> list[tuple[int, int]]:
    """Sorted spans that no edit may touch (``markup``: ``markdown``/``html`` also protect their syntax)."""
    # Each alternative needs one of these substrings: prose lacking them all (most of it) costs four substring
    # scans, not five alternatives tried at every position (0.14 ms per newswire story).
    spans = [m.span() for m in _PROTECT.finditer(text)] if any(n in text for n in _NEEDLES) else []
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
    i = bisect_right(spans, (start, float("inf")))
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span holding ``pos`` (or an empty span there)."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return (pos, pos)

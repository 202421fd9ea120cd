"""Where a finding stands: its sentence, and whether it is protected or allow-listed.

Small texts are segmented once, whole. In a large text (a 5 MB dump) only the few places with findings
need this, so each question is answered on a window around the place: work grows with the findings,
not with the text. Global constructs (fenced code, ignore regions, markup, user regexes) force the
whole-text path so that nothing protected is ever missed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from .segment import overlaps, protected_spans, sentence_of, sentences

#: Texts up to this many characters are segmented whole.
SMALL = 65536
#: Half-width of the window used around a position in a large text.
WINDOW = 2000


class Locality:
    def __init__(self, text: str, ignore_re: tuple[str, ...] = (), markup: str = "text",
                 allow_re: re.Pattern[str] | None = None) -> None:
        self.text = text
        self.ignore_re = ignore_re
        self.markup = markup
        self.allow_re = allow_re
        self.whole = (len(text) <= SMALL or bool(ignore_re) or markup != "text" or "```" in text
                      or "textmend" in text)

    @cached_property
    def all_sentences(self) -> list[tuple[int, int]]:
        return sentences(self.text)

    @cached_property
    def _protected(self) -> list[tuple[int, int]]:
        return protected_spans(self.text, self.ignore_re, self.markup)

    def whole_protected(self) -> list[tuple[int, int]] | None:
        """Every protected span, when this text is judged whole (fences, markup, ignore rules): matching can
        then skip them. ``None`` for a large plain text, whose spans are found per block, near findings."""
        return self._protected if self.whole else None

    @cached_property
    def _allowed(self) -> list[tuple[int, int]]:
        return [m.span() for m in self.allow_re.finditer(self.text)] if self.allow_re else []

    def _window(self, start: int, end: int, width: int = WINDOW) -> tuple[int, str]:
        lo = max(0, start - width)
        return lo, self.text[lo : min(len(self.text), end + width)]

    def sentence(self, pos: int) -> tuple[int, int]:
        if self.whole:
            return sentence_of(self.all_sentences, pos)
        # Segment one window per block of the text, once: nearby findings share it.
        block = pos // WINDOW
        cache = self.__dict__.setdefault("_blocks", {})
        if block not in cache:
            lo = max(0, block * WINDOW - WINDOW)
            cache[block] = (lo, sentences(self.text[lo : min(len(self.text), (block + 2) * WINDOW)]))
        lo, spans = cache[block]
        s, e = sentence_of(spans, pos - lo)
        return s + lo, e + lo

    def _block(self, name: str, pos: int, margin: int,
               find: Callable[[str], list[tuple[int, int]]]) -> list[tuple[int, int]]:
        """Absolute spans ``find`` gives on the block of the text holding ``pos`` plus ``margin`` each side,
        computed once per block: the many findings of a spun stretch share it."""
        block = pos // WINDOW
        cache: dict[int, list[tuple[int, int]]] = self.__dict__.setdefault(name, {})
        if block not in cache:
            lo = max(0, block * WINDOW - margin)
            cache[block] = [(s + lo, e + lo) for s, e in find(self.text[lo : (block + 1) * WINDOW + margin])]
        return cache[block]

    def _short(self, start: int, end: int, margin: int) -> bool:
        """Does [start, end) end well inside its block's window (block answers hold for it)?"""
        return end <= (start // WINDOW + 1) * WINDOW + margin // 2

    def protected(self, start: int, end: int) -> bool:
        if self.whole:
            return overlaps(self._protected, start, end)
        if self._short(start, end, 500):
            return overlaps(self._block("_protected_blocks", start, 500, protected_spans), start, end)
        lo, chunk = self._window(start, end, 500)
        return overlaps(protected_spans(chunk), start - lo, end - lo)

    def _allowed_near(self, start: int, end: int) -> list[tuple[int, int]]:
        """Allow-listed phrases (absolute spans) that could touch [start, end)."""
        if self.allow_re is None:
            return []
        if self.whole:
            return self._allowed
        allow_re = self.allow_re
        if not self._short(start, end, 300):
            lo, chunk = self._window(start, end, 300)
            return [(s + lo, e + lo) for s, e in (m.span() for m in allow_re.finditer(chunk))]
        return self._block("_allowed_blocks", start, 300, lambda chunk: [m.span() for m in allow_re.finditer(chunk)])

    def allowed(self, start: int, end: int) -> bool:
        """Does an allow-listed phrase contain [start, end)?"""
        return any(s <= start and end <= e for s, e in self._allowed_near(start, end))

    def touches_allowed(self, start: int, end: int) -> bool:
        """Does an allow-listed phrase overlap [start, end)? (near misses must stay clear of them)"""
        return any(s < end and start < e for s, e in self._allowed_near(start, end))


def allow_pattern(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive regex for allow-listed phrases (white space and apostrophes flexible)."""
    if not phrases:
        return None
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]")
                    for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)

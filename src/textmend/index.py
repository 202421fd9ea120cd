"""Match: all maps compiled into one index, scanned in time linear in the text.

Two levels. A byte-level prefilter probes each piece of text against a set of first words (single-word
entries) and first word pairs (multiword entries) with C-level set operations; it rules out clean text at
tens of MB/s whatever the number of entries. Only pieces with a hit get the token-level matcher, a
dict lookup per token that then compares a few candidate phrases. Neither level grows with the map.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from .inflect import variants
from .model import Entry, Finding
from .normalize import WORD_RE, norm_sep, norm_word, split_phrase
from .phrasemap import PhraseMap, load_maps
from .rules import When, parse_when

PIECE = 16384  # characters per prefilter piece
OVERLAP = 400  # longest phrase we expect, in characters: pieces overlap by this much

# Prefilter byte transform: ASCII letters lower-cased, digits and non-ASCII bytes kept, all else blank.
_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 0xC0) else 32
    for c in range(256)
)


def prefilter_words(text: str) -> list[bytes]:
    return text.encode("utf-8", "surrogatepass").translate(_TABLE).split()


@dataclass(frozen=True)
class Variant:
    """One concrete form of an entry: the words to match and the candidates that replace them."""

    words: tuple[str, ...]
    seps: tuple[str, ...]
    candidates: tuple[str, ...]
    entry: Entry
    when: When
    needs_evidence: bool


class Index:
    """The compiled maps. Build with ``compile_maps``; cached per configuration."""

    def __init__(self, maps: tuple[PhraseMap, ...], guard_threshold: float = 0.5) -> None:
        self.maps = maps
        self.entries: list[Entry] = []
        self.allow: list[tuple[str, str, str]] = []  # (phrase, reason, map id)
        self.first: dict[str, list[Variant]] = {}
        self.keys: dict[bool, tuple[set[bytes], set[tuple[bytes, bytes]]]] = {
            False: (set(), set()), True: (set(), set())}
        self.when: dict[str, When] = {}
        for m in maps:
            self.allow.extend((p, r, m.id) for p, r in m.allow)
            for e in m.entries:
                self._add_entry(e, guard_threshold)
        for lst in self.first.values():
            lst.sort(key=lambda v: -len(v.words))

    def _add_entry(self, e: Entry, guard_threshold: float) -> None:
        self.entries.append(e)
        when = parse_when(e.when)
        self.when[e.rule] = when
        threshold = when.min_doc if when.min_doc is not None else (guard_threshold if e.kind != "fixed" else 0.0)
        needs = threshold > 0.0
        forms = [(e.garbled, e.candidates)]
        if e.inflect:
            per_candidate = [variants(e.garbled, c, e.inflect) for c in e.candidates]
            for k, (g, _) in enumerate(per_candidate[0]):
                cands = tuple(pc[k][1] if k < len(pc) else pc[0][1] for pc in per_candidate if pc)
                forms.append((g, cands))
        for garbled, cands in forms:
            words, seps = split_phrase(garbled)
            if not words:
                continue
            v = Variant(words, seps, cands, e, when, needs)
            self.first.setdefault(words[0], []).append(v)
            bw = prefilter_words(garbled)
            singles, pairs = self.keys[needs]
            if len(bw) == 1:
                singles.add(bw[0])
            elif bw:
                pairs.add((bw[0], bw[1]))

    def __len__(self) -> int:
        return len(self.entries)

    # -- prefilter --------------------------------------------------------------------------------
    def _piece_hits(self, piece: str, evidence: bool) -> bool:
        words = prefilter_words(piece)
        for level in ((False, True) if evidence else (False,)):
            singles, pairs = self.keys[level]
            if not singles.isdisjoint(words) or not pairs.isdisjoint(zip(words, islice(words, 1, None))):
                return True
        return False

    def hit_regions(self, text: str, evidence: bool) -> list[tuple[int, int]]:
        """Regions of ``text`` that may hold a match (merged, sorted); empty for most clean text."""
        if len(text) <= PIECE + OVERLAP:
            return [(0, len(text))] if self._piece_hits(text, evidence) else []
        regions: list[tuple[int, int]] = []
        for a in range(0, len(text), PIECE):
            b = min(len(text), a + PIECE + OVERLAP)
            if self._piece_hits(text[a:b], evidence):
                lo = max(0, a - OVERLAP)
                if regions and lo <= regions[-1][1]:
                    regions[-1] = (regions[-1][0], b)
                else:
                    regions.append((lo, b))
        return regions

    # -- token matcher ----------------------------------------------------------------------------
    def find(self, text: str, evidence: bool, regions: list[tuple[int, int]] | None = None) -> list[Finding]:
        """Every phrase-map match in ``text`` (overlapping matches included; decide resolves them)."""
        if regions is None:
            regions = self.hit_regions(text, evidence)
        out: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        first = self.first
        for lo, hi in regions:
            while lo > 0 and text[lo - 1].isalnum():
                lo -= 1
            while hi < len(text) and text[hi].isalnum():
                hi += 1
            toks = [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text, lo, hi)]
            n = len(toks)
            for i in range(n):
                cands = first.get(toks[i][2])
                if not cands:
                    continue
                for v in cands:
                    if v.needs_evidence and not evidence:
                        continue
                    k = len(v.words)
                    if i + k > n:
                        continue
                    ok = True
                    for j in range(1, k):
                        if toks[i + j][2] != v.words[j] or norm_sep(text[toks[i + j - 1][1] : toks[i + j][0]]) != v.seps[j - 1]:
                            ok = False
                            break
                    if not ok:
                        continue
                    start, end = toks[i][0], toks[i + k - 1][1]
                    key = (start, end, v.entry.rule)
                    if key in seen:
                        continue
                    seen.add(key)
                    e = v.entry
                    out.append(Finding(start, end, text[start:end], v.candidates, e.rule, "phrase_map",
                                       e.confidence, e.kind, e))
        out.sort(key=lambda f: (f.start, -f.end))
        return out


def compile_maps(maps: tuple[PhraseMap, ...], guard_threshold: float = 0.5) -> Index:
    return Index(maps, guard_threshold)


@lru_cache(maxsize=16)
def get_index(themes: tuple[str, ...] | None, extra: tuple[str, ...], builtin: bool,
              guard_threshold: float) -> Index:
    """The index for a configuration, built once per process (workers rebuild it lazily)."""
    return compile_maps(load_maps(themes, extra, builtin), guard_threshold)

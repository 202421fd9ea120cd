"""Near-miss matching of multiword entries with rapidfuzz, in documents that already show spin evidence.

A spun page often has a typo or an odd inflection inside a known garble ("counterfiet consciousness").
Each multiword entry is anchored on its longest word; where an anchor occurs, the surrounding window is
compared with the entry. Misspelt words in the window are first corrected with pyspellchecker, so a
typo inside a garble still restores exactly. Near-certain matches apply; the rest are suggestions.
"""
from __future__ import annotations

from bisect import insort

from rapidfuzz import fuzz

from ..config import Config
from ..knowledge.scoring import speller
from ..model import Edit, EntryKind, Finding, Source
from ..normalize import WORD_RE
from .index import Index, Variant
from .segment import overlaps


def _anchors(index: Index) -> dict[str, list[tuple[int, Variant]]]:
    cached: dict[str, list[tuple[int, Variant]]] | None = getattr(index, "_anchors", None)
    if cached is not None:
        return cached
    anchors: dict[str, list[tuple[int, Variant]]] = {}
    for variants in index.first.values():
        for v in variants:
            if len(v.words) < 2 or v.entry.kind != EntryKind.FIXED or v.needs_evidence:
                continue
            # Two anchors, so a typo in the longest word is still found through the second.
            ranked = sorted(range(len(v.words)), key=lambda k: -len(v.words[k]))[:2]
            for pos in ranked:
                if len(v.words[pos]) >= 4:
                    anchors.setdefault(v.words[pos], []).append((pos, v))
    index._anchors = anchors  # type: ignore[attr-defined]  # a cache of derived data
    return anchors




_SUFFIXES = ("s", "es", "d", "ed", "ing", "'s")


def _inflected(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if short.endswith("y") and long_ in (short[:-1] + "ies", short[:-1] + "ied"):
        return True
    return any(long_ == short + suf for suf in _SUFFIXES) or (short.endswith("e") and long_ == short[:-1] + "ing")


def _compatible(written: str, expected: str) -> bool:
    """Same word, an inflection of it, or a misspelling (a word pyspellchecker does not know)."""
    if written == expected or _inflected(written, expected):
        return True
    return written.isalpha() and bool(speller().unknown([written]))


def _corrected(words: list[str]) -> list[str]:
    sp = speller()
    unknown = sp.unknown([w for w in words if w.isalpha() and len(w) > 3])
    return [(sp.correction(w) or w) if w in unknown else w for w in words]


def near_misses(text: str, index: Index, edits: tuple[Edit, ...], cfg: Config,
                windows: tuple[tuple[int, int], ...] = ()) -> list[Finding]:
    """Near misses inside ``windows`` (stretches whose spin evidence opened the weak rules), as findings for
    ``decide`` (articles, case, protected spans and overlaps are its business): the cost is bounded by the
    evidence, not by the size of the text. A near-certain one is ``guarded`` (it applies where the evidence
    holds), the rest ``ambiguous`` (reported)."""
    taken = sorted((e.start, e.end) for e in edits)  # disjoint: overlap checks bisect
    out: list[Finding] = []
    for lo, hi in windows:
        out.extend(_near_misses(text, lo, hi, index, taken, cfg))
    return out


def _near_misses(text: str, lo: int, hi: int, index: Index, taken: list[tuple[int, int]],
                 cfg: Config) -> list[Finding]:
    anchors = _anchors(index)
    toks = [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text, lo, hi)]
    out: list[Finding] = []
    for i, (_, _, word) in enumerate(toks):
        for pos, v in anchors.get(word, ()):
            a, b = i - pos, i - pos + len(v.words)
            if a < 0 or b > len(toks):
                continue
            start, end = toks[a][0], toks[b - 1][1]
            if overlaps(taken, start, end):
                continue
            window = [t[2] for t in toks[a:b]]
            if window == list(v.words):
                continue  # the exact matcher saw it and decided
            if not all(_compatible(w, x) for w, x in zip(window, v.words)):
                continue  # a different real word ("with" for "within") is another phrase, not a near miss
            target = " ".join(v.words)
            ratio = fuzz.ratio(" ".join(window), target)
            if ratio < cfg.fuzzy_report:
                continue
            fixed_ratio = fuzz.ratio(" ".join(_corrected(window)), target)
            ratio = max(ratio, fixed_ratio)
            conf = v.entry.confidence * ratio / 100.0
            sure = ratio >= cfg.fuzzy_apply and conf >= cfg.apply_threshold
            out.append(Finding(start, end, text[start:end], v.candidates, v.entry.rule, Source.FUZZY, conf,
                               EntryKind.GUARDED if sure else EntryKind.AMBIGUOUS, v.entry))
            insort(taken, (start, end))
            break
    return out

"""Align an original text with its spun copy, word by word, and return the replaced blocks.

A spinner keeps the sentence skeleton and swaps words or short phrases, so a longest-common-subsequence
alignment (difflib, junk heuristic off: in prose the frequent words are the anchors) over normalised tokens
finds the swaps. The raw diff cuts phrases at shared words ("had been dedicated" / "have been committed"
becomes two swaps around "been"), so blocks separated by one shared conjunction or auxiliary are merged
(or by any function word when one side is only function words: "within the nation's" / "in the country's"),
blocks of function words only are widened to a content word ("within" / "in" -> "within the works" /
"in the works"), and
pure insertions or deletions take their neighbouring word ("our bodies" / "bodies").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Words (apostrophes and hyphens inside a word kept) and single punctuation marks.
TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-‐‑][^\W_]+)*|[^\w\s]")
_UNIFY = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "“": '"', "”": '"'})

#: Function words: a block made only of these is too weak to stand alone and is widened.
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with within into onto upon about as than then that this these those "
    "it its is are was were be been being am has have had do does did and or but nor not no so if than "
    "he she they we you i me him her them us my your his our their there here which who whom whose what "
    "will would can could may might must shall should".split())
#: Shared words that glue two swaps into one phrase ("schooling and coaching", "had been dedicated").
#: Articles, possessives and prepositions do not: "launched a heartbreaking" is two swaps.
BRIDGES = frozenset("and or nor be been being".split())


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str

    @property
    def is_word(self) -> bool:
        return self.norm[0].isalnum()


@dataclass(frozen=True)
class Block:
    """One replaced stretch: ``spun[s0:s1]`` was written where the original had ``original[o0:o1]``."""

    s0: int
    s1: int
    o0: int
    o1: int
    garbled: str
    restoration: str
    words_garbled: int
    words_restoration: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group().lower().translate(_UNIFY)) for m in TOKEN_RE.finditer(text)]


def _words(toks: list[Token], a: int, b: int) -> int:
    return sum(1 for t in toks[a:b] if t.is_word)


def _is_function(toks: list[Token], a: int, b: int) -> bool:
    return all(t.norm in FUNCTION_WORDS for t in toks[a:b] if t.is_word)


def align(original: str, spun: str, max_words: int = 6) -> list[Block]:
    """The replaced blocks, in text order, each at most ``max_words`` words on either side."""
    ot, st = tokenize(original), tokenize(spun)
    changes = [c for c in _changes(ot, st) if _words(ot, c[0], c[1]) or _words(st, c[2], c[3])]
    merged: list[list[int]] = []
    for c in changes:
        if merged:
            p = merged[-1]
            gap_o, gap_s = ot[p[1]:c[0]], st[p[3]:c[2]]
            glue = len(gap_o) == 1 and len(gap_s) == 1 and gap_o[0].norm in FUNCTION_WORDS
            weak = (_is_function(ot, p[0], p[1]) and _is_function(st, p[2], p[3])) or \
                (_is_function(ot, c[0], c[1]) and _is_function(st, c[2], c[3]))
            bridge = glue and (gap_o[0].norm in BRIDGES or weak)
            if bridge and _words(ot, p[0], c[1]) <= max_words and _words(st, p[2], c[3]) <= max_words:
                p[1], p[3] = c[1], c[3]
                continue
        merged.append(list(c))
    blocks = []
    for o0, o1, s0, s1 in merged:
        o0, o1, s0, s1 = _trim_punct(ot, st, o0, o1, s0, s1)
        if o0 == o1 and s0 == s1:
            continue
        o0, o1, s0, s1 = _widen(ot, st, o0, o1, s0, s1)
        if o0 == o1 or s0 == s1:
            continue
        nw_o, nw_s = _words(ot, o0, o1), _words(st, s0, s1)
        if nw_o == 0 or nw_s == 0 or nw_o > max_words or nw_s > max_words:
            continue
        a, b = ot[o0].start, ot[o1 - 1].end
        sa, sb = st[s0].start, st[s1 - 1].end
        blocks.append(Block(sa, sb, a, b, spun[sa:sb], original[a:b], nw_s, nw_o))
    return blocks


#: Largest gap (cells of the DP table) aligned exactly; bigger gaps fall back to difflib.
DP_CELLS = 400_000


def _changes(ot: list[Token], st: list[Token]) -> list[tuple[int, int, int, int]]:
    """Unmatched regions (o0, o1, s0, s1). Long shared runs anchor; the gaps between them get an exact
    weighted LCS, because difflib's greedy longest-block-first choice grabs stray ", in" pairs and misaligns
    the phrases around them."""
    a, b = [t.norm for t in ot], [t.norm for t in st]
    sm = SequenceMatcher(None, a, b, autojunk=False)
    anchors = [m for m in sm.get_matching_blocks() if m.size >= 3 or m.size == 0]
    pairs: list[tuple[int, int]] = []
    i0 = j0 = 0
    for m in anchors:
        pairs += _lcs(a, b, i0, m.a, j0, m.b)
        pairs += [(m.a + k, m.b + k) for k in range(m.size)]
        i0, j0 = m.a + m.size, m.b + m.size
    out = []
    pi, pj = 0, 0
    for i, j in pairs + [(len(a), len(b))]:
        if i > pi or j > pj:
            out.append((pi, i, pj, j))
        pi, pj = i + 1, j + 1
    return out


def _weight(tok: str) -> int:
    return 1 if tok in FUNCTION_WORDS or not tok[0].isalnum() else 3


def _lcs(a: list[str], b: list[str], i0: int, i1: int, j0: int, j1: int) -> list[tuple[int, int]]:
    """Matched index pairs of a maximum-weight common subsequence of a[i0:i1] and b[j0:j1]."""
    n, m = i1 - i0, j1 - j0
    if n == 0 or m == 0:
        return []
    if n * m > DP_CELLS:
        sm = SequenceMatcher(None, a[i0:i1], b[j0:j1], autojunk=False)
        return [(i0 + x.a + k, j0 + x.b + k) for x in sm.get_matching_blocks() for k in range(x.size)]
    score = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt, ai = score[i], score[i + 1], a[i0 + i]
        for j in range(m - 1, -1, -1):
            best = nxt[j] if nxt[j] > row[j + 1] else row[j + 1]
            if ai == b[j0 + j]:
                w = nxt[j + 1] + _weight(ai)
                if w > best:
                    best = w
            row[j] = best
    pairs = []
    i = j = 0
    while i < n and j < m:
        if a[i0 + i] == b[j0 + j] and score[i][j] == score[i + 1][j + 1] + _weight(a[i0 + i]):
            pairs.append((i0 + i, j0 + j))
            i, j = i + 1, j + 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _trim_punct(ot: list[Token], st: list[Token], o0: int, o1: int, s0: int,
                s1: int) -> tuple[int, int, int, int]:
    """Drop punctuation at the edges of a block: a swap is between words."""
    while o0 < o1 and not ot[o0].is_word:
        o0 += 1
    while o1 > o0 and not ot[o1 - 1].is_word:
        o1 -= 1
    while s0 < s1 and not st[s0].is_word:
        s0 += 1
    while s1 > s0 and not st[s1 - 1].is_word:
        s1 -= 1
    return o0, o1, s0, s1


def _widen(ot: list[Token], st: list[Token], o0: int, o1: int, s0: int, s1: int,
           limit: int = 2) -> tuple[int, int, int, int]:
    """Give insertions, deletions and function-word-only blocks a shared neighbouring word (right first)."""
    for _ in range(limit):
        weak = o0 == o1 or s0 == s1 or (_is_function(ot, o0, o1) and _is_function(st, s0, s1))
        if not weak:
            break
        if o1 < len(ot) and s1 < len(st) and ot[o1].is_word and ot[o1].norm == st[s1].norm:
            o1, s1 = o1 + 1, s1 + 1
        elif o0 > 0 and s0 > 0 and ot[o0 - 1].is_word and ot[o0 - 1].norm == st[s0 - 1].norm:
            o0, s0 = o0 - 1, s0 - 1
        else:
            break
    return o0, o1, s0, s1

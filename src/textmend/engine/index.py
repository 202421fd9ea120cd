"""Match: all maps compiled into one index, scanned in time linear in the text.

Two levels. A byte-level prefilter probes each piece of text against a set of first words (single-word
entries) and first word pairs (multiword entries) with C-level set operations; it rules out clean text at
tens of MB/s whatever the number of entries. Only pieces with a hit get the token-level matcher, a
dict lookup per token that then compares a few candidate phrases. Neither level grows with the map.
"""
from __future__ import annotations

import pickle
import re
import sys
import threading
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from ..knowledge.inflect import variants
from ..knowledge.phrasemap import PhraseMap, load_maps
from ..knowledge.rules import When, parse_when
from ..knowledge.scoring import frequency_adjustment
from ..model import Entry, EntryKind, Finding, Source
from ..normalize import WORD_RE, norm_sep, split_phrase

if TYPE_CHECKING:  # pragma: no cover
    from spellchecker.spellchecker import WordFrequency

PIECE = 16384  # characters per prefilter piece
OVERLAP = 400  # longest phrase we expect, in characters: pieces overlap by this much

# Prefilter byte transform: ASCII letters lower-cased, digits and UTF-8 lead bytes kept, all else blank.
# Continuation bytes and the lead byte 0xE2 (U+2000-U+2FFF: curly quotes, dashes, symbols) are blanked, so
# "don’t" and "don't" give the same words. Text and keys go through the same transform.
_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or (c >= 0xC0 and c != 0xE2)) else 32
    for c in range(256)
)


#: Non-ASCII characters that are not word characters (no-break space, ©; ¼ is a word character): blanked
#: before the byte transform, which would otherwise keep their UTF-8 lead byte and glue them to the word
#: beside them ("locations\u00a0agreed" must give b"locations", not b"locations\xc2").
_NON_WORD = re.compile(r"[^\w\x00-\x7f]+")


def prefilter_words(text: str) -> list[bytes]:
    if not text.isascii():
        text = _NON_WORD.sub(" ", text)
    return text.encode("utf-8", "surrogatepass").translate(_TABLE).split()


#: A prefilter key: a word (single-word entries) or an adjacent word pair (multiword entries), as bytes.
PKey = bytes | tuple[bytes, bytes]
#: A prefilter piece: (start, end, keys present).
Piece = tuple[int, int, AbstractSet[PKey]]
#: What ``Index.probe`` looks for: singles, pairs, strong keys, weighted keys and their weights.
ProbeKeys = tuple[frozenset[PKey], frozenset[PKey], frozenset[PKey], frozenset[PKey], dict[PKey, float]]


#: Words too common to anchor a multiword entry on when a rarer pair is available.
_COMMON = frozenset(
    "a an the of in on at to for by with from as and or but is are was were be been it its this that these "
    "those there their they he she we you your our his her not no all any some more most much many such "
    "than then so over up out into about after before between through under very can will would could may "
    "might must shall should have has had do does did one two per each every other".split())


class Variant(NamedTuple):
    """One concrete form of an entry: the words to match and the candidates that replace them.

    ``kp`` is the anchor: the index of the word (and, for phrases, the word pair starting there) that the
    prefilter probes and the locator searches for, chosen to be rare. A NamedTuple, not a dataclass: an
    index holds tens of thousands and unpickles them from the disk cache on every start.
    """

    words: tuple[str, ...]
    seps: tuple[str, ...]
    candidates: tuple[str, ...]
    entry: Entry
    when: When
    needs_evidence: bool
    kp: int = 0
    #: Confidence shift of a guarded form from word frequencies (``scoring.frequency_adjustment``), worked
    #: out when the index is built so that no process loads the dictionary just to decide.
    adjust: float = 0.0


def _anchor(words: tuple[str, ...], freq: WordFrequency) -> int:
    """Index of the rarest adjacent word pair (by English word frequency): the fewest prefilter hits."""
    if len(words) < 3:
        return 0

    def rank(k: int) -> tuple[int, int]:
        pair = words[k : k + 2]
        return (-sum(w not in _COMMON for w in pair), min(freq[w] if w.isalpha() else 0 for w in pair))

    return min(range(len(words) - 1), key=lambda k: (rank(k), k))


def _default_weight(e: Entry) -> float:
    """The evidence a weak entry's match gives when the evidence table has no weight for it (as
    ``evidence.finding_value`` counts it): what the probe may add up."""
    from .evidence import LEARNED, WEAK

    if e.kind != EntryKind.GUARDED:
        return 0.0
    return LEARNED if e.provenance.startswith("generated") else WEAK


class Probe(NamedTuple):
    """One prefilter piece: offsets, strong keys present, summed weight of weak keys present, words."""

    start: int
    end: int
    strong: AbstractSet[PKey]
    weak_weight: float
    words: int


#: What only the matcher needs, once the probe has found a key: most of the index by size. The disk cache
#: holds it as one nested pickle, unpickled on first use, so checking a small clean file skips it (0.1 s).
_LAZY = ("entries", "allow", "first", "locate_single", "locate_pair", "when", "reach")
_LOADING = threading.Lock()


class Index:
    """The compiled maps. Build with ``compile_maps``; cached per configuration."""

    #: Set by a process that owns its heap (the command line): the lazy tables are ``gc.freeze()``-d once loaded.
    freeze_on_load: bool = False

    def __init__(self, maps: tuple[PhraseMap, ...], guard_threshold: float = 0.5,
                 weights: dict[tuple[str, ...], float] | None = None) -> None:
        self.map_ids = tuple(m.id for m in maps)
        #: Learned evidence weights by phrase key (``evidence.load_weights``), and per prefilter key of the
        #: weak entries the highest weight anchored there: what the evidence probe adds up.
        self.weights = {k: w for k, w in (weights or {}).items() if w > 0}
        self.key_weight: dict[PKey, float] = {}
        #: Counter-evidence: words spinners replace (negative weights), by word and by prefilter key.
        self.markers = {k[0]: w for k, w in (weights or {}).items() if w < 0 and len(k) == 1}
        self.marker_keys: dict[bytes, float] = {}
        for word, w in self.markers.items():
            b = prefilter_words(word)
            if len(b) == 1:
                self.marker_keys[b[0]] = w

        self.entries: list[Entry] = []
        self.allow: list[tuple[str, str, str]] = []  # (phrase, reason, map id)
        self.first: dict[str, list[Variant]] = {}  # anchor word -> variants anchored there
        self.keys: dict[bool, tuple[set[bytes], set[tuple[bytes, bytes]]]] = {
            False: (set(), set()), True: (set(), set())}
        # prefilter key -> locator regex pieces (anchor word, or anchor word pair) it stands for
        self.locate_single: dict[bytes, set[str]] = {}
        self.locate_pair: dict[tuple[bytes, bytes], set[tuple[str, str, int]]] = {}
        from ..knowledge.scoring import word_frequencies

        self._freq = word_frequencies()
        self._parsed: dict[str, When] = {}
        self.when: dict[str, When] = {}
        for m in maps:
            self.allow.extend((p, r, m.id) for p, r in m.allow)
            for e in m.entries:
                self._add_entry(e, guard_threshold)
        #: anchor word -> (words needed before it, words needed from it on), over its variants
        self.reach: dict[str, tuple[int, int]] = {}
        for anchor, lst in self.first.items():
            lst.sort(key=lambda v: -len(v.words))
            self.reach[anchor] = (max(v.kp for v in lst), max(len(v.words) - v.kp for v in lst))
        del self._freq, self._parsed

    def _add_entry(self, e: Entry, guard_threshold: float) -> None:
        self.entries.append(e)
        when = self._parsed.get(e.when)
        if when is None:  # one object per distinct condition (495 for 12,283 entries): a smaller, faster cache file
            when = self._parsed[e.when] = parse_when(e.when)
        self.when[e.rule] = when
        threshold = when.min_doc if when.min_doc is not None else \
            (guard_threshold if e.kind != EntryKind.FIXED else 0.0)
        needs = threshold > 0.0
        forms = [(e.garbled, e.candidates)]
        if e.inflect:
            per_candidate = [variants(e.garbled, c, e.inflect) for c in e.candidates]
            for k, (g, _) in enumerate(per_candidate[0]):
                cands = tuple(pc[k][1] if k < len(pc) else pc[0][1] for pc in per_candidate if pc)
                forms.append((g, cands))
        for garbled, cands in forms:
            words, seps = split_phrase(garbled)
            # Interned: thousands of variants share words like "the", and the disk cache stores each once.
            words, seps = tuple(map(sys.intern, words)), tuple(map(sys.intern, seps))
            if not words:
                continue
            kp = _anchor(words, self._freq)
            keys = [prefilter_words(w) for w in words[kp : kp + 2]]
            if any(len(k) != 1 for k in keys):  # the byte view splits a word differently: anchor on the start
                kp, keys = 0, []
            bw = [k[0] for k in keys] if keys else prefilter_words(garbled)[:2]
            if not bw:
                continue
            adjust = frequency_adjustment(garbled, cands[0]) if e.kind == EntryKind.GUARDED and cands else 0.0
            v = Variant(words, seps, cands, e, when, needs, kp, adjust)
            self.first.setdefault(words[kp], []).append(v)
            singles, pairs = self.keys[needs]
            weight = self.weights.get(words, _default_weight(e)) if needs else 0.0
            if len(words) == 1 or len(bw) == 1 or not keys:
                singles.add(bw[0])
                self.locate_single.setdefault(bw[0], set()).add(words[kp])
                if weight:
                    self.key_weight[bw[0]] = max(weight, self.key_weight.get(bw[0], 0.0))
            else:
                pairs.add((bw[0], bw[1]))
                if weight:
                    self.key_weight[(bw[0], bw[1])] = max(weight, self.key_weight.get((bw[0], bw[1]), 0.0))
                a, b = words[kp], words[kp + 1]
                rare = 1 if self._freq[b] < self._freq[a] else 0  # search for the rarer word of the pair
                self.locate_pair.setdefault((bw[0], bw[1]), set()).add((a, b, rare))

    def allow_re(self, extra: tuple[str, ...] = ()) -> re.Pattern[str] | None:
        """The allow-list regex for the shipped allow-lists plus ``extra`` phrases (cached)."""
        from .locality import allow_pattern

        cache: dict[tuple[str, ...], re.Pattern[str] | None] = self.__dict__.setdefault("_allow_cache", {})
        if extra not in cache:
            cache[extra] = allow_pattern([p for p, _, _ in self.allow] + list(extra))
        return cache[extra]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the index without its derived caches (they rebuild on use), and with the matcher's tables
        pickled apart (``_LAZY``): a process that only probes clean text never unpickles them."""
        self.load_all()
        state = self.__dict__.copy()
        for key in ("_allow_cache", "_anchors", "_marker_re", "_probe", "_by_next", "freeze_on_load"):
            state.pop(key, None)
        state["_lazy"] = pickle.dumps({k: state.pop(k) for k in _LAZY}, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __getattr__(self, name: str) -> Any:
        """The matcher's tables, unpickled on first use (only called for attributes not yet present)."""
        if name in _LAZY and "_lazy" in self.__dict__:
            self.load_all()
            return self.__dict__[name]
        raise AttributeError(name)

    def load_all(self) -> None:
        """Unpickle the matcher's tables now (before forking workers, so they share one copy). Threads that
        ask meanwhile wait for the tables; ``_lazy`` goes only once they are all in place."""
        if "_lazy" not in self.__dict__:
            return
        import gc

        with _LOADING:
            blob = self.__dict__.get("_lazy")
            if blob is None:  # another thread loaded them while this one waited
                return
            enabled = gc.isenabled()
            gc.disable()  # hundreds of thousands of long-lived objects: no collection while they are made
            try:
                self.__dict__.update(pickle.loads(blob))
                if self.__dict__.get("freeze_on_load"):
                    gc.freeze()  # the command line's own process: keep the collector off them (cli.batch.warm)
            finally:
                if enabled:
                    gc.enable()
            del self.__dict__["_lazy"]

    def __len__(self) -> int:
        return len(self.entries)

    # -- prefilter --------------------------------------------------------------------------------
    def _piece_keys(self, piece: str, evidence: bool) -> set[PKey]:
        """The prefilter keys (words, word pairs) present in this piece: C-level set probes only."""
        words = prefilter_words(piece)
        found: set[PKey] = set()
        for level in ((False, True) if evidence else (False,)):
            singles, pairs = self.keys[level]
            if singles:  # an empty set still walks every word
                found |= singles.intersection(words)
            if pairs:
                found |= pairs.intersection(zip(words, islice(words, 1, None)))
        return found

    def pieces(self, text: str, evidence: bool) -> list[Piece]:
        """(start, end, keys) for each piece of ``text`` with a prefilter hit; empty for most clean text."""
        if len(text) <= PIECE + OVERLAP:
            keys = self._piece_keys(text, evidence)
            return [(0, len(text), keys)] if keys else []
        out: list[Piece] = []
        for a in range(0, len(text), PIECE):
            b = min(len(text), a + PIECE + OVERLAP)
            keys = self._piece_keys(text[a:b], evidence)
            if keys:
                out.append((a, b, keys))
        return out

    def probe(self, text: str) -> list[Probe]:
        """Per piece of ``text``: the strong prefilter keys present, and the summed evidence weight of the
        distinct weak keys present, with its word count. One byte transform serves both questions: where
        pass one must look, and where weak entries could possibly find enough evidence to fire."""
        out = []
        all_singles, all_pairs, strong, weighted, weight = self._probe_keys()
        step = PIECE if len(text) > PIECE + OVERLAP else len(text) + 1
        for a in range(0, max(len(text), 1), step):
            b = min(len(text), a + step + OVERLAP)
            words = prefilter_words(text[a:b])
            # One intersection per key shape; the (few) keys found are then split with set operations.
            present = all_singles.intersection(words)
            present |= all_pairs.intersection(zip(words, islice(words, 1, None)))
            out.append(Probe(a, b, present & strong, sum(map(weight.__getitem__, present & weighted)), len(words)))
        return out

    def _probe_keys(self) -> ProbeKeys:
        """The prefilter keys the probe looks for (singles, pairs), the strong ones among them, the weighted
        ones and their evidence weights (markers negative): built once per index and process."""
        cached = self.__dict__.get("_probe")
        if cached is None:
            (ss, sp), (ws, wp) = self.keys[False], self.keys[True]
            weight = dict(self.key_weight)
            for key, w in self.marker_keys.items():
                weight[key] = w
            cached = self.__dict__["_probe"] = (frozenset(ss | ws | set(self.marker_keys)), frozenset(sp | wp),
                                                frozenset(ss | sp), frozenset(weight), weight)
        return cached

    def marker_hits(self, text: str, lo: int, hi: int) -> list[tuple[int, str, float]]:
        """(offset, word, negative weight) of every counter-evidence word in ``text[lo:hi]``."""
        if not self.markers:
            return []
        pattern = self.__dict__.get("_marker_re")
        if pattern is None:
            import re

            words = sorted(self.markers, key=len, reverse=True)
            pattern = self.__dict__["_marker_re"] = re.compile(
                r"(?<![^\W_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W_])", re.IGNORECASE)
        return [(m.start(), w, self.markers[w]) for m in pattern.finditer(text, lo, hi) for w in (m.group().lower(),)]

    def anchors(self, text: str, evidence: bool, pieces: Iterable[Piece] | None = None) -> list[int]:
        """Sorted start offsets of anchor words whose key (word, or word pair) occurs there.

        Each key is searched for with ``str.find`` on its rarer word, and the other word of a pair is checked
        next to it: C-speed scanning, Python work only per real occurrence.
        """
        found: set[int] = set()
        for a, b, keys in (self.pieces(text, evidence) if pieces is None else pieces):
            piece = text[a:b]
            low = piece.lower()
            if len(low) != len(piece):  # a rare character whose lower case has another length
                low = "".join(c if len(c.lower()) != 1 else c.lower() for c in piece)
            for key in keys:
                if isinstance(key, tuple):
                    for wa, wb, rare in self.locate_pair.get(key, ()):
                        found.update(a + i for i in _pair_starts(low, wa, wb, rare))
                else:
                    for w in self.locate_single.get(key, ()):
                        found.update(a + i for i in _word_starts(low, w))
        return sorted(found)

    # -- token matcher ----------------------------------------------------------------------------
    def _variants_by_next(self, anchor: str) -> dict[str | None, tuple[list[Variant], int]]:
        """The variants anchored at ``anchor``, by the word that must follow it (built on first use), each
        list with the number of words its variants need before the anchor.

        ``None`` holds those that end at the anchor; every list keeps ``first``'s order (longest first), so
        findings come out exactly as from a walk over all of ``first[anchor]``. Why: common anchors ("the")
        carry hundreds of variants, and only the few whose next word is really there need comparing.
        """
        cache: dict[str, dict[str | None, tuple[list[Variant], int]]] = self.__dict__.setdefault("_by_next", {})
        got = cache.get(anchor)
        if got is None:
            variants = self.first[anchor]
            nexts = {v.words[v.kp + 1] for v in variants if v.kp + 1 < len(v.words)}
            lists: dict[str | None, list[Variant]] = {
                w: [v for v in variants if v.kp + 1 >= len(v.words) or v.words[v.kp + 1] == w] for w in nexts}
            lists[None] = [v for v in variants if v.kp + 1 >= len(v.words)]
            got = {w: (lst, max((v.kp for v in lst), default=0)) for w, lst in lists.items()}
            cache[anchor] = got
        return got

    def find(self, text: str, evidence: bool, pieces: Iterable[Piece] | None = None) -> list[Finding]:
        """Every phrase-map match in ``text`` (overlapping matches included; decide resolves them).
        ``pieces``: the prefilter's answer when the caller already has it (``probe``)."""
        starts = self.anchors(text, evidence, pieces)
        if not starts:
            return []
        out: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        for pos in starts:
            first_word = WORD_RE.match(text, pos)
            anchor = first_word.group().lower() if first_word else None
            if anchor not in self.first:
                continue
            ahead = self.reach[anchor][1]
            after = [(t.start(), t.end(), t.group().lower())
                     for t in islice(WORD_RE.finditer(text, pos, pos + OVERLAP), ahead)]
            by_next = self._variants_by_next(anchor)
            cands, back = by_next.get(after[1][2] if len(after) > 1 else None) or by_next[None]
            before = []
            if back:  # only as many words before the anchor as these candidates need
                lo = max(0, pos - 40 * back)
                while lo > 0 and text[lo - 1].isalnum():
                    lo -= 1
                before = [(t.start(), t.end(), t.group().lower())
                          for t in WORD_RE.finditer(text, lo, pos)][-back:]
            toks = before + after
            here = len(before)
            n = len(toks)
            for v in cands:
                if v.needs_evidence and not evidence:
                    continue
                i = here - v.kp
                k = len(v.words)
                if i < 0 or i + k > n:
                    continue
                ok = True
                for j in range(k):
                    if toks[i + j][2] != v.words[j] or (
                            j and norm_sep(text[toks[i + j - 1][1] : toks[i + j][0]]) != v.seps[j - 1]):
                        ok = False
                        break
                if not ok:
                    continue
                start, end = toks[i][0], toks[i + k - 1][1]
                if _in_compound(text, start, end):
                    continue
                key = (start, end, v.entry.rule)
                if key in seen:
                    continue
                seen.add(key)
                e = v.entry
                out.append(Finding(start, end, text[start:end], v.candidates, e.rule, Source.PHRASE_MAP,
                                   e.confidence, e.kind, e, v.adjust))
        out.sort(key=lambda f: (f.start, -f.end))
        return out


def _word_starts(low: str, word: str) -> list[int]:
    """Offsets where ``word`` stands as a whole word in the lower-cased ``low``."""
    out = []
    n = len(word)
    i = low.find(word)
    while i >= 0:
        if (i == 0 or not low[i - 1].isalnum()) and (i + n >= len(low) or not low[i + n].isalnum()):
            out.append(i)
        i = low.find(word, i + 1)
    return out


def _pair_starts(low: str, first: str, second: str, rare: int) -> list[int]:
    """Offsets of ``first`` where ``second`` follows it across a short run of non-word characters."""
    out = []
    if rare == 0:
        for i in _word_starts(low, first):
            j = i + len(first)
            k = j
            while k < len(low) and k - j < 8 and not low[k].isalnum():
                k += 1
            after = k + len(second)
            if k > j and low.startswith(second, k) and (after >= len(low) or not low[after].isalnum()):
                out.append(i)
    else:
        for i in _word_starts(low, second):
            k = i
            while k > 0 and i - k < 8 and not low[k - 1].isalnum():
                k -= 1
            start = k - len(first)
            if k < i and start >= 0 and low.startswith(first, start) and (start == 0 or not low[start - 1].isalnum()):
                out.append(start)
    return out


def _in_compound(text: str, start: int, end: int) -> bool:
    """A match glued by a hyphen to a neighbouring word ("force loss-making") is part of a compound."""
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] in "-\u2010\u2011" and after[1].isalnum()) or \
        (len(before) == 2 and before[1] in "-\u2010\u2011" and before[0].isalnum())


def compile_maps(maps: tuple[PhraseMap, ...], guard_threshold: float = 0.5,
                 weights: dict[tuple[str, ...], float] | None = None) -> Index:
    return Index(maps, guard_threshold, weights)


@lru_cache(maxsize=16)
def get_index(themes: tuple[str, ...] | None, extra: tuple[str, ...], builtin: bool,
              guard_threshold: float, evidence_file: str | None = None) -> Index:
    """The index for a configuration: once per process, and from the disk cache when maps are unchanged.
    ``evidence_file``: the evidence table (``None``: the shipped one, ``""``: none)."""
    from pathlib import Path

    from ..knowledge.phrasemap import builtin_dir
    from .cache import cache_key, cached
    from .evidence import builtin_evidence_path, load_weights

    evidence = str(builtin_evidence_path()) if evidence_file is None else evidence_file
    files = [Path(p).resolve() for p in extra] + ([Path(evidence).resolve()] if evidence else [])
    if builtin:
        d = builtin_dir()
        files += sorted(d.glob("*.tsv")) + [d / "words.txt"]
    key = cache_key([f for f in files if f.exists()],
                    (themes, builtin, guard_threshold, tuple(str(p) for p in extra), evidence))
    import gc

    # The index is hundreds of thousands of long-lived objects: the cyclic collector would walk them at
    # every load step. Off while loading (a caller's own heap is left as it was: no gc.freeze()).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return cached(key, lambda: compile_maps(load_maps(themes, extra, builtin), guard_threshold,
                                                load_weights(evidence) if evidence else {}))
    finally:
        if enabled:
            gc.enable()

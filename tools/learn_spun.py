#!/usr/bin/env python3
"""Learn spinner substitution tables from the annotated spun-samples corpus, deterministically.

The corpus (``../shared/spun-samples/``) holds annotated garbles from real spun pages, each with its page,
spinner family and group (pages that share a site or a source text). This tool turns it into a phrase map,
``data/phrase_maps/learned.tsv``:

* **What spinners write.** Every annotated (garbled, canonical) pair is counted per family and per group.
  Pairs are pooled by lemma (``stated``/``said``, ``states``/``says``) and written out for every inflected
  form, so a swap seen in one form carries to the others.
* **How often a written word is spinner output.** For each garbled phrase the tool also counts its
  occurrences the spinner left alone (page text outside every annotated garble, and the clean windows of the
  same pages). ``P(garbled)`` smoothed over both counts, times the share of the leading restoration, shrunk
  by the number of groups that back it, is the entry's confidence: the chance an edit is right *in a spun
  page*. That is why every learned entry is ``guarded`` (it needs document and local evidence of spinning)
  or ``ambiguous`` (a suggestion with candidates).
* **How much a match says about a page.** Each entry carries an evidence weight, the log-ratio of how often
  the phrase occurs as spinner output against how often it occurs untouched, which the document score sums.

The tool shares the package's own code: page reconstruction (``textmend.evaluate``), phrase keys
(``textmend.normalize``), inflection (``textmend.inflect``) and the TSV writer (``textmend.mapwrite``).
``exclude_groups`` leaves groups out, so the cross-validation harness (``benchmarks/cv.py``) rebuilds the
knowledge without the group it tests.

    python tools/learn_spun.py [--shared DIR] [--output FILE] [--exclude-group G ...]
"""
from __future__ import annotations

import argparse
import math
import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textmend.config import Config  # noqa: E402
from textmend.evaluate import Doc, add_clean_windows, load_spun, read_jsonl  # noqa: E402
from textmend.inflect import marked_pairs, paradigm  # noqa: E402
from textmend.mapwrite import MapLine, render_map  # noqa: E402
from textmend.normalize import WORD_RE, match_case, phrase_key  # noqa: E402
from textmend.rules import parse_when  # noqa: E402

OUT = ROOT / "data" / "phrase_maps" / "learned.tsv"
EVIDENCE_OUT = ROOT / "data" / "lexicons" / "spin-evidence.tsv"
#: Hand-written examples for the generated map (run by the test suite like every map's): the learned swaps
#: a spun page shows, and ordinary sentences with the same words that must not change.
EXAMPLES = (
    "The minister stated the bodily checks would continue till Friday. => "
    "The minister said the physical checks would continue until Friday.",
    "Likewise, the financial institution stated that the incentive was paid. => "
    "Also, the bank said that the bonus was paid.",
)
CLEAN = ("The minister said the physical checks would continue until Friday.",
         "As the report stated, the procedure was clear and the buyer was satisfied.")
CLEAN_IN_SPUN = ("The physical checks continue until Friday, the minister said.",)
#: Clean newswire in the shared folder (never copied): learned entries it uses freely are only suggested.
CLEAN_CORPUS = "reuters21578-even.jsonl"
MAX_WORDS = 5  # longest garbled phrase learned, in words
#: Smoothing of P(garbled): a prior rate and its weight in pseudo-occurrences.
PRIOR_RATE, PRIOR_WEIGHT = 0.1, 3.0
#: A leading restoration below this share of the votes makes the entry ambiguous.
AMBIGUOUS_SHARE = 0.6
#: Entries below this confidence are not written (too weak even to suggest).
MIN_CONFIDENCE = 0.12
#: Entries below this confidence are written as suggestions only (``ambiguous``): a spinner's usual output
#: that is just as often an ordinary word ("stay", "world") is worth showing inside spun text, never applying.
SUGGEST_BELOW = 0.33
CONTEXT = 3  # words each side that identify one occurrence (windows overlap: the same text recurs)
_EDGE = ",.;:!?()[]\"'“”‘’…—–-/ "


@dataclass
class Stats:
    """What the corpus says about one garbled phrase (a key of normalised words)."""

    surface: str
    garbled: int = 0
    unchanged: int = 0
    groups: set[str] = field(default_factory=set)
    families: Counter = field(default_factory=Counter)
    restorations: Counter = field(default_factory=Counter)  # restoration surface -> occurrences
    restoration_groups: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    derived: bool = False  # only known through a lemma pair (an inflected form not seen itself)
    #: Times the phrase is part of a restoration: what the original pages had where the spinner wrote.
    restored: int = 0


# --- corpus ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    doc: Doc
    group: str
    family: str
    spun: bool


def load_pages(shared: Path, exclude_groups: frozenset[str] = frozenset()) -> list[Page]:
    """The corpus pages as ``textmend eval`` builds them (windows joined per page, clean windows added)."""
    rows = read_jsonl(str(shared / "spun-samples" / "spun_windows.jsonl"))
    clean = read_jsonl(str(shared / "spun-samples" / "clean_windows.jsonl"))
    rows = [r for r in rows if r["group"] not in exclude_groups]
    clean = [r for r in clean if r["group"] not in exclude_groups]
    meta = {r["url"]: (r["group"], r.get("family") or "", True) for r in rows}
    for r in clean:
        meta.setdefault(r["url"], (r["group"], r.get("family") or "", r.get("kind") != "unspun_trap"))
    docs = add_clean_windows(load_spun(rows), clean)
    return [Page(d, *meta[d.name]) for d in sorted(docs, key=lambda d: d.name)]


def _trim(garbled: str, canonical: str) -> tuple[str, str]:
    """Drop punctuation both sides share at their edges ("mentioned." / "said.")."""
    while garbled and canonical and garbled[-1] == canonical[-1] and garbled[-1] in _EDGE:
        garbled, canonical = garbled[:-1], canonical[:-1]
    while garbled and canonical and garbled[0] == canonical[0] and garbled[0] in _EDGE:
        garbled, canonical = garbled[1:], canonical[1:]
    return garbled.strip(), canonical.strip()


def _surface(garbled: str, canonical: str) -> str:
    """How a restoration is written in the map: lower case unless its capitals are its own (names)."""
    lower = canonical.lower()
    return lower if match_case(garbled, lower) == canonical else canonical


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text)]


def count_garbled(pages: list[Page], seen: set) -> dict[tuple[str, ...], Stats]:
    """Every annotated garble of the spun pages, by key: occurrences, groups, families, restorations."""
    stats: dict[tuple[str, ...], Stats] = {}
    for p in pages:
        if not p.spun or not p.doc.spans:
            continue
        text = p.doc.text
        toks = _tokens(text)
        words = [t[2] for t in toks]
        starts = [t[0] for t in toks]
        for s in p.doc.spans:
            g, c = _trim(text[s.start : s.end], s.canonical)
            key = phrase_key(g)
            if not key or not c or len(key) > MAX_WORDS or key == phrase_key(c):
                continue
            i = bisect_left(starts, s.start)  # the garble's first word
            ctx = (tuple(words[max(0, i - CONTEXT) : i]), key, tuple(words[i + len(key) : i + len(key) + CONTEXT]))
            if (p.doc.name, ctx) in seen:
                continue
            seen.add((p.doc.name, ctx))
            st = stats.setdefault(key, Stats(" ".join(g.lower().split())))
            st.garbled += 1
            st.groups.add(p.group)
            st.families[p.family] += 1
            r = _surface(g, c)
            st.restorations[r] += 1
            st.restoration_groups[r].add(p.group)
    return stats


# --- morphology ------------------------------------------------------------------------------------
def expand(stats: dict[tuple[str, ...], Stats]) -> None:
    """Add the other inflected forms of single-word swaps ("invoices"/"bills" from "invoice"/"bill").

    A derived form inherits the votes of the forms it was derived from; its own untouched occurrences are
    counted like any other key's, so a form that is mostly ordinary English ("states") stays weak.
    """
    derived: dict[tuple[str, ...], Stats] = {}
    for key, st in sorted(stats.items()):
        if len(key) != 1 or st.derived:
            continue
        for restoration, n in st.restorations.most_common():
            if " " in restoration or not restoration.isalpha():
                continue
            for g_lemma, r_lemma, pos in sorted(marked_pairs(key[0], restoration.lower())):
                g_forms, r_forms = paradigm(g_lemma, pos), paradigm(r_lemma, pos)
                for slot in sorted(set(g_forms) & set(r_forms)):
                    form = (g_forms[slot],)
                    if form in stats or g_forms[slot] == r_forms[slot]:
                        continue
                    d = derived.setdefault(form, Stats(g_forms[slot], derived=True))
                    d.garbled += n
                    d.groups |= st.groups
                    d.families.update(st.families)
                    r = match_case(restoration, r_forms[slot]) if restoration[:1].isupper() else r_forms[slot]
                    d.restorations[r] += n
                    d.restoration_groups[r] |= st.restoration_groups[restoration]
    stats.update(derived)


def count_restored(pages: list[Page], stats: dict[tuple[str, ...], Stats]) -> None:
    """Occurrences of each key inside the annotated restorations: the original pages' own uses of it."""
    longest = max((len(k) for k in stats), default=0)
    for p in pages:
        if not p.spun:
            continue
        for s in p.doc.spans:
            words = phrase_key(s.canonical)
            for i in range(len(words)):
                for n in range(1, min(longest, len(words) - i) + 1):
                    st = stats.get(words[i : i + n])
                    if st is not None:
                        st.restored += 1


def count_unchanged(pages: list[Page], stats: dict[tuple[str, ...], Stats], seen: set) -> None:
    """Occurrences of each key in spun pages outside every annotated garble: text the spinner left alone."""
    longest = max((len(k) for k in stats), default=0)
    for p in pages:
        if not p.spun or not p.doc.spans:
            continue
        toks = _tokens(p.doc.text)
        words = [t[2] for t in toks]
        covered = [(s.start, s.end) for s in p.doc.spans] + p.doc.neutral
        blocked = [any(a < e and s < b for a, b in covered) for s, e, _ in toks]
        for i in range(len(words)):
            for n in range(1, longest + 1):
                key = tuple(words[i : i + n])
                if len(key) < n or key not in stats or any(blocked[i : i + n]):
                    continue
                ctx = (tuple(words[max(0, i - CONTEXT) : i]), key, tuple(words[i + n : i + n + CONTEXT]))
                if (p.doc.name, ctx) in seen:
                    continue
                seen.add((p.doc.name, ctx))
                stats[key].unchanged += 1


# --- clean text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Clean:
    """Counts of phrases in clean reference text (newswire), against which learned entries are screened."""

    counts: dict[tuple[str, ...], int]
    words: int
    name: str

    def rate(self, key: tuple[str, ...]) -> float:
        return self.counts.get(key, 0) / self.words if self.words else 0.0


@lru_cache(maxsize=2)
def _clean_ngrams(path: str) -> tuple[dict[tuple[str, ...], int], int]:
    counts: Counter = Counter()
    words_total = 0
    for row in read_jsonl(path):
        words = [t[2] for t in _tokens(row.get("text", ""))]
        words_total += len(words)
        for n in range(1, MAX_WORDS + 1):
            counts.update(zip(*(words[i:] for i in range(n))))
    return dict(counts), words_total


def load_clean(path: Path | None) -> Clean:
    """Phrase counts of a clean JSONL corpus (``{"text": ...}`` a line); empty when there is none."""
    if path is None or not path.exists():
        return Clean({}, 0, "none")
    counts, words = _clean_ngrams(str(path))
    return Clean(counts, words, path.name)


# --- entries ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Params:
    """How counts become confidences; ``benchmarks/cv.py`` reports the figures these give."""

    prior_rate: float = PRIOR_RATE
    prior_weight: float = PRIOR_WEIGHT
    #: Weight of the phrase's uses in restorations against P(garbled).
    restored_weight: float = 0.5
    #: Groups backing a form: confidence is scaled by n / (n + group_shrink).
    group_shrink: float = 1.0
    #: Derived forms (not seen themselves) keep this share of their confidence.
    derived_factor: float = 0.5
    #: The raw estimate (P(garbled) x share of the leading restoration x group support) at which an edit
    #: was right often enough to apply in leave-one-group-out runs; it is written as the configuration's
    #: default apply threshold (0.7), and every other value scaled alike, so the map's confidences read
    #: on the same scale as hand-written ones.
    apply_at: float = 0.3
    min_confidence: float = MIN_CONFIDENCE
    suggest_below: float = SUGGEST_BELOW
    #: ...and shown only with other spinner output within this many characters (``near=N``).
    near: int = 25
    #: Groups a phrase must be garbled in before it counts as evidence of spinning.
    evidence_min_groups: int = 2
    #: Weight of general English frequency on the "original" side of the evidence ratio.
    english_weight: float = 1.0
    #: A guarded entry whose phrase clean newswire uses at this share of its garbled rate in spun pages
    #: (per word) or more is only suggested.
    clean_factor: float = 0.5
    #: Counter-evidence: a restoration word replaced in at least this many groups, and at least this share
    #: of its uses, counts against spinning where it stands untouched.
    marker_min_groups: int = 3
    marker_min_share: float = 0.5
    #: Counter-evidence is discounted: a rewriter keeps words the news spinner always replaces.
    marker_scale: float = 0.75


def p_garbled(st: Stats, prm: Params) -> float:
    """Smoothed chance that an occurrence of the phrase in a spun page is spinner output.

    Occurrences in the restorations count half against it: a phrase the original pages used often is
    often left alone by the next spinner too ("energy" is both a garble and a common original word)."""
    return (st.garbled + prm.prior_rate * prm.prior_weight) / (
        st.garbled + st.unchanged + prm.restored_weight * st.restored + prm.prior_weight)


def evidence_weight(st: Stats, words_seen: int, prm: Params, clean_rate: float = 0.0) -> float:
    """How much likelier the phrase is in spun text than in the same pages as originally written.

    Spun text has the phrase where the spinner wrote it and where it was left alone; the originals have it
    where it was left alone and where the spinner replaced it. The log-ratio of the two counts compares like
    with like: same pages, same register, so an ordinary word that spinners also write ("however",
    "growth") weighs little. The original side also gets the phrase's expected count in general English
    (pyspellchecker's frequencies, or the clean newswire's rate where higher, over the words the pages
    hold), so a word the pages happen to lack is not taken for spinner output. A phrase seen garbled in one group
    only says nothing general (weight 0), and
    the weight grows with the number of groups behind it. Derived forms weigh nothing: they were not seen.
    """
    groups = len(st.groups)
    if st.derived or groups < prm.evidence_min_groups:
        return 0.0
    expected = prm.english_weight * words_seen * max(english_rate(st.surface), clean_rate)
    ratio = (st.garbled + st.unchanged + 1) / (st.unchanged + st.restored + 1 + expected)
    return max(0.0, math.log(ratio)) * min(1.0, groups / (prm.evidence_min_groups + 1))


def english_rate(phrase: str) -> float:
    """Rate of a phrase in general English: its rarest word's (pyspellchecker), a twentieth per extra word."""
    from textmend.scoring import word_frequencies

    freq = word_frequencies()
    words = phrase_key(phrase)
    if not words:
        return 0.0
    total = _total_frequency()
    return min(freq[w] for w in words) / total * (0.05 ** (len(words) - 1))


@lru_cache(maxsize=1)
def _total_frequency() -> int:
    from textmend.scoring import word_frequencies

    return sum(word_frequencies().dictionary.values())


def _known_words() -> frozenset[str]:
    from textmend.phrasemap import extra_words
    from textmend.scoring import word_frequencies

    freq = word_frequencies()
    return frozenset(w for w in freq.dictionary) | extra_words()


def entries(stats: dict[tuple[str, ...], Stats], skip: frozenset[tuple[str, ...]], prm: Params, clean: Clean,
            words_seen: int) -> list[MapLine]:
    """Map lines for every learned phrase that is not already a key of a hand-written map.

    A phrase that clean newswire uses about as often as spinners write it ("within", "however") is only
    ever suggested (``ambiguous``), however reliable it looked in spun pages; so is a restoration that only
    deletes words, unless spinners of two families, in three groups, were seen adding them."""
    known = _known_words()
    out: list[MapLine] = []
    for key in sorted(stats, key=lambda k: (stats[k].surface, k)):
        st = stats[key]
        if key in skip:
            continue
        votes = [(r, n) for r, n in st.restorations.items()
                 if phrase_key(r) != key and all(w.lower() in known for w in WORD_RE.findall(r) if w.isalpha())
                 and not any(c.isdigit() for c in r + st.surface)]
        if not votes:
            continue
        votes.sort(key=lambda rn: (-len(st.restoration_groups[rn[0]]), -rn[1], rn[0]))
        total = sum(st.restorations.values())
        share = votes[0][1] / total
        groups = len(st.groups)
        raw = p_garbled(st, prm) * share * groups / (groups + prm.group_shrink)
        if st.derived:
            raw *= prm.derived_factor
        conf = raw * Config().apply_threshold / prm.apply_at
        if conf < prm.min_confidence:
            continue
        kind = "ambiguous" if (share < AMBIGUOUS_SHARE and len(votes) > 1) or conf < prm.suggest_below \
            else "guarded"
        clean_rate = clean.rate(key)
        if kind == "guarded" and clean_rate >= prm.clean_factor * st.garbled / max(words_seen, 1):
            kind = "ambiguous"
        if kind == "guarded" and _is_deletion(key, phrase_key(votes[0][0])) and (len(st.families) < 2 or groups < 3):
            kind = "ambiguous"  # padding one spinner adds ("video game" for "game"): deleting words is risky
        fams = " ".join(f"{f or '?'} {n}" for f, n in sorted(st.families.items(), key=lambda x: (-x[1], x[0])))
        seen = ", ".join(f"{r} {n}" for r, n in votes[:4])
        note = (f"{'derived; ' if st.derived else ''}garbled {st.garbled}, untouched {st.unchanged}, "
                f"restored {st.restored}, clean {clean_rate * 1e6:.0f}/M, "
                f"groups {groups}; {fams}; {seen}")
        when = f"near={prm.near}" if conf < prm.suggest_below else ""
        out.append(MapLine(st.surface, tuple(r for r, _ in votes[:4]), kind, when, round(min(conf, 0.95), 2), note))
    return out


def break_cycles(lines: list[MapLine], hand: dict[tuple[str, ...], list[tuple[str, ...]]]) -> list[MapLine]:
    """Drop learned entries until no restoration leads back to its garble (rewriters swap both ways:
    "data" -> "information" on one page, "information" -> "data" on another), counting the other maps'
    entries too. In each cycle the learned entry with the lowest confidence goes; the validator rejects
    maps with cycles."""
    by_key = {phrase_key(line.garbled): line for line in lines}
    dropped: set[tuple[str, ...]] = set()
    while True:
        graph = dict(hand)
        graph.update({k: [phrase_key(c) for c in line.candidates] for k, line in by_key.items() if k not in dropped})
        cycle = [k for k in _find_cycle(graph) if k in by_key]
        if not cycle:
            return [line for k, line in by_key.items() if k not in dropped]
        dropped.add(min(cycle, key=lambda k: (by_key[k].confidence or 0.0, k)))


def _find_cycle(graph: dict[tuple[str, ...], list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    state: dict[tuple[str, ...], int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack = [(root, iter(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif nxt in graph and state.get(nxt) == 1:
                return path[path.index(nxt):]
            elif nxt in graph and not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(graph[nxt])))
                path.append(nxt)
    return []


def break_chains(lines: list[MapLine], other_keys: frozenset[tuple[str, ...]]) -> list[MapLine]:
    """An entry whose restoration is itself a garble of another entry ("inside" -> "within", while "within"
    -> "in") would be undone by the next run; it becomes a suggestion, so repair stays idempotent. The weakest
    entries (``near=``, suggestion-only) are left out of the keys: what they would add to the chains is the
    ordinary words they cover ("also", "times"), and a restoration to those is no less right for it."""
    keys = set(other_keys) | {phrase_key(line.garbled) for line in lines if not _near_gated(line)}
    out = []
    for line in lines:
        if line.kind == "guarded" and phrase_key(line.candidates[0]) in keys:
            line = replace(line, kind="ambiguous", note=line.note + "; restoration is itself a garble")
        out.append(line)
    return out


def _near_gated(line: MapLine) -> bool:
    """Is this one of the weakest entries, shown only beside other spinner output (``near=``)?"""
    return parse_when(line.when).near is not None


def _is_deletion(garbled: tuple[str, ...], restoration: tuple[str, ...]) -> bool:
    """Is the restoration the garbled phrase with words left out ("the latest" -> "the")?"""
    it = iter(garbled)
    return len(restoration) < len(garbled) and all(w in it for w in restoration)


def hand_graph(maps: list | None = None,
               exclude_ids: tuple[str, ...] = ("learned",)) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Garbled key -> restoration keys of the hand-written and other generated maps (they win over learned
    entries)."""
    from textmend.phrasemap import builtin_maps

    return {phrase_key(e.garbled): [phrase_key(c) for c in e.candidates]
            for m in (builtin_maps() if maps is None else maps) if m.id not in exclude_ids for e in m.entries}


@dataclass(frozen=True)
class Knowledge:
    """What one run learns: map lines (minus hand-written keys) and evidence weights (every key)."""

    lines: list[MapLine]
    evidence: list[tuple[str, float, str]]  # phrase, weight, note


def evidence_table(stats: dict[tuple[str, ...], Stats], mapped: set[tuple[str, ...]], words_seen: int,
                   prm: Params, clean: Clean) -> list[tuple[str, float, str]]:
    """Evidence weights for the phrases some map matches (the scorer only sees matches)."""
    out = []
    for key in sorted(stats, key=lambda k: (stats[k].surface, k)):
        st = stats[key]
        w = evidence_weight(st, words_seen, prm, clean.rate(key))
        if w > 0 and key in mapped:
            out.append((st.surface, round(w, 2), f"garbled {st.garbled}, untouched {st.unchanged}, "
                                                 f"restored {st.restored}, groups {len(st.groups)}"))
    return out


def markers(pages: list[Page], prm: Params) -> list[tuple[str, float, str]]:
    """Words spinners replace so reliably that finding one untouched is evidence *against* spinning.

    For a word of the restorations ("said", "price", "bill"): how often the originals' uses of it were
    replaced, against how often it stands untouched in the spun pages. An untouched occurrence weighs
    three quarters of ``log(1 - replaced share)`` (negative): clean newswire says "said" in every story, a page from the
    autoblog spinner almost never does. Only words replaced in several groups count."""
    replaced: Counter = Counter()
    groups: dict[str, set[str]] = defaultdict(set)
    spun = [p for p in pages if p.spun and p.doc.spans]
    for p in spun:
        for s in p.doc.spans:
            key = phrase_key(s.canonical)
            if len(key) == 1 and key[0].isalpha():
                replaced[key[0]] += 1
                groups[key[0]].add(p.group)
    untouched: Counter = Counter()
    seen: set = set()
    for p in spun:
        toks = _tokens(p.doc.text)
        words = [t[2] for t in toks]
        covered = [(s.start, s.end) for s in p.doc.spans] + p.doc.neutral
        for i, (a, b, w) in enumerate(toks):
            if w not in replaced or any(x < b and a < y for x, y in covered):
                continue
            ctx = (p.doc.name, tuple(words[max(0, i - CONTEXT) : i]), w, tuple(words[i + 1 : i + 1 + CONTEXT]))
            if ctx not in seen:
                seen.add(ctx)
                untouched[w] += 1
    out = []
    for w in sorted(replaced):
        if len(groups[w]) < prm.marker_min_groups:
            continue
        share = replaced[w] / (replaced[w] + untouched[w] + prm.prior_weight)
        if share >= prm.marker_min_share:
            out.append((w, round(prm.marker_scale * math.log(1.0 - share), 2),
                        f"restoration: replaced {replaced[w]}, untouched {untouched[w]}, groups {len(groups[w])}"))
    return out


def learn(pages: list[Page], hand: dict[tuple[str, ...], list[tuple[str, ...]]], clean: Clean,
          prm: Params = Params()) -> Knowledge:
    """Everything learned from ``pages``. ``hand``: the other maps' garbled keys and their restorations'
    keys (they win over learned entries, and take part in cycle and chain checks)."""
    seen: set = set()
    stats = count_garbled(pages, seen)
    expand(stats)
    count_unchanged(pages, stats, seen)
    count_restored(pages, stats)
    words_seen = sum(len(_tokens(p.doc.text)) for p in pages if p.spun and p.doc.spans)
    skip = frozenset(hand)
    lines = break_chains(break_cycles(entries(stats, skip, prm, clean, words_seen), hand), skip)
    # The weakest entries (near-gated suggestions) are ordinary words: no evidence of spinning on their own.
    mapped = set(skip) | {phrase_key(line.garbled) for line in lines if not _near_gated(line)}
    evidence = evidence_table(stats, mapped, words_seen, prm, clean)
    positive = {phrase_key(p) for p, _, _ in evidence}
    evidence += [m for m in markers(pages, prm) if (m[0],) not in positive]
    return Knowledge(lines, sorted(evidence, key=lambda row: (row[0], row[1])))


def _provenance(pages: list[Page], excluded: frozenset[str], clean: str = CLEAN_CORPUS) -> str:
    spun = [p for p in pages if p.spun and p.doc.spans]
    n_spans = sum(len(p.doc.spans) for p in spun)
    n_clean = sum(len(p.doc.clean) for p in pages)
    groups = {p.group for p in spun}
    left_out = f"; groups left out: {', '.join(sorted(excluded))}" if excluded else ""
    return (f"generated: tools/learn_spun.py from shared/spun-samples ({len(spun)} pages, {len(groups)} groups, "
            f"{n_spans} annotated garbles, {n_clean} clean windows), screened against shared/corpora/{clean}"
            f"{left_out}")


def render_evidence(rows: list[tuple[str, float, str]], pages: list[Page], excluded: frozenset[str],
                    date: str) -> str:
    """The evidence table: ``phrase <TAB> weight <TAB> counts``, with the map files' header style."""
    head = [
        "#: title = Evidence weights of spinner output: how much likelier a phrase is in spun than original text",
        f"#: provenance = {_provenance(pages, excluded)}",
        f"# generated {date}: {len(rows)} phrases. Do not edit by hand (tools/learn_spun.py regenerates it).",
        "# phrase\tweight\tcounts. Positive: log-ratio of its counts in spun pages and in the same pages as",
        "# originally written. Negative: a word spinners replace, found untouched (log of the share they leave).",
    ]
    return "\n".join(head + [f"{p}\t{w:.2f}\t{n}" for p, w, n in rows]) + "\n"


def render(lines: list[MapLine], pages: list[Page], excluded: frozenset[str], date: str) -> str:
    kinds = Counter(line.kind for line in lines)
    header: dict[str, str | list[str]] = {
        "id": "learned",
        "support": "100",
        "title": "Spinner substitutions learned from annotated spun pages (all families), with evidence weights",
        "theme": "learned",
        "provenance": _provenance(pages, excluded),
        "example": list(EXAMPLES), "clean": list(CLEAN), "clean-in-spun": list(CLEAN_IN_SPUN),
    }
    comments = (
        f"generated {date}: {len(lines)} entries ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}).",
        "Do not edit by hand: change tools/learn_spun.py or the corpus and regenerate (a test checks this file",
        "is current). Columns: garbled, restorations, kind, when, confidence, note (the counts behind it).",
    )
    return render_map(header, lines, comments)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")
    ap.add_argument("--output", type=Path, default=OUT)
    ap.add_argument("--evidence", type=Path, default=EVIDENCE_OUT)
    ap.add_argument("--exclude-group", action="append", default=[], help="leave this group out (repeatable)")
    ap.add_argument("--date", default=None, help="date written in the header (default: today)")
    args = ap.parse_args(argv)
    from textmend.paths import shared_dir

    shared = args.shared or shared_dir()
    if shared is None:
        print("learn_spun: no shared data folder (set TEXTMEND_SHARED_DIR or --shared)", file=sys.stderr)
        return 2
    excluded = frozenset(args.exclude_group)
    pages = load_pages(shared, excluded)
    know = learn(pages, hand_graph(), load_clean(shared / "corpora" / CLEAN_CORPUS))
    import datetime

    date = args.date or datetime.date.today().isoformat()
    args.output.write_text(render(know.lines, pages, excluded, date), encoding="utf-8")
    args.evidence.parent.mkdir(parents=True, exist_ok=True)
    args.evidence.write_text(render_evidence(know.evidence, pages, excluded, date), encoding="utf-8")
    print(f"learn_spun: {len(know.lines)} entries -> {args.output}; {len(know.evidence)} evidence weights -> "
          f"{args.evidence}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

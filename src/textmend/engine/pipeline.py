"""The pipeline over one text: segment, match, score, decide. Pure functions of (text, config)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..config import Config
from ..model import Edit, EntryKind, Finding, apply_edits
from .decide import Decision, decide
from .evidence import NEAR, STRONG, WIDE, upper_bound
from .figures import find_figures
from .index import Index, Probe, get_index
from .locality import Locality
from .result import Result
from .segment import overlaps
from .spintax import find_spintax


def index_for(cfg: Config) -> Index:
    return get_index(cfg.themes, tuple(cfg.map_files), cfg.builtin_maps, cfg.guard_threshold, cfg.evidence_file)


def analyse(text: str, cfg: Config, repair: bool = True, explain: bool = False, settle: bool = True) -> Result:
    """Find, score and decide. ``repair`` applies safe edits to ``Result.text``; otherwise they are pending."""
    index = index_for(cfg)
    made: list[Locality] = []

    def locality() -> Locality:  # built on first need: most clean texts never need one
        if not made:
            made.append(Locality(text, cfg.ignore_re, cfg.markup, index.allow_re(cfg.allow)))
        return made[0]

    if cfg.assume_spun or explain:
        findings, windows = index.find(text, True) + _by_rule(text), [(0, len(text))]
    else:
        findings, windows = _find(index, text, cfg, lambda: locality().whole_protected())
    if cfg.select or cfg.ignore:
        findings = [f for f in findings if cfg.runs(f.rule)]
    if not findings and not (cfg.assume_spun and cfg.fuzzy):
        return Result(text, text, (), 0.0, False)
    where = locality()
    against = [m for lo, hi in windows for m in index.marker_hits(text, lo, hi)]

    def run(found: list[Finding]) -> Decision:
        return decide(text, sorted(found, key=lambda f: (f.start, -f.end)), cfg, index.when, where,
                      repair=repair, weights=index.weights, markers=against)

    d = run(findings)
    if cfg.fuzzy and d.windows:
        from .fuzzy import near_misses

        # Near misses go through the same decisions as exact matches: protected and allow-listed spans,
        # evidence, overlaps, a/an agreement and case.
        protected = None if explain else where.whole_protected()  # explain shows what protection suppressed
        extra = near_misses(text, index, d.edits, cfg,
                            tuple(_outside(d.windows, protected)) if protected else d.windows)
        extra = _unprotected(extra, protected)
        if cfg.select or cfg.ignore:
            extra = [f for f in extra if cfg.runs(f.rule)]
        if extra:
            d = run(findings + extra)
    edits = d.edits
    if settle and not explain:
        edits = _settle(text, edits, cfg, repair)
    new_text = apply_edits(text, edits) if repair else text
    return Result(
        original=text,
        text=new_text,
        edits=edits,
        score=d.score,
        spun=d.score >= cfg.spun_threshold,
        scored_sentences=d.sentence_scores,
        suppressed=d.suppressed if explain else (),
        evidence=d.evidence,
    )


def _find(index: Index, text: str, cfg: Config,
          protect: Callable[[], list[tuple[int, int]] | None] | None = None
          ) -> tuple[list[Finding], list[tuple[int, int]]]:
    """Pass one (strong entries) everywhere; pass two (entries that need evidence) only where it can matter.

    The prefilter probe says, per piece, which strong keys are present and how much the weak keys present
    could weigh. Pass two runs on the pieces (with their neighbours, so a window's evidence is complete)
    whose best possible score reaches the guard (or suggest) threshold, and around strong findings, where
    guarded matches are at least reported. Clean text, the vast majority, pays for one byte transform per piece.
    Returns the findings and the stretches pass two covered (where counter-evidence is then counted).
    With ``protect`` (the protected spans of a text judged whole), findings touching them are dropped (decide would only
    suppress them) and the passes skip those spans: a huge code fence full of fingerprints costs one scan, not a
    second pass and a decision per line.
    """
    probes = index.probe(text)
    strong_pieces = [(p.start, p.end, p.strong) for p in probes if p.strong]
    # Protected spans are found only where there is something to match (most clean texts: nothing).
    protected = protect() if protect is not None and strong_pieces else None
    if protected:  # anchors inside a protected span could only give findings that touch it
        strong_pieces = [(lo, hi, keys) for a, b, keys in strong_pieces for lo, hi in _outside([(a, b)], protected)]
    findings = (index.find(text, False, strong_pieces) if strong_pieces else []) + find_spintax(text)
    findings = _unprotected(findings, protected)  # before the bounds: protected text is no evidence
    if len(probes) == 1 and probes[0].weak_weight <= 0.0 and not findings:  # most inputs: nothing to weigh
        return findings, []
    bounds = score_upper_bounds(probes, findings)
    opens = min(cfg.guard_threshold, cfg.suggest_threshold)  # where weak entries may apply or be shown
    hot = [(p.start, p.end) for p, bound in zip(probes, bounds) if bound >= opens]
    if hot:
        windows = _merge(hot)
    else:
        windows = _merge([(f.start - 600, f.end + 600) for f in findings if f.kind == EntryKind.FIXED])
    if windows and protect is not None and protected is None:
        protected = protect()
        findings = _unprotected(findings, protected)  # (spintax findings only: pass one had nothing to match)
    if protected:
        windows = _outside(windows, protected)
    if windows:
        return findings + _unprotected(_second_pass(index, text, windows, findings), protected), windows
    return findings, windows


def _unprotected(found: list[Finding], protected: list[tuple[int, int]] | None) -> list[Finding]:
    """The findings that touch no protected span (decide would only suppress the others)."""
    return [f for f in found if not overlaps(protected, f.start, f.end)] if protected else found


def _outside(windows: Iterable[tuple[int, int]], protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``windows`` outside the sorted, merged ``protected`` spans."""
    out: list[tuple[int, int]] = []
    for lo, hi in windows:
        j = max(0, bisect_right(protected, (lo, lo)) - 1)  # the first span that can reach past lo
        while j < len(protected) and protected[j][0] < hi:
            s, e = protected[j]
            if s > lo:
                out.append((lo, s))
            lo = max(lo, e)
            j += 1
        if lo < hi:
            out.append((lo, hi))
    return out


def score_upper_bounds(probes: list[Probe], strong: list[Finding]) -> list[float]:
    """Per prefilter piece: a bound on the spin score of any stretch around a finding in it (the piece with
    its neighbours: the evidence a window there can see), from the weak keys the probe found and the strong
    findings of pass one. Below the guard and suggest thresholds, no weak entry there can apply or be shown:
    pass two is skipped."""
    strong_at = [0.0] * len(probes)
    starts = [p.start for p in probes]
    for f in strong:
        if f.kind == EntryKind.FIXED:
            strong_at[bisect_right(starts, f.start) - 1] += STRONG * f.confidence
    if len(probes) == 1:  # most inputs: one piece, no neighbours to weigh
        return [upper_bound(probes[0].weak_weight + strong_at[0], probes[0].words)]
    out = []
    for k in range(len(probes)):
        lo, hi = max(0, k - 1), k + 2
        weight = sum(q.weak_weight for q in probes[lo:hi]) + sum(strong_at[lo:hi])
        out.append(upper_bound(weight, sum(q.words for q in probes[lo:hi])))
    return out


def _by_rule(text: str) -> list[Finding]:
    """Findings no map holds: spintax leaks and numbers or dates rewritten inside figures."""
    return find_spintax(text) + find_figures(text)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        lo = max(0, lo)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


#: Extra passes over the repaired text: an edit can reveal the context another rule needs
#: ("{that a}\nyr" becomes "that a\nyr", where "a yr" reads as "a year").
SETTLE_PASSES = 2


#: How far from a replacement the settle pass looks for edits it revealed, and how much text around that it
#: reads again (enough for the evidence windows of what it finds there).
REVEAL = 200
SETTLE_READ = WIDE + NEAR


def _settle(text: str, edits: tuple[Edit, ...], cfg: Config, repair: bool) -> tuple[Edit, ...]:
    """Re-analyse the repaired text until nothing more applies, so that repair is idempotent.

    Only the stretches around replacements are read again, and only edits near a replacement are taken: an
    edit reveals context to its neighbours, not to the other end of a large file (so the cost follows the
    edits, not the text). New safe edits are mapped back to the input's offsets; one that touches a replaced
    stretch cannot be expressed on the input and is left for a later run (it is rare).
    """
    for _ in range(SETTLE_PASSES):
        safe = sorted((e for e in edits if e.safe), key=lambda e: e.start)
        if not safe:
            return edits
        more: list[Edit] = []
        # Each stretch around replacements is repaired and read again on its own (input offsets lo..hi):
        # a large file is never copied whole.
        for lo, hi in _merge([(e.start - SETTLE_READ, e.end + SETTLE_READ) for e in safe]):
            hi = min(len(text), hi)
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            while hi < len(text) and not text[hi].isspace():
                hi += 1
            local = [replace(e, start=e.start - lo, end=e.end - lo) for e in safe if lo <= e.start and e.end <= hi]
            again = analyse(apply_edits(text[lo:hi], local), cfg, repair=repair, settle=False)
            changed = _replaced_spans(local)
            for e in again.edits:
                if e.safe and _near_any(changed, e.start, e.end):
                    m = _map_back(e, local)
                    if m is not None:
                        more.append(replace(m, start=m.start + lo, end=m.end + lo))
        if not more:
            return edits
        kept = [e for e in edits if not any(e.start < m.end and m.start < e.end for m in more)]
        edits = tuple(sorted(kept + more, key=lambda e: e.start))
    return edits


def _replaced_spans(safe: list[Edit]) -> list[tuple[int, int]]:
    """Where each safe edit's replacement stands in the repaired text."""
    out, delta = [], 0
    for e in safe:
        start = e.start + delta
        out.append((start, start + len(e.replacement)))
        delta += len(e.replacement) - (e.end - e.start)
    return out


def _near_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start,))
    return any(a - REVEAL <= end and start <= b + REVEAL for a, b in spans[max(0, i - 1) : i + 1])


def _map_back(e: Edit, safe: list[Edit]) -> Edit | None:
    """``e`` (offsets in the repaired text) on the input's offsets, or None if it touches a replacement."""
    delta = 0
    for s in safe:
        new_start = s.start + delta
        new_end = new_start + len(s.replacement)
        if e.end <= new_start:
            break
        if e.start < new_end:
            return None
        delta += len(s.replacement) - (s.end - s.start)
    return replace(e, start=e.start - delta, end=e.end - delta)


def _second_pass(index: Index, text: str, windows: list[tuple[int, int]], have: list[Finding]) -> list[Finding]:
    """Matches of entries that need evidence inside ``windows`` (widened to whole words), not yet in
    ``have``; and the figure garbles there ("three.2%"): checking every number of every clean text would
    cost more than the whole scan, and a page that spells out its figures shows other evidence too."""
    seen = {(f.start, f.end, f.rule) for f in have}
    out: list[Finding] = []
    for lo, hi in windows:
        hi = min(len(text), hi)
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        piece = text[lo:hi]
        for f in index.find(piece, True) + find_figures(piece):
            g = replace(f, start=f.start + lo, end=f.end + lo, original=f.original)
            if (g.start, g.end, g.rule) not in seen:
                seen.add((g.start, g.end, g.rule))
                out.append(g)
    return out

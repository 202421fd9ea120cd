"""The pipeline over one text: segment, match, score, decide. Pure functions of (text, config)."""
from __future__ import annotations

from dataclasses import replace

from .config import Config
from .decide import decide
from .index import Index, get_index
from .locality import Locality
from .model import Edit, Finding, Result, apply_edits
from .scoring import score_upper_bound
from .spintax import find_spintax


def index_for(cfg: Config) -> Index:
    return get_index(cfg.themes, tuple(cfg.maps), cfg.builtin_maps, cfg.guard_threshold)


def analyse(text: str, cfg: Config, repair: bool = True, explain: bool = False, settle: bool = True) -> Result:
    """Find, score and decide. ``repair`` applies safe edits to ``Result.text``; otherwise they are pending."""
    index = index_for(cfg)
    evidence = cfg.assume_spun or explain
    findings = index.find(text, evidence) + find_spintax(text)
    if not findings:
        return Result(text, text, (), 0.0, False)
    n_words = len(text.split())
    if not evidence:
        # Pass two (entries that need evidence) only where a strong fingerprint exists: clean text, the vast
        # majority, never pays for it. When even the best case cannot open the guards, guarded matches can
        # only be reported beside a fingerprint, so only the fingerprints' surroundings are searched.
        strong = [f for f in findings if f.kind == "fixed"]
        if strong and score_upper_bound(strong, n_words) >= cfg.guard_threshold:
            findings = index.find(text, True) + find_spintax(text)
        elif strong:
            findings = findings + _near(index, text, strong)
    where = Locality(text, cfg.ignore_re, cfg.markup, index.allow_re(cfg.allow))
    d = decide(text, sorted(findings, key=lambda f: (f.start, -f.end)), cfg, index.when, where, n_words,
               repair=repair)
    edits = d.edits
    if cfg.fuzzy and d.score >= cfg.guard_threshold:
        from .fuzzy import near_misses

        extra = near_misses(text, index, edits, cfg, repair)
        # Near misses obey the same protected (markup, ignore) and allow-listed spans as exact matches.
        extra = tuple(e for e in extra if not where.protected(e.start, e.end)
                      and not where.touches_allowed(e.start, e.end))
        if extra:
            edits = tuple(sorted(edits + extra, key=lambda e: e.start))
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
    )


#: Extra passes over the repaired text: an edit can reveal the context another rule needs
#: ("{that a}\nyr" becomes "that a\nyr", where "a yr" reads as "a year").
SETTLE_PASSES = 2


def _settle(text: str, edits: tuple[Edit, ...], cfg: Config, repair: bool) -> tuple[Edit, ...]:
    """Re-analyse the repaired text until nothing more applies, so that repair is idempotent.

    New safe edits found in the repaired text are mapped back to the input's offsets; one that touches
    a replaced stretch cannot be expressed on the input and is left for a later run (it is rare).
    """
    for _ in range(SETTLE_PASSES):
        safe = sorted((e for e in edits if e.safe), key=lambda e: e.start)
        if not safe:
            return edits
        again = analyse(apply_edits(text, edits), cfg, repair=repair, settle=False)
        more = [m for m in (_map_back(e, safe) for e in again.edits if e.safe) if m is not None]
        if not more:
            return edits
        kept = [e for e in edits if not any(e.start < m.end and m.start < e.end for m in more)]
        edits = tuple(sorted(kept + more, key=lambda e: e.start))
    return edits


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


def _near(index: Index, text: str, strong: list[Finding], radius: int = 600) -> list[Finding]:
    """Evidence-gated matches within ``radius`` characters of a strong finding (not found in pass one)."""
    from dataclasses import replace

    windows: list[tuple[int, int]] = []
    for f in sorted(strong, key=lambda f: f.start):
        lo, hi = max(0, f.start - radius), min(len(text), f.end + radius)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    seen = {(f.start, f.end, f.rule) for f in strong}
    out: list[Finding] = []
    for lo, hi in windows:
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        for f in index.find(text[lo:hi], True):
            g = replace(f, start=f.start + lo, end=f.end + lo)
            if f.kind != "fixed" and (g.start, g.end, g.rule) not in seen:
                seen.add((g.start, g.end, g.rule))
                out.append(g)
    return out

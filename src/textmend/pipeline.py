"""The pipeline over one text: segment, match, score, decide. Pure functions of (text, config)."""
from __future__ import annotations

from .config import Config
from .decide import decide
from .index import Index, get_index
from .locality import Locality, allow_pattern
from .model import FIXABLE, Result, apply_edits
from .spintax import find_spintax


def index_for(cfg: Config) -> Index:
    return get_index(cfg.themes, tuple(cfg.maps), cfg.builtin_maps, cfg.guard_threshold)


def analyse(text: str, cfg: Config, repair: bool = True, explain: bool = False) -> Result:
    """Find, score and decide. ``repair`` applies safe edits to ``Result.text``; otherwise they are pending."""
    index = index_for(cfg)
    evidence = cfg.assume_spun or explain
    findings = index.find(text, evidence) + find_spintax(text)
    if not findings:
        return Result(text, text, (), 0.0, False)
    n_words = len(text.split())
    if not evidence:
        # Pass two (entries that need evidence) only where a strong fingerprint exists: clean text,
        # the vast majority, never pays for it.
        if any(f.kind == "fixed" for f in findings):
            findings = index.find(text, True) + find_spintax(text)
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


def pending(result: Result) -> bool:
    return any(e.status == FIXABLE or e.applied for e in result.edits)

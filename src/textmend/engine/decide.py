"""Decide: turn findings into edits. What is applied, only reported, or suppressed, and why.

Precision first: an entry applies only when its context rule holds, its document evidence is strong
enough, it lies outside protected and allow-listed spans, and it wins every overlap.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass

from ..config import Config
from ..knowledge.rules import When, describe, failing_condition
from ..knowledge.scoring import sentence_score
from ..model import APPLIED, FIXABLE, REPORTED, SUPPRESSED, Edit, EntryKind, Finding, Reason, Sentence, Source, Status
from ..normalize import acronym_led, match_case
from .evidence import NEAR, Evidence, Key
from .locality import Locality
from .segment import overlaps


@dataclass(frozen=True)
class Decision:
    edits: tuple[Edit, ...]
    suppressed: tuple[Edit, ...]
    score: float
    sentence_scores: tuple[Sentence, ...]  # only sentences holding an edit
    #: Stretches (start, end) whose local spin score opens the weak rules: where near misses are sought.
    windows: tuple[tuple[int, int], ...] = ()
    evidence: float = 0.0


def _edit(f: Finding, status: Status, code: Reason, reason: str, confidence: float | None = None,
          where: Locality | None = None) -> Edit:
    at_start = True
    if where is not None and acronym_led(f.original):
        head = where.text[where.sentence(f.start)[0] : f.start]
        at_start = not any(c.isalnum() for c in head)
    cands = tuple(match_case(f.original, c, at_start) for c in f.candidates) if f.source != Source.SPINTAX \
        else f.candidates
    return Edit(f.start, f.end, f.original, cands[0] if cands else f.original, f.rule, f.source,
                f.confidence if confidence is None else confidence, status, code, cands, reason,
                f.entry.note if f.entry is not None else "")


def decide(text: str, findings: list[Finding], cfg: Config, whens: dict[str, When], where: Locality,
           repair: bool = True, weights: dict[Key, float] | None = None,
           markers: list[tuple[int, str, float]] | None = None) -> Decision:
    suppressed: list[Edit] = []
    live: list[tuple[Finding, str]] = []  # (finding, "strong" | "weak" | "ambiguous")
    held: list[tuple[Finding, str]] = []  # guarded or ambiguous, context rule failed: (finding, which condition)
    # Spans of findings free of a ``near=`` gate: a gated finding with none of them close by is dropped before
    # anything costlier is asked of it (common words match often; most stand far from spinner output).
    free = sorted((f.start, f.end) for f in findings if _gate(whens, f.rule) is None)
    for f in findings:
        gate = _gate(whens, f.rule)
        if gate is not None and not _supported(free, f.start, f.end, gate):
            suppressed.append(_edit(f, SUPPRESSED, Reason.NO_SUPPORT,
                                    f"no other spinner output within {gate} characters"))
            continue
        if where.protected(f.start, f.end):
            suppressed.append(_edit(f, SUPPRESSED, Reason.PROTECTED,
                                    "protected span (URL, e-mail, code or ignore comment)"))
            continue
        if where.allowed(f.start, f.end):
            suppressed.append(_edit(f, SUPPRESSED, Reason.ALLOW_LISTED, "allow-listed phrase"))
            continue
        when = whens.get(f.rule)
        if when is not None and when.conds:
            bad = failing_condition(when, text, f.start, f.end, where.sentence(f.start))
            if bad is not None:
                if f.kind != EntryKind.FIXED and f.source == Source.PHRASE_MAP:
                    held.append((f, describe(bad)))  # may still be shown: see below
                else:
                    suppressed.append(_edit(f, SUPPRESSED, Reason.CONTEXT_RULE,
                                            f"context rule failed: {describe(bad)}"))
                continue
        cls = "strong" if f.kind == EntryKind.FIXED and (when is None or when.min_doc in (None, 0.0)) else \
            ("ambiguous" if f.kind == EntryKind.AMBIGUOUS else "weak")
        live.append((f, cls))

    ev = Evidence(text, live, weights or {}, markers or [])
    score = 1.0 if cfg.assume_spun else ev.document()
    local: dict[int, float] = {}

    def near(pos: int) -> float:
        if cfg.assume_spun:
            return 1.0
        if pos not in local:
            local[pos] = ev.local(pos)
        return local[pos]

    candidates: list[tuple[Finding, Status, float, Reason, str]] = []  # finding, status, confidence, reason
    strong_sents = {where.sentence(f.start) for f, c in live if c == "strong"}
    spans = sorted((f.start, f.end) for f, _ in live)
    ungated = sorted((f.start, f.end) for f, _ in live if _gate(whens, f.rule) is None)
    for f, failed in held:
        # A context rule says where an entry may apply; inside a spun stretch, right beside other spinner output,
        # the same phrase is still worth showing (never applying) with its candidates.
        when = whens.get(f.rule)
        if near(f.start) >= _needed(when, cfg) and _supported(ungated, f.start, f.end, CONTEXT_NEAR):
            candidates.append((f, REPORTED, f.confidence, Reason.CONTEXT_RULE,
                               f"context rule failed ({failed}); shown: spun stretch, other spinner output "
                               f"within {CONTEXT_NEAR} characters"))
        else:
            suppressed.append(_edit(f, SUPPRESSED, Reason.CONTEXT_RULE, f"context rule failed: {failed}"))
    for f, cls in live:
        when = whens.get(f.rule)
        conf = f.confidence
        weak_here = False  # short of the evidence to apply, enough to show (``_suggestable``)
        if cls != "strong" and (f.source == Source.PHRASE_MAP or f.kind == EntryKind.GUARDED):
            need = _needed(when, cfg)
            here = near(f.start)
            if here < need:
                if f.kind == EntryKind.GUARDED and need <= cfg.guard_threshold and \
                        where.sentence(f.start) in strong_sents:
                    # Not enough to apply, but a fingerprint in the same sentence makes it worth showing.
                    candidates.append((f, REPORTED, f.confidence, Reason.WEAK_EVIDENCE,
                                       f"spin evidence near it too weak to apply (score {here:.2f} < {need:.2f}); "
                                       "reported: its sentence holds a strong fingerprint"))
                    continue
                if not _suggestable(here, need, score, cfg):
                    suppressed.append(_edit(f, SUPPRESSED, Reason.WEAK_EVIDENCE,
                                            f"spin evidence near it too weak: score {here:.2f} < {need:.2f}"))
                    continue
                weak_here = True
            if f.entry is not None and f.entry.support and not _supported(spans, f.start, f.end, f.entry.support):
                # No context rule of its own: another finding close by is its context.
                suppressed.append(_edit(f, SUPPRESSED, Reason.NO_SUPPORT,
                                        f"no other finding within {f.entry.support} characters"))
                continue
            if when is not None and when.near is not None and not _supported(ungated, f.start, f.end, when.near):
                suppressed.append(_edit(f, SUPPRESSED, Reason.NO_SUPPORT,
                                        f"no other spinner output within {when.near} characters"))
                continue
            if f.kind == EntryKind.GUARDED and f.source == Source.PHRASE_MAP:
                conf = max(0.0, min(0.99, conf + f.adjust))
            if weak_here:
                candidates.append((f, REPORTED, conf, Reason.WEAK_EVIDENCE,
                                   f"spin evidence near it enough to show, not to apply (score {here:.2f} < "
                                   f"{need:.2f}; document {score:.2f})"))
                continue
        sure = f.kind != EntryKind.AMBIGUOUS and conf >= cfg.apply_threshold
        if sure or cfg.unsafe:
            status, reason = (APPLIED if repair else FIXABLE), ("confident" if sure else "applied with --unsafe")
            code = Reason.CONFIDENT if sure else Reason.UNSAFE_APPLIED
        else:
            status = REPORTED
            code = Reason.SEVERAL_CANDIDATES if f.kind == EntryKind.AMBIGUOUS else Reason.LOW_CONFIDENCE
            reason = "several candidates" if f.kind == EntryKind.AMBIGUOUS else \
                f"confidence {conf:.2f} below {cfg.apply_threshold}"
        if f.source == Source.FUZZY and f.entry is not None:
            reason = f"near miss of '{f.entry.garbled}': {reason}"
        candidates.append((f, status, conf, code, reason))

    # Overlaps: safe edits first, then longer, then more confident; losers are suppressed.
    candidates.sort(key=lambda t: (t[1] == REPORTED, -(t[0].end - t[0].start), -t[2], t[0].start))
    # Taken spans never overlap: kept sorted, each check is a bisection, not a scan (a large spun file has
    # tens of thousands of findings).
    taken: list[tuple[int, int]] = []
    rule_at: dict[int, str] = {}
    kept: list[Edit] = []
    for f, status, conf, code, reason in candidates:
        if overlaps(taken, f.start, f.end):
            i = bisect_left(taken, (f.start,))
            clash = next(rule_at[s] for s, e in taken[max(0, i - 1) : i + 1] if s < f.end and f.start < e)
            suppressed.append(_edit(f, SUPPRESSED, Reason.OVERLAP, f"overlaps {clash}", conf))
            continue
        insort(taken, (f.start, f.end))
        rule_at[f.start] = f.rule
        kept.append(_edit(f, status, code, reason, conf, where))
    kept = _fix_articles(text, sorted(kept, key=lambda e: e.start))

    per: dict[tuple[int, int], list[float]] = {}
    for e in kept:
        per.setdefault(where.sentence(e.start), []).append(e.confidence)
    scored = tuple(Sentence(s, e, sentence_score(c)) for (s, e), c in sorted(per.items()))
    suppressed.sort(key=lambda e: e.start)
    for f, _ in live:
        near(f.start)
    windows = _open_windows(text, [p for p, v in local.items() if v >= cfg.guard_threshold]) \
        if not cfg.assume_spun else ((0, len(text)),)
    return Decision(tuple(kept), tuple(suppressed), score, scored, windows, ev.total)


def _suggestable(here: float, need: float, document: float, cfg: Config) -> bool:
    """Short of the evidence an entry needs, but close: shown as a suggestion (never applied) in a document
    called spun when the stretch around it reaches the suggest threshold (lifted with the entry's own need)."""
    floor = need - max(0.0, cfg.guard_threshold - cfg.suggest_threshold)
    return document >= cfg.spun_threshold and here >= floor


def _gate(whens: dict[str, When], rule: str) -> int | None:
    """The rule's ``near=`` distance, if it has one."""
    when = whens.get(rule)
    return when.near if when is not None else None


def _needed(when: When | None, cfg: Config) -> float:
    """The local spin score a non-strong entry needs: its own ``doc>=``, else the guard threshold."""
    return when.min_doc if when is not None and when.min_doc is not None else cfg.guard_threshold


#: A guarded entry whose context rule failed is still shown inside spun text when other spinner output lies
#: this close (characters): the distance the learned suggestion-only entries use (``near=25``).
CONTEXT_NEAR = 25


def _open_windows(text: str, positions: list[int], half: int = NEAR) -> tuple[tuple[int, int], ...]:
    """Merged stretches around places whose local evidence opened the weak rules."""
    out: list[tuple[int, int]] = []
    for p in sorted(positions):
        lo, hi = max(0, p - half), min(len(text), p + half)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def _supported(spans: list[tuple[int, int]], start: int, end: int, reach: int) -> bool:
    """Is some other finding (not overlapping this one) within ``reach`` characters? Garbles cluster in the
    sentences a spinner touched; a stretch it left alone holds spinner-like words on their own."""
    i = bisect_left(spans, (start - reach - 200,))
    while i < len(spans) and spans[i][0] <= end + reach:
        s, e = spans[i]
        if (e <= start or s >= end) and e >= start - reach:
            return True
        i += 1
    return False


_ARTICLE = re.compile(r"(?<![\w-])(a|an)(\s+)$", re.IGNORECASE)
_AN_EXCEPT = ("hour", "honest", "honou", "heir", "herb")
_A_EXCEPT = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur", "uk", "us-")


def _wants_an(word: str) -> bool:
    w = word.lower()
    if w.startswith(_AN_EXCEPT):
        return True
    if w.startswith(_A_EXCEPT):
        return False
    return w[:1] in "aeiou"


def _fix_articles(text: str, edits: list[Edit]) -> list[Edit]:
    """"an irregular woodland" -> "a random forest": move a preceding a/an along with a safe edit."""
    out: list[Edit] = []
    prev_end = 0
    for e in edits:
        m = _ARTICLE.search(text, max(prev_end, e.start - 6), e.start) if e.safe else None
        if m and _wants_an(e.original) == (m.group(1).lower() == "an") and \
                _wants_an(e.replacement) != _wants_an(e.original):
            article = ("an" if _wants_an(e.replacement) else "a")
            article = match_case(m.group(1), article) if m.group(1) != "A" else "A" + article[1:]
            e = Edit(m.start(), e.end, text[m.start() : e.end], article + m.group(2) + e.replacement, e.rule,
                     e.source, e.confidence, e.status, e.code,
                     tuple(article + m.group(2) + c for c in e.candidates), e.reason, e.note)
        out.append(e)
        prev_end = e.end
    return out

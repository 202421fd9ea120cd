"""Plain data passed between the pipeline stages (read, segment, match, score, decide, report).

Everything here is a frozen dataclass: results pickle, compare and replay.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

#: Edit statuses. Only ``applied`` changes the text; ``fixable`` is what ``repair`` would apply
#: (used by ``check``); ``reported`` is shown with candidates; ``suppressed`` only appears in explanations.
APPLIED = "applied"
FIXABLE = "fixable"
REPORTED = "reported"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Entry:
    """One phrase-map entry, as loaded and validated."""

    rule: str
    garbled: str
    candidates: tuple[str, ...]
    kind: str  # fixed | guarded | ambiguous
    when: str = ""
    confidence: float = 0.95
    inflect: str = ""  # letters: n (plural), v (verb forms)
    map_id: str = ""
    provenance: str = ""
    note: str = ""
    line: int = 0
    #: Characters within which another finding must stand (0: none needed). Set by a map's ``support``
    #: header for entries with no context rule of their own: the neighbouring finding is their context.
    support: int = 0


@dataclass(frozen=True)
class Sentence:
    """A sentence's code-point span and its garbling score (0..1)."""

    start: int
    end: int
    score: float = 0.0


@dataclass(frozen=True)
class Finding:
    """A raw match, before any decision: where, what, which rule proposes which candidates."""

    start: int
    end: int
    original: str
    candidates: tuple[str, ...]
    rule: str
    source: str  # phrase_map | spintax | fuzzy
    confidence: float
    kind: str  # fixed | guarded | ambiguous
    entry: Entry | None = None
    #: Confidence shift from word frequencies (guarded map entries; see ``scoring.frequency_adjustment``).
    adjust: float = 0.0


@dataclass(frozen=True)
class Edit:
    """A decided finding. ``original == text[start:end]`` of the input; offsets are code points."""

    start: int
    end: int
    original: str
    replacement: str
    rule: str
    source: str
    confidence: float
    status: str
    candidates: tuple[str, ...] = ()
    reason: str = ""

    @property
    def applied(self) -> bool:
        return self.status == APPLIED

    @property
    def safe(self) -> bool:
        """True when ``repair`` applies this edit (applied here, or pending in a check)."""
        return self.status in (APPLIED, FIXABLE)

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "rule": self.rule,
            "source": self.source,
            "confidence": round(self.confidence, 3),
            "applied": self.safe,
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True)
class Result:
    """What a repair or check of one text produced."""

    original: str
    text: str
    edits: tuple[Edit, ...]
    score: float
    spun: bool
    #: Sentences that hold an edit, with their scores; ``sentences`` lists them all.
    scored_sentences: tuple[Sentence, ...] = ()
    suppressed: tuple[Edit, ...] = field(default=(), repr=False)
    #: The summed spin evidence behind ``score`` (see ``textmend.evidence``), for calibration and explain.
    evidence: float = 0.0

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the input with its score (segmented on first use)."""
        from .segment import sentences

        scores = {(s.start, s.end): s.score for s in self.scored_sentences}
        return tuple(Sentence(a, b, scores.get((a, b), 0.0)) for a, b in sentences(self.original))

    @property
    def applied(self) -> tuple[Edit, ...]:
        return tuple(e for e in self.edits if e.applied)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def diff(self, path: str = "text") -> str:
        """A unified diff from the input to the repaired text (``patch -p1`` / ``git apply`` ready)."""
        from .report import unified_diff

        fixed = self.text if self.text != self.original else apply_edits(self.original, self.edits)
        return unified_diff(self.original, fixed, path)

    def to_json(self, path: str | None = None) -> dict:
        return {
            "schema": 1,
            "path": path,
            "score": round(self.score, 3),
            "spun": self.spun,
            "sentences": [
                {"start": s.start, "end": s.end, "score": round(s.score, 3)} for s in self.sentences
            ],
            "edits": [e.to_json() for e in self.edits],
        }


def apply_edits(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Replay the safe edits onto ``text``; edits must not overlap (the decide stage guarantees it)."""
    out: list[str] = []
    pos = 0
    for e in sorted((e for e in edits if e.safe), key=lambda e: e.start):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)

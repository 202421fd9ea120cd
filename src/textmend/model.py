"""Plain data passed between the pipeline stages (read, segment, match, score, decide, report).

Everything here is a frozen dataclass: results pickle, compare and replay. A leaf: it imports no other
textmend module, so every stage can use it (``Result``, which segments and diffs, is in ``result``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

    def to_json(self) -> dict[str, Any]:
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

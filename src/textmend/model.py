"""Plain data passed between the pipeline stages (read, segment, match, score, decide, report).

Everything here is a frozen dataclass: results pickle, compare and replay. A leaf: it imports no other
textmend module, so every stage can use it (``Result``, which segments and diffs, is in ``result``).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class _Vocabulary(str, Enum):
    """A word of textmend's vocabulary: compares, hashes, prints and serialises as its plain string value, so
    JSON, TSV maps and messages read as before."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str(self), spec)


class EntryKind(_Vocabulary):
    """How a map entry may fire (the map's ``kind`` column)."""

    #: A fingerprint: applies wherever its context rule holds.
    FIXED = "fixed"
    #: Has honest uses: applies only where the text around it shows enough spin evidence.
    GUARDED = "guarded"
    #: Several restorations and no way to choose: only reported.
    AMBIGUOUS = "ambiguous"


class Source(_Vocabulary):
    """What found a candidate."""

    PHRASE_MAP = "phrase_map"
    SPINTAX = "spintax"
    FUZZY = "fuzzy"
    #: A built-in rule (numbers and dates rewritten inside figures).
    RULE = "rule"


class Status(_Vocabulary):
    """What this run did with a candidate. Only ``applied`` changed the text; ``fixable`` is what ``repair``
    would apply (a ``check`` run); ``reported`` is shown with its candidates; ``suppressed`` was held back and
    only appears in explanations."""

    APPLIED = "applied"
    FIXABLE = "fixable"
    REPORTED = "reported"
    SUPPRESSED = "suppressed"


class Applicability(_Vocabulary):
    """How safe a candidate's fix is, whatever this run did with it (ruff's three levels)."""

    #: ``repair`` applies it: its rule is certain here.
    SAFE = "safe"
    #: A plausible fix to review: only ``--unsafe`` applies it.
    UNSAFE = "unsafe"
    #: Held back (protected, allow-listed, context rule failed, too little evidence, lost an overlap): shown
    #: by ``explain``, never applied.
    DISPLAY_ONLY = "display-only"


class Reason(_Vocabulary):
    """Why a candidate got its status: the code behind ``Edit.reason``'s words."""

    CONFIDENT = "confident"
    UNSAFE_APPLIED = "unsafe-applied"
    LOW_CONFIDENCE = "low-confidence"
    SEVERAL_CANDIDATES = "several-candidates"
    WEAK_EVIDENCE = "weak-evidence"
    NO_SUPPORT = "no-support"
    CONTEXT_RULE = "context-rule"
    PROTECTED = "protected"
    ALLOW_LISTED = "allow-listed"
    OVERLAP = "overlap"


# The statuses by their old names (the decide stage and callers use them).
APPLIED, FIXABLE, REPORTED, SUPPRESSED = Status.APPLIED, Status.FIXABLE, Status.REPORTED, Status.SUPPRESSED


@dataclass(frozen=True)
class Entry:
    """One phrase-map entry, as loaded and validated."""

    rule: str
    garbled: str
    candidates: tuple[str, ...]
    kind: EntryKind
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
    source: Source
    confidence: float
    kind: EntryKind
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
    source: Source
    confidence: float
    status: Status
    #: Why it got its status (``reason`` says it in words).
    code: Reason
    candidates: tuple[str, ...] = ()
    reason: str = ""
    #: The rule's note (why the map holds it), for reports.
    note: str = ""

    @property
    def applied(self) -> bool:
        return self.status == APPLIED

    @property
    def applicability(self) -> Applicability:
        """Safe, unsafe or display-only: a property of the fix, apart from whether this run applied it."""
        if self.status == SUPPRESSED:
            return Applicability.DISPLAY_ONLY
        if self.status == REPORTED or self.code == Reason.UNSAFE_APPLIED:
            return Applicability.UNSAFE
        return Applicability.SAFE

    @property
    def safe(self) -> bool:
        """True when ``repair`` applies this edit (applied here, or pending in a check)."""
        return self.status in (APPLIED, FIXABLE)

    def to_json(self, schema: int = 2) -> dict[str, Any]:
        """The edit as JSON (``docs/output-formats.md``). Schema 2 says how safe the fix is
        (``applicability``) apart from whether this run applied it (``applied``: false in a check), with the
        reason code, its words and the rule's note. Schema 1's ``applied`` meant "safe" (true in a check)."""
        if schema == 1:
            return {"start": self.start, "end": self.end, "original": self.original,
                    "replacement": self.replacement, "rule": self.rule, "source": str(self.source),
                    "confidence": round(self.confidence, 3), "applied": self.safe,
                    "candidates": list(self.candidates)}
        return {"start": self.start, "end": self.end, "original": self.original, "replacement": self.replacement,
                "rule": self.rule, "source": str(self.source), "confidence": round(self.confidence, 3),
                "applicability": str(self.applicability), "applied": self.applied, "status": str(self.status),
                "reason": str(self.code), "detail": self.reason, "note": self.note,
                "candidates": list(self.candidates)}


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

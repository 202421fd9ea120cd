"""What a repair or check of one text produced: the edits, the scores, the repaired text, and its diff."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model import Edit, Sentence, apply_edits
from .diff import unified_diff
from .segment import sentences as split_sentences


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
        scores = {(s.start, s.end): s.score for s in self.scored_sentences}
        return tuple(Sentence(a, b, scores.get((a, b), 0.0)) for a, b in split_sentences(self.original))

    @property
    def applied(self) -> tuple[Edit, ...]:
        return tuple(e for e in self.edits if e.applied)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def diff(self, path: str = "text") -> str:
        """A unified diff from the input to the repaired text (``patch -p1`` / ``git apply`` ready)."""
        fixed = self.text if self.text != self.original else apply_edits(self.original, self.edits)
        return unified_diff(self.original, fixed, path)

    def to_json(self, path: str | None = None, schema: int = 2) -> dict[str, Any]:
        """One input's findings as JSON (``docs/output-formats.md``); ``schema`` 1 is the previous release's."""
        return {
            "schema": schema,
            "path": path,
            "score": round(self.score, 3),
            "spun": self.spun,
            "sentences": [
                {"start": s.start, "end": s.end, "score": round(s.score, 3)} for s in self.sentences
            ],
            "edits": [e.to_json(schema) for e in self.edits],
        }

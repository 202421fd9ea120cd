"""Rules users can address: every rule id with what it restores, why, where it came from and an example.

A rule is a map entry (``news/international-locations``: map id, then the garbled phrase as a slug) or one of
the built-in rules of the spintax and figure matchers. The SARIF output, ``textmend rule`` and the
``select``/``ignore`` settings all read rules from here, so a rule means the same thing everywhere.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..config import selects
from ..model import Entry, EntryKind
from .phrasemap import PhraseMap, load_maps


@dataclass(frozen=True)
class Rule:
    id: str
    #: The map (or matcher) it belongs to, and that map's one-line title.
    map_id: str
    map_title: str
    kind: EntryKind
    #: What it finds and what it restores it to.
    garbled: str
    candidates: tuple[str, ...]
    #: Its context rule (the map's ``when`` column), and its confidence.
    when: str
    confidence: float
    #: Why: the entry's own note, else empty.
    note: str
    provenance: str
    #: (spun, restored) sentences that show it.
    examples: tuple[tuple[str, str], ...]

    @property
    def restores(self) -> str:
        """One line: ``'international locations' -> 'countries'``."""
        return f"'{self.garbled}' -> " + " | ".join(f"'{c}'" for c in self.candidates)

    @property
    def description(self) -> str:
        """A sentence for reports (SARIF ``fullDescription``): what it restores, how sure, and why."""
        how = {EntryKind.FIXED: "a spinner fingerprint, applied wherever its context rule holds",
               EntryKind.GUARDED: "applied only where the text around it shows enough spin evidence",
               EntryKind.AMBIGUOUS: "several restorations: reported, never applied"}[self.kind]
        text = f"Restores {self.restores} ({self.kind}: {how})."
        return text + (f" {self.note[0].upper()}{self.note[1:]}." if self.note else "")


#: The built-in rules of the spintax and figure matchers (``spintax.py``, ``figures.py``).
BUILTIN: tuple[Rule, ...] = (
    Rule("spintax/braces", "spintax", "Spintax a spinner left in the text", EntryKind.GUARDED, "{that a}",
         ("that a",), "", 0.97, "a one-option spintax template leaked unrendered: the braces go, the words stay",
         "built-in: textmend.spintax", (("He decided {that a} review was due.", "He decided that a review was due."),)),
    Rule("spintax/alternatives", "spintax", "Spintax a spinner left in the text", EntryKind.AMBIGUOUS, "{a|b|c}",
         ("a",), "", 0.9, "an unrendered spintax choice: any option may be the author's, so it is only reported",
         "built-in: textmend.spintax", (("Prices {rose|climbed|went up} again.", "Prices rose again."),)),
    Rule("figures/number-in-figure", "figures", "Numbers a spinner spelled out inside figures", EntryKind.FIXED,
         "three.2%", ("3.2%",), "", 0.95, "a number word glued to digits or figure punctuation occurs in no edited "
         "prose: the digits it stood for are certain", "built-in: textmend.figures",
         (("Inflation rose three.2% in May.", "Inflation rose 3.2% in May."),)),
    Rule("figures/spelled-ordinal", "figures", "Numbers a spinner spelled out inside figures", EntryKind.FIXED,
         "forty fifth", ("45th",), "", 0.95, "word-level spinners split ordinals into two number words",
         "built-in: textmend.figures", (("It was the forty fifth meeting.", "It was the 45th meeting."),)),
    Rule("figures/month-may", "figures", "Numbers a spinner spelled out inside figures", EntryKind.FIXED,
         "Might 12", ("May 12",), "", 0.95, "the month May swapped for the verb 'might' or 'could' before a day "
         "number or after 'since'", "built-in: textmend.figures",
         (("The vote is on Might 12.", "The vote is on May 12."),)),
)


def _examples(entry: Entry, m: PhraseMap) -> tuple[tuple[str, str], ...]:
    """The map's examples that show this entry, else the entry on its own."""
    g = entry.garbled.lower()
    shown = tuple((spun, fixed) for spun, fixed in m.examples if g in spun.lower())
    return shown or ((entry.garbled, entry.candidates[0]),)


def _from_entry(entry: Entry, m: PhraseMap) -> Rule:
    return Rule(entry.rule, m.id, m.title, entry.kind, entry.garbled, entry.candidates, entry.when,
                entry.confidence, entry.note, entry.provenance or m.provenance, _examples(entry, m))


def rules_of(maps: Iterable[PhraseMap]) -> Iterator[Rule]:
    """Every rule of these maps (allow-lists have none), then the built-in rules."""
    for m in maps:
        for entry in m.entries:
            yield _from_entry(entry, m)
    yield from BUILTIN


class RuleBook:
    """The rules a configuration loads, by id (the maps are parsed once per process and cached)."""

    def __init__(self, extra_maps: Iterable[str] = (), builtin: bool = True) -> None:
        self.maps = load_maps(None, tuple(extra_maps), builtin)
        self.by_id: dict[str, Rule] = {}
        for rule in rules_of(self.maps):
            self.by_id.setdefault(rule.id, rule)

    def get(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)

    def matching(self, selector: str) -> list[Rule]:
        """The rules a selector names: one rule id, or a map id (``news``), or a rule-id prefix ending at a
        ``/`` boundary; ``ALL`` names every rule."""
        return [r for r in self.by_id.values() if selects(selector, r.id)]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)


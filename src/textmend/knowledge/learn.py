"""``textmend learn ORIGINAL SPUN``: turn a text and its spun copy into a reviewable phrase map.

A newsroom that finds its article spun has both versions; every swap the spinner made is then a candidate
map entry. Single common words are marked ``guarded`` (they have honest uses), phrases ``fixed``; a garble
seen with several restorations becomes ``ambiguous``. The output is our TSV format, for review and ``--map``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..normalize import match_case
from .align import Block, align, tokenize


@dataclass
class Learned:
    """One garbled phrase and every restoration seen for it."""

    garbled: str
    restorations: Counter = field(default_factory=Counter)
    surface: dict = field(default_factory=dict)  # restoration key -> how to write it
    single: bool = True
    #: Times the garbled phrase occurs in clean reference text (``None``: not checked).
    clean_hits: int | None = None

    @property
    def count(self) -> int:
        return sum(self.restorations.values())

    @property
    def candidates(self) -> list[str]:
        return [self.surface[k] for k, _ in self.restorations.most_common()]

    def kind(self) -> str:
        if len(self.restorations) > 1:
            return "ambiguous"
        if self.clean_hits:
            return "guarded"  # honest prose uses it: it needs document evidence
        return "guarded" if self.single and is_common_word(self.garbled) else "fixed"


def key(phrase: str) -> str:
    """Matching form of a phrase: its normalised tokens, space-joined."""
    return " ".join(t.norm for t in tokenize(phrase))


def _dictionary():
    from .scoring import word_frequencies

    return word_frequencies()


def is_common_word(word: str) -> bool:
    """A word English prose uses on its own (so a map entry for it needs a guard)."""
    return word.lower().replace("’", "'") in _dictionary()


def _skip(b: Block) -> str | None:
    """Why a block is not a synonym swap, or None."""
    kg, kr = key(b.garbled), key(b.restoration)
    if kg == kr:
        return "same after normalisation"
    if any(c.isdigit() for c in b.garbled + b.restoration):
        return "numbers differ"
    if any(c in "|\t\n\r" for c in b.garbled + b.restoration) or b.garbled.startswith("#"):
        return "characters the map format reserves"
    return None


def learn(pairs: list[tuple[str, str]], max_words: int = 6) -> tuple[list[Learned], Counter]:
    """Entries (in order of first sighting) and a count of skipped blocks by reason."""
    found: dict[str, Learned] = {}
    skipped: Counter = Counter()
    for original, spun in pairs:
        for b in align(original, spun, max_words=max_words):
            why = _skip(b)
            if why:
                skipped[why] += 1
                continue
            g = " ".join(b.garbled.split())
            r = " ".join(b.restoration.split())
            lower = r.lower()
            r = lower if match_case(g, lower) == r else r  # keep capitals only where they are the word's own
            kg = key(g)
            entry = found.setdefault(kg, Learned(g.lower(), single=b.words_garbled == 1))
            kr = key(r)
            entry.restorations[kr] += 1
            entry.surface.setdefault(kr, r)
    return list(found.values()), skipped


def check_clean(entries: list[Learned], texts: list[str]) -> None:
    """Count each garbled phrase in clean text: a "phrase" that honest prose writes is not a fingerprint."""
    words = " " + " ".join(t.norm for text in texts for t in tokenize(text)) + " "
    for e in entries:
        e.clean_hits = words.count(f" {key(e.garbled)} ")


def read_texts(path: str, encoding: str = "utf-8") -> list[str]:
    """A clean reference: JSON Lines of ``{"text": ...}`` or plain text (errors name the file and line)."""
    from ..io.jsonl import TEXT_FIELDS, read_rows
    from ..io.read import read_source

    if path.endswith(".jsonl"):
        return [row["text"] for row in read_rows(path, TEXT_FIELDS)]
    return [read_source(path, encoding).text]


def render(entries: list[Learned], map_id: str, sources: list[str]) -> str:
    """The entries as a map file in our TSV format (``data/phrase_maps/README.md``)."""
    # a file name may hold bytes that are not UTF-8 (surrogates in the str): the map itself must be UTF-8
    files = " and ".join(s.encode("utf-8", "backslashreplace").decode("utf-8") for s in sources)
    lines = [
        f"#: id = {map_id}",
        f"#: title = Swaps learned by aligning {files}",
        "#: theme = learned",
        f"#: provenance = learned: textmend learn from {files}",
        "# Review before use: guarded single words need document evidence to apply; prune what is not a swap.",
        "# garbled\trestoration\tkind\twhen\tconfidence\tnote",
    ]
    for e in entries:
        counts = ", ".join(f"{e.surface[k]} {n}" for k, n in e.restorations.most_common())
        note = f"seen {e.count}x" + (f": {counts}" if len(e.restorations) > 1 else "")
        if e.clean_hits:
            note += f"; {e.clean_hits}x in clean text"
        lines.append("\t".join([e.garbled, "|".join(e.candidates), e.kind(), "", "", note]))
    return "\n".join(lines) + "\n"


def recovered(entries: list[Learned], garbled: str, canonical: str) -> bool:
    """Does a learned entry restore this annotated garble? Its garbled phrase equals the annotation's, or
    holds it (as whole tokens) while a candidate holds the canonical; all compared in normalised form."""
    g, c = f" {key(garbled)} ", f" {key(canonical)} "
    for e in entries:
        eg = f" {key(e.garbled)} "
        cands = [f" {k} " for k in e.restorations]
        if eg == g and any(k == c for k in cands):
            return True
        if g in eg and any(c in k for k in cands):
            return True
    return False


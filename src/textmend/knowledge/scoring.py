"""Score: how garbled each sentence is, and the word frequencies several stages share.

The spin evidence of a document and of the stretch around each finding is ``textmend.evidence``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spellchecker import SpellChecker
    from spellchecker.spellchecker import WordFrequency


def sentence_score(confidences: list[float]) -> float:
    """Probability-style union of the confidences of the edits proposed in one sentence."""
    p = 1.0
    for c in confidences:
        p *= 1.0 - max(0.0, min(1.0, c))
    return 1.0 - p


@lru_cache(maxsize=1)
def speller() -> SpellChecker:
    """pyspellchecker's English dictionary, loaded once per process (on first use) for every stage."""
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def word_frequencies() -> WordFrequency:
    """pyspellchecker's English word counts."""
    return speller().word_frequency


def _phrase_frequency(phrase: str) -> float:
    freq = word_frequencies()
    words = [w for w in phrase.lower().replace("’", "'").split() if w.isalpha()]
    if not words:
        return 0.0
    return float(min(freq[w] for w in words))


def frequency_adjustment(garbled: str, restoration: str) -> float:
    """Confidence shift from word frequencies (pyspellchecker's English counts).

    Spinners swap a common word for a rarer synonym ("said" -> "mentioned", "countries" ->
    "international locations"). A restoration at least as common as the garbled words adds a little
    confidence; one far rarer than what is written (a swap backwards) takes some away.
    """
    g, r = _phrase_frequency(garbled), _phrase_frequency(restoration)
    if r == 0.0:
        return -0.05
    if g == 0.0 or r >= g:
        return 0.05
    return -0.1 if g > 20 * r else 0.0

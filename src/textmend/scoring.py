"""Score: how garbled each sentence is, and how strongly the whole document shows spinning (0..1).

The document score is what makes weak evidence safe. Strong fingerprints (fixed entries, spintax) raise it;
guarded matches whose context holds add at most half of what the strong ones give; and the total is scaled
by density, so one stray hit in a long clean document does not open the guards.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from .model import Finding

#: Evidence (sum of confidences) that gives a score of 1 - 1/e (0.63). The score is
#: 1 - exp(-(E / scale)^2): one strong fingerprint alone (E ~ 0.95) gives 0.24, two distinct ones 0.67.
EVIDENCE_SCALE = 1.8
#: Guarded matches whose context holds count this much each, and at most half the strong evidence.
WEAK_WEIGHT = 0.3
#: Words per expected strong hit in a spun document: density below this is discounted.
WORDS_PER_HIT = 500.0


def document_score(strong: list[Finding], weak: list[Finding], n_words: int) -> float:
    """Document spin score from strong findings (fixed entries, spintax) and weak ones (guarded, context ok)."""
    if not strong:
        return 0.0
    evidence = _rule_evidence(strong)
    evidence += min(_rule_evidence(weak) * WEAK_WEIGHT, evidence * 0.5)
    density = min(1.0, evidence / (1.0 + n_words / WORDS_PER_HIT)) ** 0.5
    return 1.0 - math.exp(-((evidence * density / EVIDENCE_SCALE) ** 2))


def score_upper_bound(strong: list[Finding], n_words: int) -> float:
    """The highest score these strong findings could reach with any weak ones added."""
    if not strong:
        return 0.0
    evidence = _rule_evidence(strong) * 1.5
    density = min(1.0, evidence / (1.0 + n_words / WORDS_PER_HIT)) ** 0.5
    return 1.0 - math.exp(-((evidence * density / EVIDENCE_SCALE) ** 2))


def _rule_evidence(findings: list[Finding]) -> float:
    """Distinct rules count fully; repeats of one rule add a little (spinners are consistent)."""
    best: dict[str, float] = {}
    counts = Counter(f.rule for f in findings)
    for f in findings:
        best[f.rule] = max(best.get(f.rule, 0.0), f.confidence)
    return sum(c + min(0.5, 0.1 * (counts[r] - 1)) for r, c in best.items())


def sentence_score(confidences: list[float]) -> float:
    """Probability-style union of the confidences of the edits proposed in one sentence."""
    p = 1.0
    for c in confidences:
        p *= 1.0 - max(0.0, min(1.0, c))
    return 1.0 - p


@lru_cache(maxsize=1)
def speller():
    """pyspellchecker's English dictionary, loaded once per process (on first use) for every stage."""
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def word_frequencies():
    """pyspellchecker's English word counts."""
    return speller().word_frequency


def _phrase_frequency(phrase: str) -> float:
    freq = word_frequencies()
    words = [w for w in phrase.lower().replace("’", "'").split() if w.isalpha()]
    if not words:
        return 0.0
    return min(freq[w] for w in words)


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

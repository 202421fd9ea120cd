"""Token normalisation and case mapping, shared by the map compiler and the matcher."""
from __future__ import annotations

import re

#: A word for matching: letters and digits. Everything between words is a separator.
WORD_RE = re.compile(r"[^\W_]+")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2032": "'",
                              "\u2010": "-", "\u2011": "-"})


def norm_word(word: str) -> str:
    """Matching form of a word: case-folded."""
    return word.lower()


#: What a paragraph break between two words normalises to: no map separator equals it, so no phrase
#: matches across paragraphs.
PARAGRAPH = "\u00b6"


def norm_sep(sep: str) -> str:
    """Matching form of the text between two words: white space runs are one space, quotes unified; a blank
    line is a paragraph break, which no phrase spans."""
    stripped = "".join(sep.split())
    if not stripped:
        return PARAGRAPH if sep.count("\n") >= 2 else " "
    return stripped.translate(_APOSTROPHES)


def split_phrase(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words and the separators between them, both normalised."""
    matches = list(WORD_RE.finditer(phrase))
    words = tuple(norm_word(m.group()) for m in matches)
    seps = tuple(norm_sep(phrase[a.end() : b.start()]) for a, b in zip(matches, matches[1:]))
    return words, seps


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The one matching key of a phrase: its case-folded words (separators and apostrophe style dropped).

    Used wherever phrases are compared or counted (map validation, learning, evaluation); the index
    additionally keeps separators (``split_phrase``) so that "e-mail" does not match "e mail".
    """
    return tuple(norm_word(w) for w in WORD_RE.findall(phrase))


def match_apostrophes(original: str, replacement: str) -> str:
    """Write the replacement's apostrophes the way the text does (’ or ')."""
    if "’" in original and "'" in replacement:
        return replacement.replace("'", "’")
    if "'" in original and "’" in replacement:
        return replacement.replace("’", "'")
    return replacement


def acronym_led(original: str) -> bool:
    """"COVID infection": a capital that belongs to an acronym, not to the phrase's position."""
    words = WORD_RE.findall(original)
    return (len(words) > 1 and len(words[0]) > 1 and words[0].isupper()
            and any(c.islower() for w in words[1:] for c in w))


def match_case(original: str, replacement: str, sentence_start: bool = True) -> str:
    """Carry the case pattern of ``original`` onto ``replacement`` (ALL CAPS, Title Case, Capitalised).

    An acronym-led original ("COVID infection") passes its capital on only at the start of a sentence.
    """
    replacement = match_apostrophes(original, replacement)
    if not sentence_start and acronym_led(original):
        return replacement
    letters = [c for c in original if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = [w for w in WORD_RE.findall(original) if w[0].isalpha()]
    if len(words) > 1 and all(w[0].isupper() for w in words):
        return re.sub(r"(^|(?<=[\s-]))([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), replacement)
    if original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement

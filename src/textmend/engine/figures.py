"""Match: numbers and dates a spinner rewrote inside figures, restored by rule.

Word-level spinners treat digits as words: "3.2%" becomes "three.2%", "1.5" becomes "1.five", "2.9%"
becomes "a couple of.9%", "45th" becomes "forty fifth", "£3,500" becomes "£3,five-hundred", "1/3" becomes
"one/3", and the month "May" becomes "Might" or "Could" ("Might 12", "since Could"). None of these shapes
occurs in edited prose: a number word glued to a digit or to figure punctuation is a fingerprint, and the
digits it stood for are certain. They are strong evidence and apply like fixed entries.
"""
from __future__ import annotations

from functools import lru_cache

import regex as re

from ..model import EntryKind, Finding, Source

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9}
#: "a couple of" is the autoblog spinner's "two", also inside figures ("a couple of.9%").
_COUPLE = r"a\s+couple\s+of"
_WORD = "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
#: A spelled number: "five", "twenty five", "twenty-five", "five hundred", "five-hundred", "a couple of".
_DIGIT_WORDS = "|".join(k for k in _UNITS if _UNITS[k] < 10 and k != "zero")
_NUMBER = (rf"(?:{_COUPLE}|(?:(?:{'|'.join(_TENS)})[\s-](?:{_DIGIT_WORDS})"
           rf"|{_WORD})(?:[\s-]hundred)?)")
# A number word glued to a figure: digits and a decimal or thousands separator on one side, or a
# percent sign, a slash and digits, or a currency sign on the other.
_GLUED = (
    rf"(?<![\w-])(?P<a>{_NUMBER})(?=[.,/]\d|%)"                 # three.2%  two%  one/3
    rf"|(?<=\d[.,/])(?P<b>{_NUMBER})(?![\w-])"                  # 1.five  3,five-hundred  1/three
    rf"|(?<=[$£€¥])(?P<c>{_NUMBER})(?![\w-])"                    # $twenty five
    rf"|(?<=\[)(?P<d>{_NUMBER})(?=\])")                           # [sixty five]: a reference number
#: "forty fifth": a compound ordinal written without its hyphen (45th spelled out word by word).
_ORDINAL = rf"(?<![\w-])(?P<t>{'|'.join(_TENS)})\s+(?P<o>{'|'.join(_ORDINALS)})(?![\w-])"
#: "Might 12", "since Could": the month May rewritten as a modal verb, capitalised mid-sentence.
_MONTH = (r"(?<![\w-])(?P<d>Might|Could)(?=\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*%|[.,]\d))"
          r"|(?<=[a-z,] )(?P<m>Might|Could)(?=\s+\d{4}\b)"
          r"|(?<=\b(?:in|since|until|till|by|from|early|late|mid|of|through|last|next|this) )"
          r"(?P<n>Might|Could)\b(?!\s+(?:be|have|not|also|well|never|still|just|only)\b)")


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The three patterns, compiled on first use: most texts hold no trigger, and compiling them takes about
    25 ms, a tenth of a small file's whole run."""
    return re.compile(_GLUED, re.IGNORECASE), re.compile(_ORDINAL, re.IGNORECASE), re.compile(_MONTH)


def _value(words: str) -> int | None:
    """The value of a spelled number (0-999), or None."""
    w = " ".join(words.lower().replace("-", " ").split())
    if re.fullmatch(_COUPLE, w):
        return 2
    total, current = 0, 0
    for part in w.split():
        if part in _UNITS:
            current += _UNITS[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part == "hundred":
            current = (current or 1) * 100
        else:
            return None
    return total + current


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# Triggers, found at C speed: the text's bytes with letters mapped to "a", digits to "0" and figure
# punctuation kept, searched with ``bytes.find``; capitalised "Might"/"Could"; a tens word before a space.
_SHAPE = bytes(97 if (65 <= c <= 90 or 97 <= c <= 122) else 48 if 48 <= c <= 57 else 46 if c in b".,/" else
               36 if c in b"$[" else c if c == 37 else 32 for c in range(256))
_GLUE = (b"a.0", b"a%", b"0.a", b"$a")
_REACH = 40  # characters around a trigger that a precise pattern may need


_WORDS = (b"Might", b"Could", b"ty ")
_ORDINAL_BYTES = tuple(o.encode() for o in _ORDINALS)


def _triggers(text: str) -> list[int]:
    """Code-point offsets where a figure garble may stand (a superset; the precise patterns decide)."""
    raw = text.encode("utf-8", "surrogatepass")
    shape = raw.translate(_SHAPE)
    found: list[int] = []
    for hay, needles in ((shape, _GLUE), (raw, _WORDS)):
        for needle in needles:
            i = hay.find(needle)
            while i >= 0:
                if needle != b"ty " or raw.startswith(_ORDINAL_BYTES, i + 3):
                    found.append(i)
                i = hay.find(needle, i + 1)
    if not found or len(raw) == len(text):
        return sorted(found)
    # Byte offsets to code points: triggers sit on ASCII bytes, so each is a character boundary.
    out, pos, chars = [], 0, 0
    for i in sorted(found):
        chars += len(raw[pos:i].decode("utf-8", "surrogatepass"))
        pos = i
        out.append(chars)
    return out


def find_figures(text: str) -> list[Finding]:
    """Spelled-out numbers inside figures, hyphenless compound ordinals and May-as-a-modal."""
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    windows: list[tuple[int, int]] = []
    for t in _triggers(text):
        lo, hi = max(0, t - _REACH), min(len(text), t + _REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    for lo, hi in windows:
        for f in _find_in(text, lo, hi):
            if (f.start, f.end) not in seen:
                seen.add((f.start, f.end))
                out.append(f)
    return out


def _find_in(text: str, lo: int, hi: int) -> list[Finding]:
    out: list[Finding] = []
    glued, ordinal, month = _compiled()
    for m in glued.finditer(text, lo, hi):
        name = next(k for k in ("a", "b", "c", "d") if m.group(k) is not None)
        start, end = m.span(name)
        value = _value(m.group(name))
        if value is None:
            continue
        digits = str(value)
        if name == "b" and text[start - 1] == "," and value < 1000:
            digits = f"{value:03d}"  # thousands group: "3,five-hundred" is 3,500
        out.append(_finding(text, start, end, digits, "figures/number-in-figure"))
    for m in ordinal.finditer(text, lo, hi):
        n = _TENS[m.group("t").lower()] + _ORDINALS[m.group("o").lower()]
        out.append(_finding(text, m.start(), m.end(), f"{n}{_suffix(n)}", "figures/spelled-ordinal"))
    for m in month.finditer(text, lo, hi):
        name = next(k for k in ("d", "m", "n") if m.group(k) is not None)
        out.append(_finding(text, m.start(name), m.end(name), "May", "figures/month-may"))
    return out


def _finding(text: str, start: int, end: int, replacement: str, rule: str) -> Finding:
    return Finding(start, end, text[start:end], (replacement,), rule, Source.RULE, 0.95, EntryKind.FIXED)

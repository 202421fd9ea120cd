"""Spintax leaks: spinner templates that reached the page unrendered.

``{that a}`` (one option, a run with a function word) is restored to ``that a``; ``{a|b|c}`` is reported with its
options. Braces in code, LaTeX or templates (``\\frac{a}{b}``, ``{name}``, ``${x}``) are not spintax and are left alone.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EntryKind, Finding, Source

_SPINTAX = re.compile(r"(?<![\\$%#\w{])\{([^{}\n]{1,300})\}(?![}\w])")
_WORDS = re.compile(r"^[^\W\d_][\w'’ ,.\-]*$")
#: A one-option leak is a few plain words ("{that a}"), never a list or a code-like set ("{cmd1, cmd2, ..}").
#: Lower-case and short: a capitalised brace group is a BibTeX field or a template title, not a leak.
_PLAIN = re.compile(r"^[^\W\d_A-Z][^\W\d_]*(?:['’\- ][^\W\d_]+){1,3}$")
#: A leak is a spinner's option for a function-word run ("{that a}", "{in the}"); plain content words in
#: braces ("{talk mode}") are cross-references or markup of their own.
_FUNCTION = frozenset("a an the that this these those of to in on at for with from by as and or but is are was "
                      "were be it its their which who".split())


_BODY = re.compile(r"\{([^{}\n]{1,300})\}(?![}\w])")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_SPINTAX`` matches, found from each "{" with ``str.find`` (C speed) rather than a regex scan."""
    i = text.find("{")
    while i >= 0:
        prev = text[i - 1] if i else ""
        if not (prev in "\\$%#{" and prev) and not (prev.isalnum() or prev == "_"):
            m = _BODY.match(text, i)
            if m:
                yield m
        i = text.find("{", i + 1)


def find_spintax(text: str) -> list[Finding]:
    if "{" not in text:
        return []
    out: list[Finding] = []
    for m in _matches(text):
        body = m.group(1)
        if body != body.strip():
            continue  # "{ be good }": padded braces are code or markup, spinner templates are tight
        options = [o.strip() for o in body.split("|")]
        if not all(o and _WORDS.match(o) for o in options):
            continue
        if len(options) == 1:
            before = text[max(0, m.start() - 3) : m.start()].rstrip()
            if (" " not in options[0] or not _PLAIN.match(options[0]) or before.endswith(("=", ":", "'", '"'))
                    or max(len(w) for w in options[0].split()) < 3  # "{x s}": mathematics
                    or not _FUNCTION.intersection(options[0].lower().split())):
                continue  # {name}, {a, b}: a template variable or a set, not a leak
            # Guarded: braces around a few words are also a convention of their own (cross-references in
            # the Jargon File, "{smash the stack}"), so a one-option leak applies only where other evidence
            # shows the text is spun.
            out.append(Finding(m.start(), m.end(), m.group(), (options[0],), "spintax/braces", Source.SPINTAX,
                               0.97, EntryKind.GUARDED))
        else:
            out.append(Finding(m.start(), m.end(), m.group(), tuple(options), "spintax/alternatives",
                               Source.SPINTAX, 0.9, EntryKind.AMBIGUOUS))
    return out

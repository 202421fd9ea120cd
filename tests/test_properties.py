"""Hypothesis properties: offsets consistent, repair idempotent, text outside edits unchanged, no crash."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textmend
from textmend import Config

from .conftest import MINI

CFG = Config(maps=(MINI,), builtin_maps=False, assume_spun=True)
PHRASES = ["international locations", "crimes in opposition to humanity", "Excessive Commissioner",
           "mentioned", "yr", "e-mail despatched", "an excessive commissioner", "{that a}", "{x|y}",
           "coaching facilities", "COUNTERFEIT", "But not,", "https://a.b/c", "`code`", "\r\n", "’", " "]
TEXT = st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=25).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_offsets_consistent_and_outside_unchanged(text):
    r = textmend.repair(text, CFG)
    pos = 0
    rebuilt = []
    for e in sorted(r.edits, key=lambda e: e.start):
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start:e.end] == e.original
        if e.applied:
            assert e.start >= pos, "applied edits overlap"
            rebuilt.append(text[pos:e.start])
            rebuilt.append(e.replacement)
            pos = e.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == r.text


@SETTINGS
@given(TEXT)
def test_repair_is_idempotent(text):
    once = textmend.repair(text, CFG).text
    assert textmend.repair(once, CFG).text == once


@SETTINGS
@given(st.text())
def test_no_exception_on_arbitrary_unicode(text):
    r = textmend.repair(text)
    assert isinstance(r.text, str)
    textmend.explain(text, CFG)


@given(st.text(alphabet="{}ab _$%#\\\n|x1é", max_size=60))
def test_spintax_scan_finds_what_the_pattern_finds(text):
    from textmend.spintax import _SPINTAX, _matches

    assert [m.span() for m in _matches(text)] == [m.span() for m in _SPINTAX.finditer(text)]

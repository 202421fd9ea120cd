"""Numbers and dates a spinner rewrote inside figures (textmend.engine.figures): restored by rule, never in prose."""
from __future__ import annotations

import pytest

import textmend
from textmend.engine.figures import find_figures


@pytest.mark.parametrize("spun, original, replacement", [
    ("pushing for an extra 1.five million barrels", "five", "5"),
    ("the third-quarter estimate of three.5%.", "three", "3"),
    ("the Federal Reserve's goal of two%.", "two", "2"),
    ("falling from 22.09 million to fifteen.64 million", "fifteen", "15"),
    ("Trump being the forty fifth president", "forty fifth", "45th"),
    ("a welcome bonus of twenty five% on deposits", "twenty five", "25"),
    ("Convolutional networks [sixty five] are used", "sixty five", "65"),
    ("prices grew a couple of.9% last year", "a couple of", "2"),
    ("one/3 of voters agreed", "one", "1"),
    ("a fee of £3,five-hundred a year", "five-hundred", "500"),
    ("the price hit $3,150 in Could and fell", "Could", "May"),
    ("bitcoin has been on a downtrend since Could.", "Could", "May"),
    ("Might 12, 2024: the vote", "Might", "May"),
])
def test_spelled_figures_are_found(spun, original, replacement):
    found = find_figures(spun)
    assert [(f.original, f.candidates) for f in found] == [(original, (replacement,))]
    assert spun[found[0].start : found[0].end] == original


@pytest.mark.parametrize("clean", [
    "He said it Might be fine.", "Could you help us?", "They could not agree in May.",
    "One of the five members left.", "The 1.5 rule applies to one.", "He ran 5,000 miles, five times.",
    "The forty-fifth president spoke.", "Twenty five people came, and sixty percent stayed.",
    "the first and second, three. Then four.", "In Could be Wrong, the band sang.",
])
def test_ordinary_numbers_and_modals_are_left_alone(clean):
    assert find_figures(clean) == []


def test_figures_are_repaired_in_a_spun_page_with_its_other_garbles():
    text = ("The central bank mentioned inflation would ease to three.2% by the tip of the yr, "
            "and international locations would follow.")
    r = textmend.repair(text)
    assert "3.2%" in r.text and "countries" in r.text
    assert any(e.rule == "figures/number-in-figure" and e.applied for e in r.edits)


def test_figures_offsets_are_code_points_after_non_ascii_text():
    text = "Ärzte berichten: «three.2%» mehr, since Could."
    found = find_figures(text)
    assert [(text[f.start:f.end], f.candidates[0]) for f in found] == [("three", "3"), ("Could", "May")]

"""Golden cases with the shipped maps: spun documents repaired exactly, clean sentences left alone."""
from __future__ import annotations

from pathlib import Path

import pytest

import textmend

GOLDEN = Path(__file__).parent / "golden"


def _blocks() -> list[tuple[str, str]]:
    text = "\n".join(line for line in (GOLDEN / "spun.txt").read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#"))
    out = []
    for block in text.strip().split("\n\n"):
        spun, expected = block.split("\n=> ")
        out.append((spun.strip(), expected.strip()))
    return out


def _clean() -> list[str]:
    return [line for line in (GOLDEN / "clean.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("spun,expected", _blocks())
def test_spun_documents_are_repaired(spun, expected):
    assert textmend.repair(spun).text == expected


@pytest.mark.parametrize("sentence", _clean())
def test_clean_sentences_do_not_change(sentence):
    r = textmend.repair(sentence)
    assert r.text == sentence and not any(e.safe for e in r.edits)


def test_clean_sentences_together_do_not_change():
    doc = "\n\n".join(_clean())
    assert textmend.repair(doc).text == doc

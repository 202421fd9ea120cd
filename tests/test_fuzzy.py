"""Near misses: a typo'd garble is still found, and spelling correction decides whether it is certain."""
from __future__ import annotations

import pytest

import textmend
from textmend import Config


@pytest.fixture
def cfg(tmp_path):
    m = tmp_path / "fz.tsv"
    m.write_text("#: id = fz\n#: title = t\n#: theme = t\n#: provenance = test\n"
                 "profound learning calculation\tdeep learning algorithm\n", encoding="utf-8")
    return Config(map_files=(str(m),), builtin_maps=False, assume_spun=True)


def test_spelling_correction_makes_a_near_miss_certain(cfg):
    """"profund learnin calculation" is 96.4% like the entry (below the 97 that applies), but corrected word
    by word ("profound", "learning") it is the entry itself: applied."""
    r = textmend.repair("They trained a profund learnin calculation on it.", cfg)
    assert r.text == "They trained a deep learning algorithm on it."
    (e,) = r.edits
    assert e.source == "fuzzy" and e.applied and e.original == "profund learnin calculation"


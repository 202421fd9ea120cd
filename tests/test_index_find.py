"""``Index.find`` against a walk over every token with no prefilter, no locator and no candidate grouping:
the fast paths must find exactly the same matches, in the same order."""
from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmend import Config
from textmend.engine.index import OVERLAP, _in_compound
from textmend.engine.pipeline import index_for
from textmend.model import Finding
from textmend.normalize import WORD_RE, norm_sep

from .cli_support import AMBIGUOUS, CLEAN, SPUN
from .conftest import MINI

ARTICLE = (Path(__file__).resolve().parents[1] / "examples" / "seed" / "article.txt").read_text(encoding="utf-8")


def reference_find(index, text: str, evidence: bool) -> list[Finding]:
    """Every token is a possible anchor; every variant anchored on it is compared."""
    out, seen = [], set()
    toks_all = [(t.start(), t.end(), t.group().lower()) for t in WORD_RE.finditer(text)]
    for pos, _, word in toks_all:
        cands = index.first.get(word)
        if not cands:
            continue
        back, ahead = index.reach[word]
        lo = max(0, pos - 40 * back)
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1
        before = [(t.start(), t.end(), t.group().lower()) for t in WORD_RE.finditer(text, lo, pos)][-back:] \
            if back else []
        after = [(t.start(), t.end(), t.group().lower())
                 for t in islice(WORD_RE.finditer(text, pos, pos + OVERLAP), ahead)]
        toks, here = before + after, len(before)
        for v in cands:
            if v.needs_evidence and not evidence:
                continue
            i, k = here - v.kp, len(v.words)
            if i < 0 or i + k > len(toks):
                continue
            if any(toks[i + j][2] != v.words[j] or (j and norm_sep(text[toks[i + j - 1][1]:toks[i + j][0]])
                                                     != v.seps[j - 1]) for j in range(k)):
                continue
            start, end = toks[i][0], toks[i + k - 1][1]
            if _in_compound(text, start, end) or (start, end, v.entry.rule) in seen:
                continue
            seen.add((start, end, v.entry.rule))
            e = v.entry
            out.append(Finding(start, end, text[start:end], v.candidates, e.rule, "phrase_map", e.confidence,
                               e.kind, e, v.adjust))
    out.sort(key=lambda f: (f.start, -f.end))
    return out


@pytest.fixture(scope="module")
def builtin_index():
    return index_for(Config())


@pytest.mark.parametrize("evidence", [False, True])
def test_builtin_maps_on_the_seed_article_and_clean_text(builtin_index, evidence):
    for text in (ARTICLE, ARTICLE.upper(), CLEAN * 50, SPUN + CLEAN + AMBIGUOUS, ARTICLE.replace(" ", "  ")):
        got = builtin_index.find(text, evidence)
        assert got == reference_find(builtin_index, text, evidence)
    assert builtin_index.find(ARTICLE, evidence)  # the article does hold matches


def test_long_text_spanning_many_prefilter_pieces(builtin_index):
    text = (ARTICLE + "\n\n" + CLEAN * 40) * 6  # well past one 16 KB piece: matches near piece edges too
    assert builtin_index.find(text, True) == reference_find(builtin_index, text, True)


PHRASES = ["international locations", "crimes in opposition to humanity", "Excessive Commissioner", "the",
           "mentioned", "yr", "e-mail despatched", "coaching facilities", "counterfeit", "the excessive",
           "’", " ", "  ", "\n", "-", "The", "\u00a0", "©", "é"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=8)), max_size=30).map("".join),
       st.booleans())
def test_mini_map_random_text(text, evidence):
    index = index_for(Config(map_files=(MINI,), builtin_maps=False))
    assert index.find(text, evidence) == reference_find(index, text, evidence)


def test_words_the_byte_view_splits_are_still_found(tmp_path):
    """A word the prefilter's byte view splits in two ("naïve": its continuation byte is blanked) cannot be
    a probe key of its own: such entries are anchored on the start of the phrase's byte view instead."""
    m = tmp_path / "accents.tsv"
    m.write_text("#: id = acc\n#: title = t\n#: theme = t\n#: provenance = test\n"
                 "naïve bayes classifier\tsimple model\nthe café society\tthe smart set\nrésumé\tCV\n",
                 encoding="utf-8")
    index = index_for(Config(map_files=(str(m),), builtin_maps=False))
    text = "A naïve bayes classifier met the café society. Send a résumé. Naïve Bayes classifier!"
    found = index.find(text, True)
    assert [f.original for f in found] == ["naïve bayes classifier", "the café society", "résumé",
                                           "Naïve Bayes classifier"]
    assert found == reference_find(index, text, True)

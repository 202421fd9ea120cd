from textmend.knowledge.inflect import plural, variants, verb_forms
from textmend.normalize import match_case, norm_sep, split_phrase


def test_match_case_patterns():
    assert match_case("Excessive Commissioner", "high commissioner") == "High Commissioner"
    assert match_case("COUNTERFEIT CONSCIOUSNESS", "artificial intelligence") == "ARTIFICIAL INTELLIGENCE"
    assert match_case("Mentioned", "said") == "Said"
    assert match_case("mentioned", "said") == "said"
    assert match_case("international locations", "United States") == "United States"


def test_split_phrase_unifies_apostrophes_and_space():
    assert split_phrase("within the nation’s") == split_phrase("within  the nation's")
    assert split_phrase("e-mail despatched") == (("e", "mail", "despatched"), ("-", " "))


def test_norm_sep():
    assert norm_sep(" \n ") == " "
    assert norm_sep("’") == "'"
    assert norm_sep(" - ") == "-"


def test_inflection():
    assert plural("facility") == "facilities"
    assert plural("box") == "boxes"
    assert plural("information") is None
    assert verb_forms("flip") == ("flips", "flipped", "flipped", "flipping")
    assert verb_forms("see") == ("sees", "saw", "seen", "seeing")
    assert ("coaching facilities", "training centres") in variants("coaching facility", "training centre", "n")
    assert ("sees the sunshine", "sees the light") in variants("see the sunshine", "see the light", "v")


def test_replacement_apostrophes_follow_the_text():
    assert match_case("nation's", "country’s") == "country's"
    assert match_case("nation’s", "country's") == "country’s"

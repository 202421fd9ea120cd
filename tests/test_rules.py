import pytest

from textmend.knowledge.rules import failing_condition, parse_when


def holds(when: str, text: str, phrase: str) -> bool:
    i = text.index(phrase)
    return failing_condition(parse_when(when), text, i, i + len(phrase), (0, len(text))) is None


def test_parse_rejects_unknown_conditions():
    for bad in ("near=x", "next=@bogus", "doc>=2", "next="):
        with pytest.raises(ValueError):
            parse_when(bad)


def test_next_and_prev_words_punctuation_and_classes():
    assert holds("next=@punct", "the report mentioned, it", "mentioned")
    assert not holds("next=@punct", "she mentioned the plan", "mentioned")
    assert holds("next=in an", "he mentioned in an e-mail", "mentioned")
    assert holds("prev=a|the", "almost a yr later", "yr")
    assert not holds("prev=a|the", "the 1986 yr-ago figure", "yr")
    assert holds("!next=expected", "earlier than the end", "earlier than")
    assert not holds("!next=expected", "earlier than expected", "earlier than")
    assert holds("next=@cap", "mentioned Beijing", "mentioned")
    assert holds("next=@quote", "he mentioned “no”", "mentioned")
    assert holds("next=@eos", "the report mentioned.", "mentioned")
    assert holds("prev=@bos", "“Mentioned it", "Mentioned")


def test_sentence_condition_and_flags():
    w = parse_when("sent=bitcoin|trading +n doc>=0.3")
    assert w.min_doc == 0.3 and "+n" in w.flags
    assert holds("sent=bitcoin", "The worth of bitcoin fell", "worth")
    assert not holds("sent=bitcoin", "It was worth it", "worth")

from textmend.segment import overlaps, protected_spans, sentence_of, sentences


def test_sentences_split_on_end_punctuation_not_abbreviations():
    text = "Mr. Smith went to Washington. He said “yes.” Then U.S. officials left!\n\nNew paragraph"
    spans = sentences(text)
    got = [text[a:b] for a, b in spans]
    assert got == ["Mr. Smith went to Washington.", "He said “yes.”", "Then U.S. officials left!", "New paragraph"]


def test_sentence_of():
    text = "One two. Three four."
    spans = sentences(text)
    assert text[slice(*sentence_of(spans, 10))] == "Three four."


def test_protected_spans_cover_urls_emails_code_and_ignores():
    text = ("See https://x.org/a-b and mail me@x.org; run `international locations` now.\n"
            "keep this line textmend: ignore\n"
            "textmend: off\nregion\ntextmend: on\nafter")
    spans = protected_spans(text)
    for needle in ("https://x.org/a-b", "me@x.org", "`international locations`", "keep this line", "region"):
        i = text.index(needle)
        assert overlaps(spans, i, i + len(needle)), needle
    i = text.index("after")
    assert not overlaps(spans, i, i + 5)


def test_ignore_re():
    text = "alpha BETA-123 gamma"
    spans = protected_spans(text, (r"BETA-\d+",))
    assert overlaps(spans, 6, 10) and not overlaps(spans, 0, 5)


def test_sentences_start_with_any_upper_case_letter():
    text = "Die Ärzte kamen. Łódź folgte. Ελλάδα said no."
    assert [text[a:b] for a, b in sentences(text)] == ["Die Ärzte kamen.", "Łódź folgte.", "Ελλάδα said no."]

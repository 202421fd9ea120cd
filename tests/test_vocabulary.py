"""The typed vocabulary: entry kinds, sources, statuses, applicability and reason codes."""
from __future__ import annotations

import json
import pickle

import textmend
from textmend.knowledge.phrasemap import parse_tsv
from textmend.model import Applicability, EntryKind, Reason, Source, Status

from .cli_support import SPUN


def test_values_read_as_plain_strings():
    """JSON, TSV maps and messages show the plain value, never ``EntryKind.FIXED``."""
    assert f"{EntryKind.FIXED}" == str(EntryKind.FIXED) == "fixed" and EntryKind.GUARDED == "guarded"
    assert json.dumps([Source.PHRASE_MAP, Applicability.DISPLAY_ONLY]) == '["phrase_map", "display-only"]'
    assert f"[{Status.APPLIED:>9}]" == "[  applied]"
    assert pickle.loads(pickle.dumps(Reason.OVERLAP)) is Reason.OVERLAP


def test_maps_load_kinds_as_enums():
    m = parse_tsv("#: id = k\n#: title = t\n#: theme = t\n#: provenance = p\na b\tc\nd\te\tguarded\n")
    assert [type(e.kind) for e in m.entries] == [EntryKind, EntryKind]
    assert [e.kind for e in m.entries] == [EntryKind.FIXED, EntryKind.GUARDED]


def test_every_candidate_has_a_reason_code_and_an_applicability(mini_cfg):
    """Applied, reported and every kind of held-back candidate carry their code; applicability follows from
    the fix, not from whether this run applied it."""
    text = (SPUN + " She mentioned the weather. COUNTERFEIT goods. See https://x.org/international-locations now."
            "\ntextmend: ignore international locations\n")
    ex = textmend.explain(text, mini_cfg)
    everything = ex.edits + ex.suppressed
    assert all(isinstance(e.code, Reason) and isinstance(e.status, Status) for e in everything)
    codes = {e.code for e in everything}
    assert {Reason.CONFIDENT, Reason.SEVERAL_CANDIDATES, Reason.CONTEXT_RULE, Reason.PROTECTED} <= codes
    for e in ex.suppressed:
        assert e.status == Status.SUPPRESSED and e.applicability == Applicability.DISPLAY_ONLY
        assert e.code not in (Reason.CONFIDENT, Reason.UNSAFE_APPLIED, Reason.LOW_CONFIDENCE)
    for e in ex.edits:
        want = Applicability.SAFE if e.code == Reason.CONFIDENT else Applicability.UNSAFE
        assert e.applicability == want and e.applied == (want == Applicability.SAFE)


def test_check_keeps_applicability_apart_from_applied(mini_cfg):
    """In ``check`` nothing is applied, yet a safe fix is still safe."""
    r = textmend.check(SPUN, mini_cfg)
    safe = [e for e in r.edits if e.applicability == Applicability.SAFE]
    assert safe and not any(e.applied for e in r.edits)
    assert all(e.status == Status.FIXABLE and e.code == Reason.CONFIDENT for e in safe)


def test_unsafe_applies_but_stays_unsafe(mini_cfg):
    r = textmend.repair(SPUN + " COUNTERFEIT goods.", mini_cfg.replace(unsafe=True))
    (e,) = [e for e in r.edits if e.rule == "mini/counterfeit"]
    assert e.applied and e.code == Reason.UNSAFE_APPLIED and e.applicability == Applicability.UNSAFE


def test_weak_evidence_and_overlap_codes(mini_cfg):
    lone = textmend.explain("Western international locations agreed. He mentioned, quietly, that it was over.",
                            mini_cfg)
    assert [e.code for e in lone.suppressed if e.original == "mentioned"] == [Reason.WEAK_EVIDENCE]
    near = textmend.repair("Western international locations, he mentioned, agreed.", mini_cfg)
    (rep,) = [e for e in near.edits if e.original == "mentioned"]
    assert rep.status == Status.REPORTED and rep.code == Reason.WEAK_EVIDENCE
    assert rep.applicability == Applicability.UNSAFE

"""Fuzz the command line in the suite: a few hundred examples (``tests/fuzz/run.py`` runs the long campaign)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzz.cli_fuzz import STDIN, argv, config_case, invoke, jsonl_case, map_case


def fuzz_settings(n: int):
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(autouse=True, scope="module")
def _own_cache(tmp_path_factory):
    """Indexes built from fuzzed maps go to a throw-away cache, not the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TEXTMEND_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@fuzz_settings(150)
@given(argv(), STDIN)
def test_cli_arguments_never_traceback(args, stdin):
    invoke(args, stdin)


@fuzz_settings(60)
@given(config_case())
def test_config_files_never_traceback(case):
    invoke(case[0], None, case[1])


@fuzz_settings(60)
@given(map_case())
def test_map_files_never_traceback(case):
    invoke(case[0], None, case[1])


@fuzz_settings(60)
@given(jsonl_case())
def test_jsonl_inputs_never_traceback(case):
    invoke(case[0], None, case[1])

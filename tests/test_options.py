"""The one options table: Config, config-file keys and checks, CLI flags and ``textmend config`` come from it."""
from __future__ import annotations

import dataclasses
import re
import warnings

import pytest

import textmend
from textmend.config import BY_KEY, CONFIG_OPTIONS, OPTIONS, Config, Kind, Option
from textmend.io.settings import KEYS, SettingsError, parse_settings

from .cli_support import MINI, SPUN, run


def test_every_config_field_is_a_row_of_the_table():
    names = [f.name for f in dataclasses.fields(Config)]
    assert [o.name for o in CONFIG_OPTIONS] == names
    for opt in CONFIG_OPTIONS:
        assert getattr(Config(), opt.name) == opt.default and opt.in_config and opt.help


def test_config_file_keys_are_the_table_keys():
    assert KEYS == BY_KEY == {o.key: o for o in OPTIONS if o.key}
    assert BY_KEY["maps"].name == "themes" and BY_KEY["extra-maps"].name == "map_files"


def test_cli_flags_are_the_table_flags():
    """check, fix, report and explain offer exactly the table's flags (and their help)."""
    flags = [o.flag.split("/")[0] for o in OPTIONS if o.flag]
    for command in ("check", "fix", "report", "explain"):
        text = run([command, "--help"]).stdout
        missing = [f for f in flags if f not in text]
        assert not missing, (command, missing)
    assert "Near-miss matching" not in run(["check", "--help"]).stdout  # fuzzy: config files only


def test_config_command_prints_every_key_with_its_default():
    lines = run(["config", "--isolated", "."]).stdout.splitlines()[1:]
    assert len(lines) == len(BY_KEY)
    for opt, line in zip([o for o in OPTIONS if o.key], lines):
        assert line.startswith((f"{opt.key} = ", f"# {opt.key}: not set")), line


@pytest.mark.parametrize("field, value, message", [
    ("apply_threshold", "high", "Config.apply_threshold must be a number between 0 and 1, got 'high'"),
    ("guard_threshold", 1.5, "Config.guard_threshold must be a number between 0 and 1, got 1.5"),
    ("fuzzy_apply", 101, "Config.fuzzy_apply must be a number between 0 and 100, got 101"),
    ("unsafe", "yes", "Config.unsafe must be true or false, got 'yes'"),
    ("allow", [1], "Config.allow must be a list of strings, got [1]"),
    ("ignore_re", ("(",), "Config.ignore_re must be a list of regular expressions: bad regular expression '('"),
    ("markup", "rtf", "Config.markup must be one of text, markdown, html, got 'rtf'"),
    ("evidence_file", 3, "Config.evidence_file must be a file path, got 3"),
])
def test_config_rejects_bad_values_naming_the_field(field, value, message):
    with pytest.raises(ValueError) as exc:
        Config(**{field: value})
    assert str(exc.value).startswith(message)
    with pytest.raises(ValueError):
        textmend.repair("text", **{field: value})


def test_config_normalises_lists_and_numbers():
    cfg = Config(themes="news, science", allow=["a b"], apply_threshold=1)
    assert cfg.themes == ("news", "science") and cfg.allow == ("a b",) and cfg.apply_threshold == 1.0
    assert isinstance(cfg.apply_threshold, float) and hash(cfg) == hash(Config(themes=("news", "science"),
                                                                                allow=("a b",), apply_threshold=1.0))


def test_maps_is_renamed_map_files_with_a_deprecation_warning():
    with pytest.warns(DeprecationWarning, match="map_files"):
        cfg = Config(maps=(MINI,), builtin_maps=False)
    assert cfg.map_files == (MINI,)
    with pytest.warns(DeprecationWarning, match="map_files"):
        assert cfg.maps == (MINI,)
    with pytest.warns(DeprecationWarning):
        assert textmend.repair(SPUN, maps=(MINI,), builtin_maps=False).text != SPUN
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # replacing other fields says nothing and keeps the map files
        assert cfg.replace(unsafe=True).map_files == (MINI,)
        assert dataclasses.replace(cfg, map_files=("x.tsv",)).map_files == ("x.tsv",)
        assert Config(map_files=(MINI,), builtin_maps=False) == cfg


def test_config_file_values_are_checked_by_the_table():
    with pytest.raises(SettingsError, match=re.escape("x/textmend.toml: fuzzy must be true or false, got 'no'")):
        parse_settings({"fuzzy": "no"}, "x/textmend.toml")
    with pytest.raises(SettingsError, match="allow must be a list of strings"):
        parse_settings({"allow": "a, b"}, "x/textmend.toml")  # a phrase may hold a comma: lists only
    assert parse_settings({"select": "news, idioms"}, "x/textmend.toml").values == {"select": ["news", "idioms"]}


def test_a_new_row_gets_its_flag_and_check():
    """What adding an option costs: a row; the CLI flag and the check come from it."""
    from textmend.cli.options import click_option
    from textmend.config import check_value

    row = Option("max_edits", Kind.UNIT, 0.5, "A new option.", key="max-edits", flag="--max-edits")
    decorated = click_option(row)(lambda **o: o)
    assert [p.opts for p in decorated.__click_params__] == [["--max-edits"]]
    with pytest.raises(ValueError, match="max-edits must be a number between 0 and 1"):
        check_value(row, 2, "max-edits")

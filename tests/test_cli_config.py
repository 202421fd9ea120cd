"""Config files: [tool.textmend] / textmend.toml, upward search, --config, --isolated, unknown keys,
relative extra maps, CLI precedence, and ``textmend config``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from textmend.exitcodes import ExitCode
from textmend.io.settings import KEYS, Resolver, SettingsError, load_file

from .cli_support import MINI, SPUN, SPUN_FIXED, run

NOBUILTIN = ["--no-builtin-maps"]


@pytest.fixture
def project(tmp_path):
    """A project whose pyproject points at the fixture map (relative path), with a nested doc folder."""
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "mini.tsv").write_text(open(MINI, encoding="utf-8").read(), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.textmend]\nbuiltin-maps = false\nextra-maps = ["maps/mini.tsv"]\n'
        'allow = ["excessive commissioner"]\n')
    docs = tmp_path / "docs" / "deep"
    docs.mkdir(parents=True)
    (docs / "a.txt").write_text(SPUN)
    return tmp_path


def test_pyproject_found_upward_with_relative_map(project):
    r = run(["fix", str(project / "docs" / "deep" / "a.txt")])
    assert r.exit_code == 0, r.stderr
    assert "Western countries" in r.stdout and "excessive commissioner" in r.stdout  # allow-listed


def test_textmend_toml_takes_precedence_and_nearest_wins(project):
    (project / "docs" / "textmend.toml").write_text(
        f'builtin-maps = false\nextra-maps = [{json.dumps(MINI)}]\napply-threshold = 0.99\n')
    r = run(["fix", str(project / "docs" / "deep" / "a.txt")])
    assert r.exit_code == ExitCode.FINDINGS and r.stdout == SPUN  # 0.95 < 0.99: all reported


def test_cli_flags_override_config(project):
    (project / "docs" / "textmend.toml").write_text(
        f'builtin-maps = false\nextra-maps = [{json.dumps(MINI)}]\napply-threshold = 0.99\n')
    r = run(["fix", "--apply-threshold", "0.5", str(project / "docs" / "deep" / "a.txt")])
    assert r.exit_code == 0 and r.stdout == SPUN_FIXED


def test_isolated_ignores_config(project):
    r = run(["check", "--isolated", *NOBUILTIN, str(project / "docs" / "deep" / "a.txt")])
    assert r.exit_code == 0 and r.stdout == ""  # no maps at all without the config


def test_explicit_config_file(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("other") / "custom.toml"
    other.write_text(f'builtin-maps = false\nextra-maps = [{json.dumps(MINI)}]\nunsafe = true\n')
    doc = project / "docs" / "deep" / "b.txt"
    doc.write_text(SPUN + "They sold counterfeit intelligence.\n")
    r = run(["fix", "--config", str(other), str(doc)])
    assert "artificial intelligence" in r.stdout and "excessive commissioner" not in r.stdout


def test_unknown_key_is_an_error_naming_it(project):
    (project / "textmend.toml").write_text("aply-threshold = 0.8\n")
    r = run(["check", str(project / "docs" / "deep" / "a.txt")])
    assert r.exit_code == ExitCode.ERROR and "unknown key 'aply-threshold'" in r.stderr


@pytest.mark.parametrize("body, message", [
    ("apply-threshold = 'high'\n", "apply-threshold must be a number"),
    ("apply-threshold = 3\n", "apply-threshold must be a number between 0 and 1, got 3"),
    ("unsafe = 1\n", "unsafe must be true or false"),
    ("allow = 'x'\n", "allow must be a list of strings"),
    ("extend-ignore-re = ['(']\n", "bad regular expression"),
    ("this is not toml\n", "invalid TOML"),
])
def test_bad_values_are_errors(tmp_path, body, message):
    (tmp_path / "textmend.toml").write_text(body)
    (tmp_path / "a.txt").write_text(SPUN)
    r = run(["check", str(tmp_path / "a.txt")])
    assert r.exit_code == ExitCode.ERROR and message in r.stderr


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "textmend.toml").write_text("unsafe = true\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    s = Resolver().for_path(str(inner / "x.txt"))
    assert s.source == str(tmp_path / "textmend.toml") and s.values == {"unsafe": True}


def test_every_key_is_accepted_and_maps_to_config(tmp_path):
    f = tmp_path / "textmend.toml"
    f.write_text('apply-threshold = 0.8\nguard-threshold = 0.4\nspun-threshold = 0.6\nsuggest-threshold = 0.3\n'
                 'maps = "news,science"\n'
                 'extra-maps = ["m.tsv"]\nbuiltin-maps = false\nallow = ["a b"]\nextend-ignore-re = ["x+"]\n'
                 'unsafe = true\nfuzzy = false\ninclude = ["*.txt"]\nexclude = ["build"]\n'
                 'respect-gitignore = false\nselect = ["news"]\nignore = ["news/x"]\nextend-select = ["idioms"]\n'
                 'extend-ignore = ["news/y"]\n')
    s = load_file(f)
    assert set(s.values) == set(KEYS)
    cfg = s.to_config()
    assert (cfg.apply_threshold, cfg.guard_threshold, cfg.spun_threshold) == (0.8, 0.4, 0.6)
    assert cfg.suggest_threshold == 0.3
    assert cfg.themes == ("news", "science") and cfg.map_files == (str(tmp_path / "m.tsv"),)
    assert (cfg.builtin_maps, cfg.unsafe, cfg.fuzzy) == (False, True, False)
    assert cfg.allow == ("a b",) and cfg.ignore_re == ("x+",)
    assert cfg.select == ("news", "idioms") and cfg.ignore == ("news/x", "news/y")


def test_config_errors_raise():
    with pytest.raises(SettingsError):
        from textmend.io.settings import parse_settings

        parse_settings({"nope": 1}, "x/textmend.toml")


def test_config_command_shows_effective_settings_and_source(project):
    r = run(["config", str(project / "docs" / "deep")])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == f"# config file: {project / 'pyproject.toml'}"
    assert "builtin-maps = false" in lines
    assert f'extra-maps = ["{project / "maps" / "mini.tsv"}"]' in lines
    assert "apply-threshold = 0.7  # default" in lines and "# maps: not set (every shipped theme)" in lines
    assert len(lines) == 1 + len(KEYS)
    r = run(["config", "--isolated", str(project)])
    assert r.stdout.splitlines()[0] == "# config file: none (defaults)"
    bad = project / "bad.toml"
    bad.write_text("colour = 1\n")
    r = run(["config", "--config", str(bad)])
    assert r.exit_code == ExitCode.ERROR and "unknown key 'colour'" in r.stderr


def test_include_exclude_from_config(project):
    (project / "docs" / "deep" / "skip.txt").write_text(SPUN)
    (project / "docs" / "deep" / "n.md").write_text(SPUN)
    with open(project / "pyproject.toml", "a") as fh:
        fh.write('exclude = ["skip.txt"]\ninclude = ["*.txt"]\n')
    r = run(["check", "--format", "json", str(project / "docs")])
    paths = [json.loads(x)["path"] for x in r.stdout.splitlines()]
    assert paths == [str(project / "docs" / "deep" / "a.txt")]
    # CLI --include overrides the config's
    r = run(["check", "--format", "json", "--include", "*.md", str(project / "docs")])
    assert [json.loads(x)["path"] for x in r.stdout.splitlines()] == [str(project / "docs" / "deep" / "n.md")]


def _readme_config_example() -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split("### Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]


def test_readme_config_example_in_textmend_toml_says_where_the_header_belongs(tmp_path):
    example = _readme_config_example()
    assert example.startswith("[tool.textmend]")
    (tmp_path / "textmend.toml").write_text(example)
    r = run(["config", str(tmp_path)])
    assert r.exit_code == ExitCode.ERROR
    assert (f"error: {tmp_path / 'textmend.toml'}: the [tool.textmend] header belongs in pyproject.toml; in "
            "textmend.toml write the keys at the top level, without a header") in r.stderr
    # as the README says: without the header line it is a valid textmend.toml ...
    (tmp_path / "textmend.toml").write_text(example.split("\n", 1)[1])
    r = run(["config", str(tmp_path)])
    assert r.exit_code == 0 and 'apply-threshold = 0.7\n' in r.stdout and 'maps = ["news", "science"]' in r.stdout
    # ... and with it, a valid pyproject.toml
    (tmp_path / "textmend.toml").unlink()
    (tmp_path / "pyproject.toml").write_text(example)
    r = run(["config", str(tmp_path)])
    assert r.exit_code == 0 and f"# config file: {tmp_path / 'pyproject.toml'}" in r.stdout

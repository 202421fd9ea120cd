"""Every bad input is one clear line naming it, and exit code 2, never a traceback (issue 10, item 7)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from textmend.exitcodes import ExitCode

from .cli_support import FIXTURES, MAP_ARGS, MINI, SPUN, run

EVAL_ARGS = ["--no-builtin-maps", "--map", MINI]


def _one_error_line(stderr: str, *needles: str) -> str:
    """The single ``error:`` line of a run, which must name every needle; no traceback anywhere."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    return errors[0]


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "f.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def test_bad_extend_ignore_re_on_the_command_line(spun):
    r = run(["check", *MAP_ARGS, "--extend-ignore-re", "([", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "--extend-ignore-re", "'(['", "unterminated character set")


def test_regex_that_overflows_is_an_error_too(spun, tmp_path):
    r = run(["check", *MAP_ARGS, "--extend-ignore-re", "a{99999999999}", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "--extend-ignore-re", "too large")
    (tmp_path / "textmend.toml").write_text('extend-ignore-re = ["a{99999999999}"]\n')
    r = run(["check", "--map", MINI, "--no-builtin-maps", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "textmend.toml", "extend-ignore-re")


def test_stdin_closed():
    """``textmend fix - <&-``: Python starts with ``sys.stdin = None``."""
    r = subprocess.run([sys.executable, "-m", "textmend", "fix", *MAP_ARGS, "-"], capture_output=True,
                       stdin=None, preexec_fn=lambda: os.close(0), timeout=120)
    assert r.returncode == ExitCode.ERROR, r.stderr
    _one_error_line(r.stderr.decode(), "standard input", "closed")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", [["fix"], ["fix", "--diff"], ["check"], ["check", "--format", "json"]])
def test_stdout_on_a_full_disk(spun, command):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "textmend", *command, *MAP_ARGS, str(spun)], stdout=full,
                           stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == ExitCode.ERROR
    _one_error_line(r.stderr.decode(), "standard output", "No space left on device")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", [["maps", "list"], ["config"], ["--help"]])
def test_other_commands_on_a_full_disk(command):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "textmend", *command], stdout=full, stderr=subprocess.PIPE,
                           timeout=120)
    assert r.returncode == ExitCode.ERROR, r.stderr
    _one_error_line(r.stderr.decode(), "standard output", "No space left on device")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_output_file_on_a_full_disk(spun):
    r = run(["check", *MAP_ARGS, "--format", "json", "-o", "/dev/full", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "/dev/full", "No space left on device")


def test_stdout_closed(spun):
    """``textmend check f.txt >&-``: Python starts with ``sys.stdout = None``."""
    r = subprocess.run([sys.executable, "-m", "textmend", "check", *MAP_ARGS, str(spun)], capture_output=False,
                       stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=120)
    assert r.returncode == ExitCode.ERROR
    _one_error_line(r.stderr.decode(), "standard output", "closed")


def test_broken_pipe_is_quiet_and_exits_2(spun):
    """The reader is gone before textmend writes (``| true``). (When it goes in the middle of one large
    write, CPython 3.11 reports the partial write as complete, so there is no error to report.)"""
    proc = subprocess.Popen([sys.executable, "-m", "textmend", "fix", *MAP_ARGS, str(spun)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == ExitCode.ERROR
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_config_file_with_non_utf8_bytes(spun, tmp_path):
    (tmp_path / "textmend.toml").write_bytes(b'allow = ["caf\xe9"]\n')
    r = run(["check", "--map", MINI, "--no-builtin-maps", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, str(tmp_path / "textmend.toml"), "UTF-8")
    r = run(["config", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "textmend.toml", "UTF-8")


def test_pyproject_with_non_utf8_bytes(spun, tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.textmend]\nallow = ["caf\xe9"]\n')
    r = run(["check", "--map", MINI, "--no-builtin-maps", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "pyproject.toml", "UTF-8")


@pytest.mark.parametrize("body, needles", [
    (b'{"text": "fine"}\n{bad json\n', ["rows.jsonl:2", "not valid JSON"]),
    (b'{"text": "fine"}\n{"id": 3}\n', ["rows.jsonl:2", "'text'"]),
    (b'[{"text": "an array"}]\n', ["rows.jsonl:1", "JSON object"]),
    (b'{"text": ["not", "a", "string"]}\n', ["rows.jsonl:1", "'text'"]),
    (b'{"left": "a", "garbled": "b", "right": "c", "canonical": "d", "url": "u"}\n{"text": "x"}\n',
     ["rows.jsonl:2", "'left'"]),
    (b'{"text": "a", "id": [1]}\n', ["rows.jsonl:1", "'id'"]),
    (b'{"text": "caf\xe9"}\n', ["rows.jsonl", "UTF-8"]),
])
def test_eval_on_bad_jsonl(tmp_path, body, needles):
    p = tmp_path / "rows.jsonl"
    p.write_bytes(body)
    r = run(["eval", *EVAL_ARGS, str(p)])
    assert r.exit_code == ExitCode.ERROR, r.stdout
    _one_error_line(r.stderr, *needles)


def test_eval_bad_clean_windows_file(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "fine"}\n')
    bad = tmp_path / "clean.jsonl"
    bad.write_text('{"kind": "x"}\n')
    r = run(["eval", *EVAL_ARGS, str(good), "--clean", str(bad)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "clean.jsonl:1", "'text'")


def test_eval_good_jsonl_still_works(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"text": "The crimes in opposition to humanity were named.", "id": 7}\n\n')
    r = run(["eval", *EVAL_ARGS, str(p)])
    assert r.exit_code == 0 and "1 document(s)" in r.stdout


def test_learn_clean_reference_with_bad_jsonl(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The crimes against humanity.\n")
    b.write_text("The crimes in opposition to humanity.\n")
    ref = tmp_path / "ref.jsonl"
    ref.write_text('{"text": 1}\n')
    r = run(["learn", str(a), str(b), "--clean", str(ref)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, "ref.jsonl:1", "'text'")


def test_map_file_with_non_utf8_bytes(spun, tmp_path):
    m = tmp_path / "m.tsv"
    m.write_bytes((FIXTURES / "mini.tsv").read_bytes() + b"caf\xe9\tcoffee\n")
    r = run(["check", "--isolated", "--no-builtin-maps", "--map", str(m), str(spun)])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, str(m))


@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"], ["explain"], ["check", "--format", "sarif"]])
def test_file_name_that_is_not_utf8_on_a_strict_utf8_stdout(tmp_path, command):
    """A UTF-8 locale makes Python's stdout strict: a name with a byte that is not UTF-8 is escaped, not fatal."""
    name = os.fsdecode(b"x\xff.txt")
    (tmp_path / name).write_text(SPUN)
    args = command + (["--map", MINI, "--no-builtin-maps", "--isolated"] if command != ["explain"]
                      else ["--map", MINI, "--no-builtin-maps"])
    r = subprocess.run([sys.executable, "-m", "textmend", *args, name], cwd=tmp_path, capture_output=True,
                       env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"}, timeout=120)
    assert r.returncode == 1, r.stderr
    assert b"Traceback" not in r.stderr
    assert any(form in r.stdout for form in (b"x\\udcff.txt", b"x%FF.txt", b'"a/x\\377.txt"'))


def test_eval_seed_article_that_is_not_utf8(tmp_path):
    (tmp_path / "a.txt").write_bytes("Caf\xe9 international locations.\n".encode("latin-1"))
    (tmp_path / "g.tsv").write_text("left\tgarbled\tright\tcanonical\tlevel\nCaf\tinternational locations\t.\t"
                                    "countries\tmust\n")
    r = run(["eval", *EVAL_ARGS, str(tmp_path / "g.tsv"), "--article", str(tmp_path / "a.txt")])
    assert r.exit_code == ExitCode.ERROR
    _one_error_line(r.stderr, str(tmp_path / "a.txt"), "cannot decode as utf-8")


def test_learn_map_named_after_a_file_name_that_is_not_utf8(tmp_path):
    (tmp_path / "a.txt").write_text("The crimes against humanity.\n")
    (tmp_path / "b\udcff.txt").write_text("The crimes in opposition to humanity.\n")
    out = tmp_path / "m.tsv"
    r = run(["learn", str(tmp_path / "a.txt"), str(tmp_path / "b\udcff.txt"), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "#: provenance = learned: textmend learn from a.txt and b\\udcff.txt" in out.read_text(encoding="utf-8")


def test_map_file_name_that_is_not_utf8(tmp_path, monkeypatch, spun):
    """The index cache key holds the map's path (found by the fuzzer)."""
    monkeypatch.setenv("TEXTMEND_CACHE_DIR", str(tmp_path / "cache"))
    m = tmp_path / "m\udcff.tsv"
    m.write_bytes((FIXTURES / "mini.tsv").read_bytes())
    r = run(["check", "--isolated", "--no-builtin-maps", "--map", str(m), str(spun)])
    assert r.exit_code == 1, r.stderr
    assert r.stdout.count("mini/") == 5


@pytest.mark.parametrize("body", ["tool = 0.5\n", "tool = 0.5\n# tool.textmend\n", "[tool]\ntextmend = 3\n"])
def test_pyproject_whose_tool_is_not_a_table(tmp_path, spun, body):
    """Found by the fuzzer: ``tool`` that is not a table is no [tool.textmend] section (an explicit --config
    with ``textmend = 3`` is an error naming the file)."""
    (tmp_path / "pyproject.toml").write_text(body)
    r = run(["check", "--map", MINI, "--no-builtin-maps", str(spun)])
    assert r.exit_code == 1 and "Traceback" not in r.stderr, r.stderr
    r = run(["check", "--config", str(tmp_path / "pyproject.toml"), "--map", MINI, "--no-builtin-maps", str(spun)])
    assert r.exit_code in (1, 2) and "Traceback" not in r.stderr
    if "textmend = 3" in body:
        _one_error_line(r.stderr, "pyproject.toml", "[tool.textmend] must be a table")

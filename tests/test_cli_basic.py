"""The CLI surface: every flag of check/fix/report, the exit codes, stdin, encodings, summaries."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from textmend.exitcodes import ExitCode

from .cli_support import AMBIGUOUS, CLEAN, MAP_ARGS, MINI, SPUN, SPUN_FIXED, run, run_proc


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "spun.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


@pytest.fixture
def clean(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    return p


def test_exit_codes_are_pinned():
    assert [int(c) for c in ExitCode] == [0, 1, 2]
    assert (ExitCode.OK, ExitCode.FINDINGS, ExitCode.ERROR) == (0, 1, 2)


def test_help_imports_nothing_heavy():
    """--help stays fast by importing no heavy module (the time itself is measured by
    benchmarks/help_time.py, never asserted here)."""
    code = "import sys, textmend.cli; print(sorted(m for m in sys.modules if m.startswith('textmend')))"
    mods = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("engine.pipeline", "engine.index", "knowledge.phrasemap", "cli.batch", "output.formatter",
                  "output.json_lines", "output.sarif", "io.settings", "io.inputs"):
        assert f"textmend.{heavy}'" not in mods, mods
    assert "'textmend.cli.main'" in mods
    r = subprocess.run([sys.executable, "-m", "textmend", "--help"], capture_output=True, text=True, check=True)
    assert "Usage:" in r.stdout


def test_hard_exit_keeps_the_status_sys_exit_would_give():
    from textmend.cli.entry import exit_code

    assert [exit_code(c) for c in (None, 0, 1, 2, 130)] == [0, 0, 1, 2, 130]
    assert exit_code("usage: something") == 1


def test_the_console_script_writes_all_output_before_its_hard_exit(tmp_path):
    """``python -m textmend`` ends in ``os._exit``: buffered output must be flushed first, and the status kept."""
    big = tmp_path / "big.txt"
    big.write_text((SPUN + "\n") * 3000, encoding="utf-8")  # far more output than a pipe buffer holds
    r = run_proc(["fix", *MAP_ARGS, str(big)])
    assert r.returncode == ExitCode.OK
    assert r.stdout.decode("utf-8") == (SPUN_FIXED + "\n") * 3000
    assert r.stderr.decode("utf-8").strip().endswith("15000 edit(s) applied, 0 reported")
    r = run_proc(["check", *MAP_ARGS, "--format", "json", str(big)])
    assert r.returncode == ExitCode.FINDINGS and len(json.loads(r.stdout)["edits"]) == 15000
    r = run_proc(["check", str(tmp_path / "missing.txt")])
    assert r.returncode == ExitCode.ERROR and b"no such file" in r.stderr


def test_version():
    r = run(["--version"])
    assert r.exit_code == 0 and "textmend" in r.stdout


def test_check_reports_and_exits_1(spun, clean):
    r = run(["check", *MAP_ARGS, str(spun), str(clean)])
    assert r.exit_code == ExitCode.FINDINGS
    lines = r.stdout.splitlines()
    assert lines[0] == (f"{spun}:1:9: mini/international-locations 'international locations' -> 'countries' "
                        "[fix 0.95]")
    assert len(lines) == 5 and all(line.startswith(str(spun)) for line in lines)
    assert r.stderr.strip().endswith("2 file(s) scanned, 1 spun, 5 finding(s): 5 fixable, 0 reported")
    assert spun.read_text() == SPUN  # check never writes


def test_check_clean_exits_0(clean):
    r = run(["check", *MAP_ARGS, str(clean)])
    assert r.exit_code == ExitCode.OK and r.stdout == ""


def test_exit_zero(spun):
    assert run(["check", *MAP_ARGS, "--exit-zero", str(spun)]).exit_code == 0
    assert run(["fix", *MAP_ARGS, "--check", "--exit-zero", str(spun)]).exit_code == 0


def test_exit_zero_does_not_hide_errors(tmp_path):
    r = run(["check", *MAP_ARGS, "--exit-zero", str(tmp_path / "missing.txt")])
    assert r.exit_code == ExitCode.ERROR and "missing.txt: no such file or directory" in r.stderr


def test_fix_prints_repaired_text(spun):
    r = run(["fix", *MAP_ARGS, str(spun)])
    assert r.exit_code == 0 and r.stdout == SPUN_FIXED
    assert spun.read_text() == SPUN


def test_fix_write_in_place_keeps_permissions(spun):
    os.chmod(spun, 0o640)
    r = run(["fix", *MAP_ARGS, "-w", str(spun)])
    assert r.exit_code == 0 and r.stdout == ""
    assert spun.read_text() == SPUN_FIXED
    assert os.stat(spun).st_mode & 0o777 == 0o640
    assert "5 edit(s) applied, 0 reported, 1 file(s) written" in r.stderr
    assert not [p for p in spun.parent.iterdir() if p.name.endswith(".textmend")]


def test_fix_diff_is_a_patch_and_exits_1(spun, tmp_path):
    r = run(["fix", *MAP_ARGS, "--diff", "spun.txt"], cwd=tmp_path)
    assert r.exit_code == ExitCode.FINDINGS
    assert r.stdout.startswith("--- a/spun.txt\n+++ b/spun.txt\n")
    assert spun.read_text() == SPUN
    if subprocess.run(["git", "--version"], capture_output=True).returncode == 0:
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        (tmp_path / "p.diff").write_text(r.stdout)
        subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
        assert spun.read_text() == SPUN_FIXED


def test_fix_check_writes_nothing(spun, clean):
    r = run(["fix", *MAP_ARGS, "--check", "-w", str(spun)])
    assert r.exit_code == ExitCode.FINDINGS and spun.read_text() == SPUN and r.stdout == ""
    assert run(["fix", *MAP_ARGS, "--check", str(clean)]).exit_code == ExitCode.OK


def test_fix_several_files_defaults_to_diff(spun, clean):
    r = run(["fix", *MAP_ARGS, str(spun), str(clean)])
    assert r.exit_code == ExitCode.FINDINGS
    assert "+Western countries condemned" in r.stdout and str(clean) not in r.stdout


def test_reported_edits_and_unsafe(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(AMBIGUOUS)
    r = run(["fix", *MAP_ARGS, str(p)])
    assert r.exit_code == ExitCode.FINDINGS
    assert "counterfeit intelligence" in r.stdout
    assert "mini/counterfeit 'counterfeit' -> artificial | fake" in r.stderr
    r = run(["fix", *MAP_ARGS, "--unsafe", str(p)])
    assert r.exit_code == 0 and "artificial intelligence" in r.stdout


def test_assume_spun_and_guard_threshold(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("She mentioned it to him.\n")
    assert run(["fix", *MAP_ARGS, str(p)]).stdout == "She mentioned it to him.\n"
    assert run(["fix", *MAP_ARGS, "--assume-spun", str(p)]).stdout == "She said it to him.\n"
    assert run(["fix", *MAP_ARGS, "--guard-threshold", "0", str(p)]).stdout == "She said it to him.\n"


def test_apply_threshold(spun):
    r = run(["fix", *MAP_ARGS, "--apply-threshold", "0.99", str(spun)])
    assert r.exit_code == ExitCode.FINDINGS and r.stdout == SPUN
    assert "not applied: confidence 0.95 below 0.99" in r.stderr


def test_bad_threshold_is_usage_error(spun):
    assert run(["check", *MAP_ARGS, "--apply-threshold", "2", str(spun)]).exit_code == ExitCode.ERROR


def test_builtin_maps_switch(tmp_path):
    # With the fixture map off and the built-ins off, nothing can match.
    p = tmp_path / "a.txt"
    p.write_text(SPUN)
    r = run(["check", "--isolated", "--no-builtin-maps", str(p)])
    assert r.exit_code == 0 and r.stdout == ""


def test_unknown_theme_is_an_error(spun):
    r = run(["check", "--isolated", "--maps", "no-such-theme-xyz", str(spun)])
    assert r.exit_code == ExitCode.ERROR and "no-such-theme-xyz" in r.stderr


def test_bad_map_file_is_an_error(spun, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("#: id = bad\nno tab here\n")
    r = run(["check", "--isolated", "--no-builtin-maps", "--map", str(bad), str(spun)])
    assert r.exit_code == ExitCode.ERROR and "bad.tsv" in r.stderr


def test_stdin_and_stdin_filename():
    r = run(["fix", *MAP_ARGS, "-"], input=SPUN)
    assert r.exit_code == 0 and r.stdout == SPUN_FIXED
    r = run(["check", *MAP_ARGS, "--stdin-filename", "article.txt", "-"], input=SPUN)
    assert r.stdout.startswith("article.txt:1:9: ")
    r = run(["check", *MAP_ARGS, "--output-format", "json", "--stdin-filename", "a.txt", "-"], input=SPUN)
    assert json.loads(r.stdout)["path"] == "a.txt"
    # -w on stdin still prints (there is no file to write)
    assert run(["fix", *MAP_ARGS, "-w", "-"], input=SPUN).stdout == SPUN_FIXED


def test_encoding_latin1(tmp_path):
    p = tmp_path / "l1.txt"
    data = "Café: western international locations agreed.\n".encode("latin-1")
    p.write_bytes(data)
    r = run(["check", *MAP_ARGS, str(p)])
    assert r.exit_code == ExitCode.ERROR and f"{p}: cannot decode as utf-8 at byte 3" in r.stderr
    r = run(["fix", *MAP_ARGS, "--encoding", "latin-1", "-w", str(p)])
    assert r.exit_code == 0
    assert p.read_bytes() == "Café: western countries agreed.\n".encode("latin-1")


def test_unknown_encoding(spun):
    r = run(["check", *MAP_ARGS, "--encoding", "no-such-codec", str(spun)])
    assert r.exit_code == ExitCode.ERROR and "unknown encoding" in r.stderr


def test_crlf_and_bom_preserved(tmp_path):
    p = tmp_path / "w.txt"
    raw = ("\ufeff" + SPUN.replace("\n", "\r\n") + "Second line.\r\n").encode("utf-8")
    p.write_bytes(raw)
    assert run(["fix", *MAP_ARGS, "-w", str(p)]).exit_code == 0
    assert p.read_bytes() == ("\ufeff" + SPUN_FIXED.replace("\n", "\r\n") + "Second line.\r\n").encode("utf-8")


def test_output_file(spun, tmp_path):
    out = tmp_path / "out.jsonl"
    r = run(["check", *MAP_ARGS, "--format", "json", "-o", str(out), str(spun)])
    assert r.exit_code == ExitCode.FINDINGS and r.stdout == ""
    assert json.loads(out.read_text())["schema"] == 2
    r = run(["check", *MAP_ARGS, "--output-file", str(tmp_path / "o.txt"), str(spun)])
    assert (tmp_path / "o.txt").read_text().count("mini/") == 5


def test_color(spun, monkeypatch):
    assert "\x1b[31m" in run(["check", *MAP_ARGS, "--color", "always", str(spun)]).stdout
    assert "\x1b[" not in run(["check", *MAP_ARGS, "--color", "never", str(spun)]).stdout
    assert "\x1b[" not in run(["check", *MAP_ARGS, str(spun)]).stdout  # auto: not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(["check", *MAP_ARGS, "--color", "auto", str(spun)]).stdout


def test_quiet_and_summary(spun):
    assert run(["check", *MAP_ARGS, "-q", str(spun)]).stderr == ""
    assert "1 file(s) scanned, 1 spun" in run(["check", *MAP_ARGS, str(spun)]).stderr


def test_machine_output_not_mixed_with_human_lines(spun, clean):
    for fmt in ("json", "jsonl", "github", "sarif"):
        r = run(["check", *MAP_ARGS, "--output-format", fmt, str(spun), str(clean)])
        assert "file(s) scanned" not in r.stdout and "file(s) scanned" in r.stderr, fmt


def test_jobs_flag_same_output(tmp_path):
    for i in range(12):
        (tmp_path / f"f{i:02}.txt").write_text(SPUN if i % 3 else CLEAN)
    one = run(["check", *MAP_ARGS, "-j", "1", "--format", "json", str(tmp_path)])
    two = run(["check", *MAP_ARGS, "-j", "2", "--format", "json", str(tmp_path)])
    assert one.stdout == two.stdout and one.stdout.count("\n") == 12


def test_verbose_progress_lines(tmp_path, monkeypatch):
    import textmend.cli.progress as batch

    for i in range(6):
        (tmp_path / f"f{i}.txt").write_text(SPUN)
    monkeypatch.setattr(batch.Progress.__init__, "__defaults__", (0.0,))
    r = run(["check", *MAP_ARGS, "-v", "-j", "1", str(tmp_path)])
    assert "docs/s" in r.stderr
    quiet = run(["check", *MAP_ARGS, "-j", "1", str(tmp_path)]).stderr
    assert "docs/s" not in quiet and "%" not in quiet  # no bar either: stderr is not a terminal


def test_report_command_writes_html_and_no_file(spun, tmp_path):
    out = tmp_path / "r.html"
    r = run(["report", *MAP_ARGS, "-o", str(out), str(spun)])
    assert r.exit_code == ExitCode.FINDINGS and out.read_text().startswith("<!DOCTYPE html>")
    assert spun.read_text() == SPUN


def test_explain(spun):
    r = run(["explain", "--map", MINI, "--no-builtin-maps", "--isolated", str(spun)])
    assert r.exit_code == ExitCode.FINDINGS
    assert "document spin score" in r.stdout and "[applied] 'international locations' -> countries" in r.stdout


def test_maps_commands_run():
    assert run(["maps", "list"]).exit_code == 0
    assert run(["maps", "stats"]).stdout.splitlines()[-1].startswith("total")
    r = run(["maps", "validate", MINI])
    assert r.exit_code in (0, 1) and "problem(s)" in r.stderr


def test_real_process_exit_codes(spun, clean):
    assert run_proc(["check", *MAP_ARGS, str(spun)]).returncode == 1
    assert run_proc(["check", *MAP_ARGS, str(clean)]).returncode == 0
    assert run_proc(["check", *MAP_ARGS, "--bogus-flag", str(clean)]).returncode == 2


def test_progress_bar_only_on_a_terminal(tmp_path):
    """With stderr a terminal a progress bar appears there; stdout (a pipe) stays clean JSON."""
    import pty

    for i in range(8):
        (tmp_path / f"f{i}.txt").write_text(SPUN)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "textmend", "check", *MAP_ARGS, "-j", "1", "--format", "json",
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = proc.communicate(timeout=60)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert proc.returncode == 1
    assert len(out.decode().splitlines()) == 8 and all(line.startswith("{") for line in out.decode().splitlines())
    assert b"textmend" in err and b"100%" in err and b"8 file(s) scanned" in err


def test_fix_write_through_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(SPUN)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run(["fix", *MAP_ARGS, "-w", str(link)]).exit_code == 0
    assert link.is_symlink() and target.read_text() == SPUN_FIXED

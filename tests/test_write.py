"""``fix -w`` loses nothing (issue 10, item 4): a file changed while textmend worked on it is skipped with an
error naming it; owner, group and mode are kept; no temp file is left behind on any error."""
from __future__ import annotations

import os

import pytest

from textmend.engine import pipeline
from textmend.exitcodes import ExitCode
from textmend.io import write
from textmend.io.write import NotWritten, Stamp, write_atomic

from .cli_support import MAP_ARGS, SPUN, SPUN_FIXED, run

APPENDED = "A line an editor appended while textmend was working.\n"


def _temp_files(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".textmend")]


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "f.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def test_line_appended_during_analysis_is_kept(spun, monkeypatch):
    real = pipeline.analyse

    def edit_then_analyse(text, *args, **kwargs):
        if not spun.read_text(encoding="utf-8").endswith(APPENDED):  # another program writes meanwhile
            with open(spun, "a", encoding="utf-8") as fh:
                fh.write(APPENDED)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", edit_then_analyse)
    r = run(["fix", *MAP_ARGS, "-w", "-j", "1", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    assert f"error: {spun}: changed since textmend read it; not written" in r.stderr
    assert spun.read_text(encoding="utf-8") == SPUN + APPENDED
    assert "0 edit(s) applied" in r.stderr and "0 file(s) written" in r.stderr
    assert "5 edit(s) not written" in r.stderr and "1 error(s)" in r.stderr
    assert _temp_files(spun.parent) == []


def test_other_files_of_the_run_are_still_written(tmp_path, monkeypatch):
    files = [tmp_path / f"{n}.txt" for n in "abcd"]
    for p in files:
        p.write_text(SPUN)
    real = pipeline.analyse

    def edit_b(text, *args, **kwargs):
        if not files[1].read_text().endswith(APPENDED):
            with open(files[1], "a") as fh:
                fh.write(APPENDED)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", edit_b)
    r = run(["fix", *MAP_ARGS, "-w", "-j", "1", *map(str, files)])
    assert r.exit_code == ExitCode.ERROR
    assert [p.read_text() for p in files] == [SPUN_FIXED, SPUN + APPENDED, SPUN_FIXED, SPUN_FIXED]
    assert "15 edit(s) applied" in r.stderr and "3 file(s) written" in r.stderr


def test_changed_content_with_same_size_and_mtime_is_caught_by_the_hash(spun):
    st = os.stat(spun)
    stamp = Stamp.of(str(spun))
    spun.write_text(SPUN.replace("Western", "Eastern"))  # same size
    os.utime(spun, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime
    assert Stamp.of(str(spun)) == stamp
    with pytest.raises(NotWritten, match="changed since textmend read it"):
        write_atomic(str(spun), SPUN_FIXED, original=SPUN, stamp=stamp)
    assert spun.read_text() == SPUN.replace("Western", "Eastern")


def test_touched_file_is_not_written(spun):
    stamp = Stamp.of(str(spun))
    st = os.stat(spun)
    os.utime(spun, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # same bytes, saved again
    with pytest.raises(NotWritten):
        write_atomic(str(spun), SPUN_FIXED, original=SPUN, stamp=stamp)
    assert spun.read_text() == SPUN


def test_change_while_the_temp_file_is_written(spun, monkeypatch):
    """The last check, just before the rename: the file changed after it was verified."""
    real_fsync = os.fsync

    def fsync_then_edit(fd):
        real_fsync(fd)
        with open(spun, "a") as fh:
            fh.write(APPENDED)

    monkeypatch.setattr(write.os, "fsync", fsync_then_edit)
    with pytest.raises(NotWritten):
        write_atomic(str(spun), SPUN_FIXED, original=SPUN, stamp=Stamp.of(str(spun)))
    monkeypatch.undo()
    assert spun.read_text() == SPUN + APPENDED and _temp_files(spun.parent) == []


def test_unchanged_file_is_written(spun):
    write_atomic(str(spun), SPUN_FIXED, original=SPUN, stamp=Stamp.of(str(spun)))
    assert spun.read_text() == SPUN_FIXED


def test_no_temp_file_when_the_rename_fails(spun, monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", fail)
    r = run(["fix", *MAP_ARGS, "-w", str(spun)])
    assert r.exit_code == ExitCode.ERROR
    assert f"error: {spun}: cannot write: No space left on device" in r.stderr
    assert "0 file(s) written" in r.stderr and "5 edit(s) not written" in r.stderr
    assert spun.read_text() == SPUN and _temp_files(spun.parent) == []


def test_repair_the_encoding_cannot_hold_is_not_written(tmp_path):
    m = tmp_path / "euro.tsv"
    m.write_text("#: id = euro\n#: title = t\n#: theme = t\n#: provenance = test\n"
                 "euro symbolic representation\t€ sign\n", encoding="utf-8")
    p = tmp_path / "l1.txt"
    p.write_bytes("Prix en euro symbolic representation, café.\n".encode("latin-1"))
    r = run(["fix", "--isolated", "--no-builtin-maps", "--map", str(m), "--encoding", "latin-1", "-w", str(p)])
    assert r.exit_code == ExitCode.ERROR
    assert f"error: {p}: the repair holds '€', which iso8859-1 cannot encode; not written" in r.stderr
    assert p.read_bytes() == "Prix en euro symbolic representation, café.\n".encode("latin-1")
    assert _temp_files(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_owner_group_and_mode_kept_when_root(spun):
    os.chown(spun, 4321, 8765)
    os.chmod(spun, 0o640)
    r = run(["fix", *MAP_ARGS, "-w", str(spun)])
    assert r.exit_code == 0, r.stderr
    st = os.stat(spun)
    assert spun.read_text() == SPUN_FIXED
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (4321, 8765, 0o640)


def test_mode_with_setgid_bit_kept(spun):
    os.chmod(spun, 0o2750)
    assert run(["fix", *MAP_ARGS, "-w", str(spun)]).exit_code == 0
    assert os.stat(spun).st_mode & 0o7777 == 0o2750 and spun.read_text() == SPUN_FIXED


def _make_read_only(folder) -> tuple[bool, object]:
    """Make ``folder`` refuse new entries: chmod for a user, the immutable attribute for root (whom
    permission bits do not stop). (done, undo)."""
    import shutil
    import subprocess

    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return True, lambda: os.chmod(folder, 0o755)
    if shutil.which("chattr") is None:
        return False, lambda: None
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    return done, lambda: subprocess.run(["chattr", "-i", str(folder)], capture_output=True)


def test_fix_write_in_a_read_only_folder_counts_nothing_as_written(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    files = [folder / "a.txt", folder / "b.txt"]
    for p in files:
        p.write_text(SPUN)
    done, undo = _make_read_only(folder)
    if not done:
        pytest.skip("cannot make a folder read-only here (root without chattr)")
    try:
        r = run(["fix", *MAP_ARGS, "-w", str(folder)])
    finally:
        undo()
    assert r.exit_code == ExitCode.ERROR
    for p in files:
        assert f"error: {p}: cannot write: " in r.stderr and p.read_text() == SPUN
    assert "0 edit(s) applied, 0 reported, 0 file(s) written, 10 edit(s) not written, 2 error(s)" in r.stderr
    assert _temp_files(folder) == []


def test_a_codec_raising_plain_unicode_error_is_an_error_not_a_traceback(tmp_path):
    """idna raises plain UnicodeError (no error handlers, labels of at most 63 characters): found by the
    fuzz campaign (``fix --encoding idna -w``); the file is left alone with a one-line error."""
    p = tmp_path / "s.txt"
    p.write_text(SPUN, encoding="utf-8")
    r = run(["fix", *MAP_ARGS, "--encoding", "idna", "-w", str(p)])
    assert r.exit_code == ExitCode.ERROR and "Traceback" not in r.output
    assert f"error: {p}: its bytes do not survive decoding and encoding as idna; not written" in r.stderr
    assert p.read_text(encoding="utf-8") == SPUN and _temp_files(tmp_path) == []

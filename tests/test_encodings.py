"""Encodings (issue 10, item 6): UTF-16/32 with a byte-order mark are detected, ``--encoding`` reads them
without one, and ``fix -w`` writes each file back in its own codec with its own mark and byte order."""
from __future__ import annotations

import codecs
import json

import pytest

from textmend.exitcodes import ExitCode
from textmend.io.codec import resolve

from .cli_support import MAP_ARGS, SPUN, SPUN_FIXED, run

TEXT = SPUN.replace("\n", "\r\n") + "Second line, café.\r\n"
FIXED = SPUN_FIXED.replace("\n", "\r\n") + "Second line, café.\r\n"
MARKED = [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
          ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-8", codecs.BOM_UTF8)]


@pytest.mark.parametrize("codec, bom", MARKED, ids=[c for c, _ in MARKED])
def test_byte_order_mark_detected_and_kept(tmp_path, codec, bom):
    p = tmp_path / "f.txt"
    p.write_bytes(bom + TEXT.encode(codec))
    r = run(["check", *MAP_ARGS, "--format", "json", str(p)])
    assert r.exit_code == ExitCode.FINDINGS, r.stderr
    edits = json.loads(r.stdout)["edits"]
    assert [e["original"] for e in edits][:2] == ["international locations", "crimes in opposition to humanity"]
    assert edits[0]["start"] == 1 + len("Western ")  # offsets count the mark as U+FEFF, as for UTF-8
    r = run(["fix", *MAP_ARGS, "-w", str(p)])
    assert r.exit_code == 0, r.stderr
    assert p.read_bytes() == bom + FIXED.encode(codec)


@pytest.mark.parametrize("requested, codec", [("utf-16", "utf-16-le"), ("UTF16", "utf-16-le"),
                                              ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32-le"),
                                              ("utf_32_be", "utf-32-be")])
def test_encoding_option_reads_unmarked_wide_text(tmp_path, requested, codec):
    p = tmp_path / "f.txt"
    p.write_bytes(TEXT.encode(codec))
    r = run(["check", *MAP_ARGS, str(p)])
    assert r.exit_code == ExitCode.ERROR and "binary file (NUL bytes)" in r.stderr
    r = run(["fix", *MAP_ARGS, "--encoding", requested, "-w", str(p)])
    assert r.exit_code == 0, r.stderr
    assert p.read_bytes() == FIXED.encode(codec)  # no mark added


def test_marked_file_with_encoding_option_of_its_family(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    assert run(["fix", *MAP_ARGS, "--encoding", "utf-16", "-w", str(p)]).exit_code == 0
    assert p.read_bytes() == codecs.BOM_UTF16_BE + FIXED.encode("utf-16-be")


def test_unmarked_utf16_gets_a_hint(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(TEXT.encode("utf-16-le"))
    r = run(["check", *MAP_ARGS, str(p)])
    assert f"{p}: binary file (NUL bytes), skipped (UTF-16 without a byte-order mark? " \
           "try --encoding utf-16-le)" in r.stderr
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02binary\x00\xff")
    r = run(["check", *MAP_ARGS, str(tmp_path / "b.bin")])
    assert "binary file (NUL bytes), skipped\n" in r.stderr


def test_latin1_error_suggests_the_option(tmp_path):
    p = tmp_path / "l1.txt"
    p.write_bytes("Café.\n".encode("latin-1"))
    r = run(["check", *MAP_ARGS, str(p)])
    assert r.exit_code == ExitCode.ERROR
    assert (f"error: {p}: cannot decode as utf-8 at byte 3: invalid continuation byte; if it is Latin-1 or "
            "Windows-1252, use --encoding latin-1 or --encoding cp1252") in r.stderr


def test_utf16_on_standard_input():
    data = codecs.BOM_UTF16_LE + SPUN.encode("utf-16-le")
    r = run(["fix", *MAP_ARGS, "-"], input=data)
    assert r.exit_code == 0 and r.stdout == "\ufeff" + SPUN_FIXED


@pytest.mark.parametrize("name", ["rot13", "base64", "no-such-codec"])
def test_non_text_codecs_are_unknown(tmp_path, name):
    p = tmp_path / "f.txt"
    p.write_text(SPUN)
    r = run(["check", *MAP_ARGS, "--encoding", name, str(p)])
    assert r.exit_code == ExitCode.ERROR and f"unknown encoding '{name}'" in r.stderr


def test_resolve():
    assert resolve(codecs.BOM_UTF32_LE + "x".encode("utf-32-le")) == "utf-32-le"  # not UTF-16-LE
    assert resolve(codecs.BOM_UTF16_LE + b"x\x00") == "utf-16-le"
    assert resolve(codecs.BOM_UTF8 + b"x") == "utf-8"
    assert resolve(b"x", "utf-8-sig") == "utf-8"  # the mark stays in the text: no mark added on write
    assert resolve(codecs.BOM_UTF16_LE + b"x\x00", "latin-1") == "iso8859-1"  # an explicit codec wins
    assert resolve(codecs.BOM_UTF32_LE + b"x\x00\x00\x00", "utf-16") == "utf-16-le"

"""``textmend dataset``: JSONL, CSV and Parquet in and out, bad rows reported by number and passed through."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from textmend import Config, repair

from .cli_support import CLEAN, MINI, SPUN, run

CFG = Config(map_files=(MINI,), builtin_maps=False)
DS_ARGS = ["--map", MINI, "--no-builtin-maps"]
GOOD = [SPUN, CLEAN, SPUN + CLEAN, "", CLEAN * 3]


def _expected(text: str) -> dict:
    r = repair(text, CFG)
    return {"textmend_score": round(r.score, 3), "textmend_spun": r.spun, "textmend_text": r.text,
            "textmend_edits": json.dumps([e.to_json(1) for e in r.edits], ensure_ascii=False)}


def _jsonl_input(path: Path) -> list[bytes]:
    lines = [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(GOOD * 8)]
    lines[3] = b'{"id": 3, "text": null}'
    lines[5] = b'{"id": 5, "text": 17}'
    lines[7] = b"this is not json"
    lines[9] = b'{"id": 9, "text": "bad \xff byte"}'
    lines[11] = b'["a", "list"]'
    lines[13] = b'{"id": 13, "body": "no text field"}'
    path.write_bytes(b"\n".join(lines) + b"\n")
    return lines


BAD = {4: "'text' is null", 6: "'text' is not a string (int)", 8: "not valid JSON", 10: "not valid UTF-8",
       12: "not a JSON object", 14: "no 'text' field"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_round_trip_with_bad_rows(tmp_path: Path, jobs: str):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = _jsonl_input(src)
    r = run(["dataset", str(src), "-o", str(dst), "-j", jobs, *DS_ARGS])
    assert r.exit_code == 0, r.stderr
    for number, reason in BAD.items():
        assert f"line {number}: {reason}, passed through unchanged" in r.stderr
    out = dst.read_bytes().split(b"\n")[:-1]
    assert len(out) == len(lines)
    for k, (raw, got) in enumerate(zip(lines, out)):
        if k + 1 in BAD and not raw.startswith(b"{"):
            assert got == raw  # not an object: byte for byte
            continue
        if k + 1 == 10:
            assert got == raw
            continue
        obj, back = json.loads(raw), json.loads(got)
        added = {key: back.pop(key) for key in list(back) if key.startswith("textmend_")}
        assert back == obj
        if k + 1 in BAD:
            assert set(added.values()) == {None}
        else:
            assert added == _expected(obj["text"])
    assert f"{len(lines)} row(s)" in r.stderr and f"{len(BAD)} passed through unchanged" in r.stderr


def test_filter_keeps_one_kind_and_bad_rows(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    lines = _jsonl_input(src)
    kept = {}
    for kind in ("spun", "clean"):
        dst = tmp_path / f"{kind}.jsonl"
        r = run(["dataset", str(src), "-o", str(dst), "--filter", kind, "-j", "1", *DS_ARGS])
        assert r.exit_code == 0 and f"filtered out (--filter {kind})" in r.stderr
        rows = [json.loads(x) if x.startswith(b"{") and b"\xff" not in x else x
                for x in dst.read_bytes().split(b"\n")[:-1]]
        good = [x for x in rows if isinstance(x, dict) and x.get("textmend_spun") is not None]
        assert good and all(x["textmend_spun"] == (kind == "spun") for x in good)
        assert len(rows) - len(good) == len(BAD)  # bad rows are never dropped
        kept[kind] = len(good)
    assert kept["spun"] + kept["clean"] == len(lines) - len(BAD)


def test_csv_round_trip_and_undecodable_value(tmp_path: Path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, t in enumerate(GOOD):
            w.writerow([i, t])
    with open(src, "ab") as fh:
        fh.write(b'99,"caf\xe9 latin-1"\r\n')
    r = run(["dataset", str(src), "-o", str(dst), *DS_ARGS])
    assert r.exit_code == 0, r.stderr
    assert "row 6: 'text' is not valid UTF-8, passed through unchanged" in r.stderr
    with open(dst, newline="", encoding="utf-8", errors="surrogateescape") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["text"] for row in rows[:5]] == GOOD
    for row, t in zip(rows, GOOD):
        exp = _expected(t)
        assert row["textmend_text"] == exp["textmend_text"] and row["textmend_edits"] == exp["textmend_edits"]
        assert row["textmend_spun"] == ("true" if exp["textmend_spun"] else "false")
    assert b"caf\xe9 latin-1" in dst.read_bytes() and rows[5]["textmend_text"] == ""


def test_parquet_round_trip(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = (GOOD + [None]) * 400  # 2,400 rows: more than one read and write batch
    pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}), tmp_path / "in.parquet")
    r = run(["dataset", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.parquet"), "-j", "2", *DS_ARGS])
    assert r.exit_code == 0, r.stderr
    assert "row 6: 'text' is null" in r.stderr and "row 2400: 'text' is null" in r.stderr
    t = pq.read_table(tmp_path / "out.parquet")
    assert t.column_names == ["id", "text", *("textmend_score textmend_spun textmend_text textmend_edits".split())]
    rows = t.to_pylist()
    assert [row["id"] for row in rows] == list(range(len(texts)))
    cache = {t: _expected(t) for t in GOOD}
    for row in rows:
        if row["text"] is None:
            assert row["textmend_text"] is None and row["textmend_spun"] is None
        else:
            assert {k: row[k] for k in cache[row["text"]]} == cache[row["text"]]


def test_missing_column_and_unknown_format_are_errors(tmp_path: Path):
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,x\n")
    r = run(["dataset", str(src), "-o", str(tmp_path / "o.csv"), *DS_ARGS])
    assert r.exit_code == 2 and "no column 'text'" in r.stderr
    (tmp_path / "in.txt").write_text("x")
    r = run(["dataset", str(tmp_path / "in.txt"), "-o", str(tmp_path / "o.txt"), *DS_ARGS])
    assert r.exit_code == 2 and "unknown dataset format" in r.stderr

"""Datasets in and out: repair a text column of a JSONL, CSV or Parquet file, streaming, on worker processes.

Rows are read and written in batches, so memory stays bounded whatever the file's size; the worker engine
(``workers.imap_ordered``) keeps them in order. Four columns are added: ``textmend_score``, ``textmend_spun``,
``textmend_text`` (repaired) and ``textmend_edits`` (JSON, schema 1 edits). A row whose value is null, not a
string or not decodable is reported by number and passed through unchanged, its added columns null; nothing
is dropped silently (``--filter`` drops rows on purpose, and the summary counts them).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from .config import Config
from .engine.workers import ItemError, imap_pairs

ADDED = ("textmend_score", "textmend_spun", "textmend_text", "textmend_edits")
KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
         ".pq": "parquet"}
BATCH = 1024  # rows per Parquet batch read and written
#: Bad rows listed one by one on stderr; past this, only counted (the summary has the total).
LIST_BAD = 1000


class DatasetError(Exception):
    """The dataset as a whole cannot be processed (unknown format, missing column, missing pyarrow)."""


@dataclass
class Row:
    """One input row: ``data`` (a dict, or the raw line when it is not a JSON object), and its text or why not."""

    number: int
    data: Any
    text: str | None
    problem: str | None = None


@dataclass
class Summary:
    rows: int = 0
    spun: int = 0
    changed: int = 0
    edits: int = 0
    bad: int = 0
    written: int = 0
    filtered: int = 0


def kind_of(path: str, given: str | None = None) -> str:
    if given:
        return given
    ext = os.path.splitext(path)[1].lower()
    if ext not in KINDS:
        raise DatasetError(f"{path}: unknown dataset format {ext or '(no extension)'!r}; use .jsonl, .csv or "
                           ".parquet, or --format")
    return KINDS[ext]


def _text_of(row: Row) -> str | None:
    return row.text


def _analyse(cfg: Config, text: str | None) -> tuple[float, bool, str | None, str, int]:
    """In a worker: (score, spun, repaired text or None if unchanged, edits as JSON, applied edits)."""
    from .engine.pipeline import analyse

    if not isinstance(text, str):
        raise TypeError("not a string")
    res = analyse(text, cfg, repair=True)
    edits = json.dumps([e.to_json(1) for e in res.edits], ensure_ascii=False)
    return (round(res.score, 3), res.spun, res.text if res.text != text else None, edits,
            sum(1 for e in res.edits if e.safe))


def _value_problem(row: dict, column: str) -> tuple[str | None, str | None]:
    if column not in row:
        return None, f"no {column!r} field"
    value = row[column]
    if value is None:
        return None, f"{column!r} is null"
    if not isinstance(value, str):
        return None, f"{column!r} is not a string ({type(value).__name__})"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None, f"{column!r} is not valid UTF-8"
    return value, None


# -- readers: each yields Rows ---------------------------------------------------------------------------------
def read_jsonl(path: str, column: str, progress: Callable[[int], None]) -> Iterator[Row]:
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            progress(len(raw))
            try:
                obj = json.loads(raw)
            except ValueError as exc:  # UnicodeDecodeError is a ValueError too
                reason = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else "not valid JSON"
                if raw.strip():
                    yield Row(number, raw, None, reason)
                else:
                    yield Row(number, raw, None, None)  # a blank line: kept as it is, not a row
                continue
            if not isinstance(obj, dict):
                yield Row(number, raw, None, "not a JSON object")
                continue
            text, problem = _value_problem(obj, column)
            yield Row(number, obj, text, problem)


def read_csv(path: str, column: str, progress: Callable[[int], None]) -> Iterator[Row]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise DatasetError(f"{path}: no column {column!r} (columns: {', '.join(reader.fieldnames or [])})")
        for number, row in enumerate(reader, 1):
            progress(1)
            text, problem = _value_problem(row, column)
            yield Row(number, row, text, problem)


def parquet_file(path: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DatasetError("Parquet needs pyarrow: pip install 'textmend[data]'") from None
    return pq.ParquetFile(path)


def read_parquet(path: str, column: str, progress: Callable[[int], None]) -> Iterator[Row]:
    pf = parquet_file(path)
    if column not in pf.schema_arrow.names:
        raise DatasetError(f"{path}: no column {column!r} (columns: {', '.join(pf.schema_arrow.names)})")
    number = 0
    for batch in pf.iter_batches(batch_size=BATCH):
        progress(batch.num_rows)
        for row in batch.to_pylist():
            number += 1
            text, problem = _value_problem(row, column)
            yield Row(number, row, text, problem)


# -- writers ---------------------------------------------------------------------------------------------------
class JsonlWriter:
    def __init__(self, path: str, source: str) -> None:
        self.fh = open(path, "wb")

    def write(self, row: Row, added: dict | None) -> None:
        if not isinstance(row.data, dict):
            self.fh.write(row.data if row.data.endswith(b"\n") else row.data + b"\n")
            return
        data = dict(row.data)
        data.update(added or dict.fromkeys(ADDED))
        self.fh.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")

    def close(self) -> None:
        self.fh.close()


class CsvWriter:
    def __init__(self, path: str, source: str) -> None:
        with open(source, encoding="utf-8", errors="surrogateescape", newline="") as fh:
            names = next(csv.reader(fh), [])
        self.fh = open(path, "w", encoding="utf-8", errors="surrogateescape", newline="")
        self.writer = csv.DictWriter(self.fh, fieldnames=names + [a for a in ADDED if a not in names])
        self.writer.writeheader()

    def write(self, row: Row, added: dict | None) -> None:
        data = dict(row.data)
        data.pop(None, None)  # cells beyond the header: csv keeps them under None
        if added:
            added = dict(added, textmend_spun="true" if added["textmend_spun"] else "false")
        data.update(added or dict.fromkeys(ADDED, ""))
        self.writer.writerow(data)

    def close(self) -> None:
        self.fh.close()


class ParquetWriter:
    def __init__(self, path: str, source: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = parquet_file(source).schema_arrow
        extra = [pa.field("textmend_score", pa.float64()), pa.field("textmend_spun", pa.bool_()),
                 pa.field("textmend_text", pa.string()), pa.field("textmend_edits", pa.string())]
        for f in extra:
            if f.name in schema.names:
                schema = schema.remove(schema.get_field_index(f.name))
        self.schema = pa.schema(list(schema) + extra, metadata=schema.metadata)
        self.pa = pa
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict] = []

    def write(self, row: Row, added: dict | None) -> None:
        data = dict(row.data)
        data.update(added or dict.fromkeys(ADDED))
        self.rows.append(data)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_batch(self.pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


READERS = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}
WRITERS: dict[str, type[JsonlWriter | CsvWriter | ParquetWriter]] = {
    "jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter}


def process(src: str, dst: str, column: str, cfg: Config, jobs: int | None = None, keep: str | None = None,
            fmt: str | None = None, progress: Callable[[int], None] = lambda n: None,
            report: Callable[[str], None] = lambda msg: None) -> Summary:
    """Repair ``column`` of every row of ``src`` into ``dst`` (same format). ``keep``: ``spun``/``clean``
    keeps only those rows (bad rows are always kept). ``report`` gets one line per bad row."""
    from .engine.pipeline import index_for

    kind = kind_of(src, fmt)
    if kind_of(dst, fmt) != kind:
        raise DatasetError(f"{dst}: the output must have the input's format ({kind})")
    if os.path.exists(dst) and os.path.samefile(src, dst):
        raise DatasetError(f"{dst}: the output must not be the input")
    index_for(cfg).load_all()  # map errors before any row; forked workers inherit the index
    rows = READERS[kind](src, column, progress)
    if kind == "parquet":
        parquet_file(src)  # a missing pyarrow is an error before the output file is created
    s = Summary()
    writer: JsonlWriter | CsvWriter | ParquetWriter | None = None
    # The engine hands each Row back with its result; only the row's text crosses to a worker.
    results = imap_pairs(partial(_analyse, cfg), rows, jobs, send=_text_of)
    try:
        for row, out in results:
            if writer is None:
                writer = WRITERS[kind](dst, src)
            if row.text is None and row.problem is None:  # a blank JSONL line
                writer.write(row, None)
                continue
            s.rows += 1
            if isinstance(out, ItemError) or row.problem is not None:
                s.bad += 1
                line = f"{'line' if kind == 'jsonl' else 'row'} {row.number}: {row.problem or out.message}"
                if s.bad <= LIST_BAD:
                    report(f"{src}: {line}, passed through unchanged")
                writer.write(row, None)
                s.written += 1
                continue
            score, spun, new_text, edits, n_applied = out
            s.spun += spun
            s.edits += n_applied
            s.changed += new_text is not None
            if keep is not None and spun != (keep == "spun"):
                s.filtered += 1
                continue
            writer.write(row, {"textmend_score": score, "textmend_spun": spun,
                               "textmend_text": new_text if new_text is not None else row.text,
                               "textmend_edits": edits})
            s.written += 1
        if writer is None:  # an empty input still gives an (empty) output
            writer = WRITERS[kind](dst, src)
    finally:
        results.close()
        if writer is not None:
            writer.close()
    return s

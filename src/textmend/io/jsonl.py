"""JSON Lines inputs (``eval`` annotations and corpora, ``learn --clean``), checked row by row.

A row is a JSON object. Rows are of one kind, set by the first: spun windows (``left``, ``garbled``,
``right``, ``canonical``, ``url``) or texts (``text``). A line that is not JSON, not an object, or lacks a
field its kind needs is an error naming the file and line, so a broken corpus never ends in a traceback
half-way through an evaluation.
"""
from __future__ import annotations

import json


class DataError(ValueError):
    """A data file that does not hold what its format promises."""


SPUN_FIELDS = ("left", "garbled", "right", "canonical", "url")
TEXT_FIELDS = ("text",)
#: Optional fields, when present, must be strings (``id`` may be a number): they become names and keys.
OPTIONAL = ("kind", "domain", "url", "id")


def _check_row(row: object, where: str, needed: tuple[str, ...]) -> dict:
    if not isinstance(row, dict):
        raise DataError(f"{where}: expected a JSON object, got {type(row).__name__}")
    for name in needed:
        if not isinstance(row.get(name), str):
            raise DataError(f"{where}: row has no {name!r} string" + ("" if name in row else " (missing)"))
    for name in OPTIONAL:
        value = row.get(name)
        if value is not None and not (isinstance(value, str) or (name == "id" and type(value) is int)):
            raise DataError(f"{where}: {name!r} must be a string, got {type(value).__name__}")
    return row


def read_rows(path: str, needed: tuple[str, ...] | None = None) -> list[dict]:
    """The rows of a JSONL file (blank lines skipped). ``needed``: fields every row must hold as strings;
    ``None`` takes them from the first row's kind (spun windows, or texts)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise DataError(f"{path}: {exc.strerror or exc}") from None
    try:
        lines = raw.decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        lineno = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(f"{path}:{lineno}: not UTF-8 (byte {exc.start}: {exc.reason})") from None
    rows: list[dict] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise DataError(f"{where}: not valid JSON ({str(exc).splitlines()[0][:80]})") from None
        if needed is None:
            needed = SPUN_FIELDS if isinstance(row, dict) and "garbled" in row else TEXT_FIELDS
        rows.append(_check_row(row, where, needed))
    return rows

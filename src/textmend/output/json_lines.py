"""``json`` / ``jsonl``: one object per input, one per line, in input order (``docs/output-formats.md``).

Schema 2 by default; ``--schema 1`` gives the previous release's objects for consumers not yet moved.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..engine.result import Result
from ..engine.segment import sentences
from .formatter import Formatter


class JsonLines(Formatter):
    """``json`` and ``jsonl``: one schema-1 object per input, one per line, in input order."""

    def file(self, path: str, text: str, result: Result) -> None:
        for chunk in json_chunks(result, path, self.options.schema):
            self.out.write(chunk)
        self.out.write("\n")


#: ``json.dumps`` of one string with ``ensure_ascii=False`` (the C encoder when there is one).
_json_string = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
#: Sentence objects per written chunk: a big file's line is written in pieces, never held whole.
_CHUNK = 4096


def json_line(result: Result, path: str | None, schema: int = 2) -> str:
    """The JSON line, byte for byte what ``json.dumps(result.to_json(path, schema))`` gives, built fast.

    Workers call this for small inputs, so the work spreads over the cores; the formatter streams
    ``json_chunks`` instead, so a huge file's line is never held in memory whole.
    """
    return "".join(json_chunks(result, path, schema))


def json_chunks(result: Result, path: str | None, schema: int = 2) -> Iterator[str]:
    """The JSON line in pieces of at most ``_CHUNK`` sentences.

    A clean document's line is almost all sentence spans (tens of thousands in a big file): they are written
    as text from the segmenter's offsets, with no ``Sentence`` objects and no dicts; the rest goes through
    ``json.dumps``.
    """
    if "sentences" in result.__dict__:  # already segmented (cached on the Result)
        spans = [(s.start, s.end) for s in result.sentences]
    else:
        spans = sentences(result.original)
    scores = {(s.start, s.end): s.score for s in result.scored_sentences}
    where = "null" if path is None else _json_string(path)
    yield (f'{{"schema": {schema}, "path": {where}, "score": {round(result.score, 3)!r}, '
           f'"spun": {"true" if result.spun else "false"}, "sentences": [')
    for i in range(0, len(spans), _CHUNK):
        block = spans[i:i + _CHUNK]
        if scores:
            parts = [f'{{"start": {a}, "end": {b}, "score": {round(scores.get((a, b), 0.0), 3)!r}}}'
                     for a, b in block]
        else:
            parts = [f'{{"start": {a}, "end": {b}, "score": 0.0}}' for a, b in block]
        yield (", " if i else "") + ", ".join(parts)
    edits = json.dumps([e.to_json(schema) for e in result.edits], ensure_ascii=False) if result.edits else "[]"
    yield f'], "edits": {edits}}}'

"""``textmend dataset``: the command over ``dataset.process``."""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..config import Config
from ..dataset import DatasetError, kind_of, parquet_file, process
from ..exitcodes import ExitCode
from .options import table_fields, with_table_options
from .progress import DatasetProgress


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


@click.command("dataset")
@click.argument("src", metavar="IN", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "dst", required=True, type=click.Path(dir_okay=False), help="Where to write.")
@click.option("--column", default="text", show_default=True, help="The text column to repair.")
@click.option("--filter", "keep", type=click.Choice(["spun", "clean"]), help="Keep only spun (or clean) rows.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]),
              help="Dataset format (default: from the extension: .jsonl/.json/.ndjson, .csv, .parquet).")
@with_table_options("themes", "map_files", "builtin_maps", "assume_spun", "apply_threshold", "select", "ignore")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, help="Worker processes (0: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
def dataset_command(src: str, dst: str, column: str, keep: str | None, fmt: str | None, jobs: int, quiet: bool,
                    **o: Any) -> None:
    """Repair the text column of a JSONL, CSV or Parquet dataset, streaming, into OUT.

    Adds textmend_score, textmend_spun, textmend_text (repaired) and textmend_edits (JSON, schema 1 edits).
    A null, non-string or undecodable value is reported by row and passed through unchanged.
    """
    options = table_fields(o)
    try:
        kind = kind_of(src, fmt)
        total = parquet_file(src).metadata.num_rows if kind == "parquet" else (
            os.path.getsize(src) if kind == "jsonl" else None)
        bar = DatasetProgress(total)
        try:
            s = process(src, dst, column, Config(**options), jobs, keep, fmt, bar.step, _echo_err)
        finally:
            bar.close()
    except (DatasetError, OSError) as exc:
        _echo_err(f"error: {exc}")
        sys.exit(ExitCode.ERROR)
    if not quiet:
        parts = [f"{s.rows} row(s)", f"{s.spun} spun", f"{s.changed} changed ({s.edits} edit(s) applied)"]
        if s.bad:
            parts.append(f"{s.bad} passed through unchanged (bad value)")
        if keep:
            parts.append(f"{s.filtered} filtered out (--filter {keep})")
        parts.append(f"{s.written} written to {dst}")
        _echo_err(", ".join(parts))

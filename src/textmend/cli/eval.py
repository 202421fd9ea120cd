"""``textmend eval``: the command over ``evaluate`` (figures on annotated and clean text)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import click

from ..config import Config
from ..evaluate import UsageProblem, evaluate, load, report
from ..knowledge.phrasemap import MapError
from .options import table_fields, with_table_options


@click.command("eval")
@click.argument("annotation", type=click.Path(exists=True, dir_okay=False))
@click.option("--article", type=click.Path(exists=True, dir_okay=False), help="The spun text a seed TSV annotates.")
@click.option("--clean", type=click.Path(exists=True, dir_okay=False),
              help="Clean windows JSONL: joined to their spun pages by url; every edit in them is false.")
@click.option("--per-window", is_flag=True, help="Spun samples: each window alone instead of one document per page.")
@with_table_options("themes", "map_files", "builtin_maps", "assume_spun", "select", "ignore")
@click.option("--top", default=10, show_default=True, help="How many offending rules to list.")
@click.option("--misses", "show_misses", is_flag=True, help="Also list annotated garbles not restored exactly.")
@click.option("--breakdown", is_flag=True,
              help="Also say where each annotated garble ended: restored, applied with other wording, suggested "
                   "(canonical among the candidates or not), held back by which rule, or not found.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def eval_command(annotation: str, article: str | None, clean: str | None, per_window: bool, top: int,
                 show_misses: bool, breakdown: bool, as_json: bool, **o: Any) -> None:
    """Score textmend on an ANNOTATION (seed TSV, spun-samples JSONL, clean windows or a clean corpus)."""
    cfg = Config(**table_fields(o))
    try:
        docs, title = load(annotation, article, clean, per_window, lambda msg: click.echo(msg, err=True))
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    try:
        t = evaluate(docs, cfg, breakdown)
    except MapError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps({"title": title, **t.to_json()}, ensure_ascii=False))
        return
    click.echo(report(t, title, top))
    if breakdown and t.outcomes:
        click.echo("where the annotated garbles ended:")
        for what, n in Counter(o[3] for o in t.outcomes).most_common():
            click.echo(f"  {n:>5}  {100 * n / len(t.outcomes):5.1f}%  {what}")
    if show_misses:
        for m in t.misses:
            click.echo(f"  miss {m['id']:<10} {m['garbled']!r} -> {m['canonical']!r}"
                       f"{' (detected)' if m['detected'] else ''}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(eval_command())

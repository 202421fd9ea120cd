"""``textmend rule ID``: what a rule restores, why, where it comes from, and examples; ``--list`` lists them."""
from __future__ import annotations

import difflib
import sys

import click

from ..exitcodes import ExitCode
from ..knowledge.rulebook import Rule, RuleBook

#: Kinds as users need them explained.
_KIND = {"fixed": "fixed: a spinner fingerprint, applied wherever its context rule holds",
         "guarded": "guarded: has honest uses, applied only where the text around it shows spin evidence",
         "ambiguous": "ambiguous: several restorations, reported and never applied"}


def describe_rule(rule: Rule) -> list[str]:
    """The lines ``textmend rule ID`` prints."""
    out = [rule.id, f"  restores    {rule.restores}", f"  kind        {_KIND[str(rule.kind)]}",
           f"  confidence  {rule.confidence:.2f}"]
    if rule.when:
        out.append(f"  when        {rule.when}  (its context rule and flags, as the map writes them)")
    if rule.note:
        out.append(f"  why         {rule.note}")
    out.append(f"  map         {rule.map_id}: {rule.map_title}")
    out.append(f"  provenance  {rule.provenance}")
    out += [f"  example     {spun}\n          ->  {fixed}" for spun, fixed in rule.examples]
    out.append(f"  select/ignore it with --select {rule.id} / --ignore {rule.id} (or the map: {rule.map_id})")
    return out


@click.command("rule")
@click.argument("rule_id", required=False, metavar="ID")
@click.option("--list", "list_", is_flag=True, help="List the rules (of the map or rule-id prefix ID, if given).")
@click.option("--map", "extra_maps", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also the rules of this map file. Repeatable.")
@click.option("--builtin-maps/--no-builtin-maps", "builtin", default=True, help="Include the shipped maps.")
def rule_command(rule_id: str | None, list_: bool, extra_maps: tuple[str, ...], builtin: bool) -> None:
    """Explain rule ID (e.g. news/international-locations): what it restores, why, its provenance and examples.

    With --list (or a map id such as `news`), list rules: id, kind and what each restores.
    """
    book = RuleBook(extra_maps, builtin)
    if not list_ and rule_id is not None:
        rule = book.get(rule_id)
        if rule is not None:
            click.echo("\n".join(describe_rule(rule)))
            return
    if rule_id is None and not list_:
        raise click.UsageError("name a rule ID, or --list")
    rules = list(book) if rule_id is None else book.matching(rule_id)
    if not rules:
        close = difflib.get_close_matches(rule_id or "", [r.id for r in book], n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (`textmend rule --list` lists them)"
        click.echo(f"error: no rule or map {rule_id!r}{hint}", err=True)
        sys.exit(ExitCode.ERROR)
    for r in rules:
        click.echo(f"{r.id}\t{r.kind}\t{r.restores}")

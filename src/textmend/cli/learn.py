"""``textmend learn ORIGINAL SPUN``: the command over ``learn`` (writes a reviewable phrase map)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..knowledge.learn import check_clean, learn, read_texts, render


@click.command("learn")
@click.argument("original", type=click.Path(exists=True, dir_okay=False))
@click.argument("spun", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write the map here (default: stdout).")
@click.option("--id", "map_id", default=None, help="Map id (rule prefix). Default: learned-<spun file stem>.")
@click.option("--max-words", default=6, show_default=True, help="Longest swap kept, in words on either side.")
@click.option("--clean", "clean", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Clean reference text (.txt, or .jsonl of {\"text\": ...}): phrases it contains become guarded.")
@click.option("--encoding", default="utf-8", show_default=True)
def learn_command(original: str, spun: str, out: str | None, map_id: str | None, max_words: int,
                  clean: tuple[str, ...], encoding: str) -> None:
    """Learn a phrase map from an ORIGINAL text and its SPUN copy (load it with --map after review)."""
    from ..io.read import read_source
    from ..knowledge.phrasemap import slug

    texts = [read_source(p, encoding).text for p in (original, spun)]  # InputError: exit 2 in cli._Group
    entries, skipped = learn([(texts[0], texts[1])], max_words=max_words)
    if clean:
        check_clean(entries, [t for path in clean for t in read_texts(path, encoding)])
    map_id = map_id or "learned-" + slug(Path(spun).stem)
    text = render(entries, map_id, [Path(original).name, Path(spun).name])
    if out:
        from ..output.streams import OutputError

        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(out, exc) from None
    else:
        click.echo(text, nl=False)
    kinds = Counter(e.kind() for e in entries)
    skip = ", ".join(f"{n} {why}" for why, n in skipped.most_common())
    click.echo(f"{len(entries)} entries ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})"
               + (f"; skipped {skip}" if skip else ""), err=True)


if __name__ == "__main__":  # pragma: no cover
    learn_command()

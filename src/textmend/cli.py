"""The command line: a thin layer over the library. ``textmend fix``, ``check``, ``explain``, ``maps``."""
from __future__ import annotations

import os
import sys
from typing import Iterable

import click

from .exitcodes import ExitCode

FORMATS = ("text", "json")


def _config(maps: str | None, extra: tuple[str, ...], unsafe: bool, assume_spun: bool,
            no_builtin: bool = False):
    from .config import Config

    themes = tuple(t.strip() for t in maps.split(",") if t.strip()) if maps else None
    return Config(themes=themes, maps=tuple(extra), unsafe=unsafe, assume_spun=assume_spun,
                  builtin_maps=not no_builtin)


def _use_color(color: str) -> bool:
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def _shared(f):
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True)),
        click.option("--format", "--output-format", "fmt", type=click.Choice(FORMATS), default="text",
                     show_default=True, help="Output format; json prints one object per input (schema 1)."),
        click.option("--maps", "maps", metavar="THEMES", help="Comma-separated map themes to load (default: all)."),
        click.option("--map", "extra_maps", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Extra map file (our TSV, or a Problematic Paper Screener CSV). Repeatable."),
        click.option("--unsafe", is_flag=True, help="Also apply report-only candidates."),
        click.option("--assume-spun", is_flag=True, help="Treat every input as spun (document score 1)."),
        click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the inputs."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def _run(paths: Iterable[str], cfg, encoding: str, repair: bool):
    """Yield (path, source or None, result or error message) for each input, in order."""
    from .pipeline import analyse
    from .read import InputError, read_source

    for path in paths:
        try:
            src = read_source(path, encoding)
        except InputError as exc:
            yield path, None, str(exc)
            continue
        yield path, src, analyse(src.text, cfg, repair=repair)


def _finish(code: ExitCode, exit_zero: bool, errors: int) -> None:
    if errors:
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.OK if exit_zero else code)


class _Group(click.Group):
    """Turns data and configuration errors into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context):
        from .phrasemap import MapError

        try:
            return super().invoke(ctx)
        except MapError as exc:
            _echo_err(f"error: {exc}")
            sys.exit(ExitCode.ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textmend", prog_name="textmend")
def main() -> None:
    """Find text garbled by synonym-substitution spinning and restore the wording it replaced.

    Exit codes: 0 nothing found, 1 findings or pending changes, 2 usage or I/O error.
    """


@main.command()
@_shared
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the repaired text.")
@click.option("-w", "--write", is_flag=True, help="Rewrite the files in place (atomically).")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when changes are pending.")
def fix(paths, fmt, maps, extra_maps, unsafe, assume_spun, encoding, color, exit_zero, show_diff, write,
        check_only) -> None:
    """Repair spun text: print it, or its diff (--diff), or rewrite files (-w).

    Applies only edits that are certain; the rest are reported on stderr with their candidates.
    """
    from .read import write_atomic
    from .report import to_json_line, unified_diff, word_diff

    cfg = _config(maps, extra_maps, unsafe, assume_spun)
    use_color = _use_color(color)
    if len(paths) > 1 and not (write or check_only or fmt == "json"):
        show_diff = True
    errors = pending = reported = 0
    for path, src, res in _run(paths, cfg, encoding, repair=True):
        if src is None:
            _echo_err(f"error: {res}")
            errors += 1
            continue
        changed = res.text != src.text
        reported += sum(1 for e in res.edits if not e.applied)
        if fmt == "json":
            click.echo(to_json_line(res, path))
            pending += changed and not write
        elif check_only or show_diff:
            if changed:
                pending += 1
                if show_diff:
                    if use_color:
                        click.echo(f"\x1b[1m{path}\x1b[0m")
                        click.echo(word_diff(src.text, res.edits, color=True), nl=False)
                    else:
                        sys.stdout.write(unified_diff(src.text, res.text, path))
                        sys.stdout.flush()
        elif write and path != "-":
            pass
        else:
            sys.stdout.write(res.text)
            sys.stdout.flush()
        if write and changed and not check_only:
            if path == "-":
                if fmt == "json" or show_diff:
                    pass
                else:
                    sys.stdout.write(res.text)
            else:
                try:
                    write_atomic(path, res.text, encoding)
                except OSError as exc:
                    _echo_err(f"error: {path}: cannot write: {exc}")
                    errors += 1
        for e in res.edits:
            if not e.applied:
                line, col = _line_col(src.text, e.start)
                _echo_err(f"{path}:{line}:{col}: {e.rule} '{e.original}' -> "
                          f"{' | '.join(e.candidates)} ({e.confidence:.2f}, not applied: {e.reason})")
    code = ExitCode.FINDINGS if (reported or ((show_diff or check_only) and pending)) else ExitCode.OK
    _finish(code, exit_zero, errors)


@main.command()
@_shared
def check(paths, fmt, maps, extra_maps, unsafe, assume_spun, encoding, color, exit_zero) -> None:
    """Report spun passages and what would restore them; change nothing."""
    from .report import to_json_line

    cfg = _config(maps, extra_maps, unsafe, assume_spun)
    use_color = _use_color(color)
    errors = findings = files = spun = 0
    out = sys.stdout
    for path, src, res in _run(paths, cfg, encoding, repair=False):
        if src is None:
            _echo_err(f"error: {res}")
            errors += 1
            continue
        files += 1
        findings += len(res.edits)
        spun += res.spun
        if fmt == "json":
            out.write(to_json_line(res, path) + "\n")
            continue
        for e in res.edits:
            line, col = _line_col(src.text, e.start)
            kind = "fix" if e.safe else "suggestion"
            orig = click.style(e.original, fg="red") if use_color else e.original
            repl = click.style(" | ".join(e.candidates), fg="green") if use_color else " | ".join(e.candidates)
            out.write(f"{path}:{line}:{col}: {e.rule} '{orig}' -> '{repl}' [{kind} {e.confidence:.2f}]\n")
    out.flush()
    if fmt == "text":
        _echo_err(f"{files} file(s) checked, {spun} spun, {findings} finding(s)" + (f", {errors} error(s)" if errors else ""))
    _finish(ExitCode.FINDINGS if findings else ExitCode.OK, exit_zero, errors)


@main.command()
@click.argument("path", type=click.Path(allow_dash=True))
@click.option("--maps", "maps", metavar="THEMES", help="Comma-separated map themes to load.")
@click.option("--map", "extra_maps", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--assume-spun", is_flag=True)
@click.option("--encoding", default="utf-8", show_default=True)
def explain(path, maps, extra_maps, assume_spun, encoding) -> None:
    """Per sentence: its score, every candidate, and why it was applied, reported or suppressed."""
    from .pipeline import analyse
    from .read import InputError, read_source

    try:
        src = read_source(path, encoding)
    except InputError as exc:
        _echo_err(f"error: {exc}")
        sys.exit(ExitCode.ERROR)
    cfg = _config(maps, extra_maps, False, assume_spun)
    res = analyse(src.text, cfg, repair=True, explain=True)
    click.echo(f"{path}: document spin score {res.score:.2f} ({'spun' if res.spun else 'not spun'})")
    everything = sorted(res.edits + res.suppressed, key=lambda e: e.start)
    for s in res.sentences:
        inside = [e for e in everything if s.start <= e.start < s.end]
        if not inside:
            continue
        line, _ = _line_col(src.text, s.start)
        snippet = " ".join(src.text[s.start : s.end].split())
        click.echo(f"\nline {line}, sentence score {s.score:.2f}: {snippet[:100]}{'...' if len(snippet) > 100 else ''}")
        for e in inside:
            click.echo(f"  [{e.status}] '{e.original}' -> {' | '.join(e.candidates)}  "
                       f"({e.rule}, {e.confidence:.2f}): {e.reason}")
    sys.exit(ExitCode.FINDINGS if res.edits else ExitCode.OK)


@main.group()
def maps() -> None:
    """List, validate and count the phrase maps."""


@maps.command("list")
def maps_list() -> None:
    """Every shipped map with its theme, entry count and provenance."""
    from .phrasemap import builtin_maps

    for m in builtin_maps():
        n = len(m.allow) if m.allow else len(m.entries)
        click.echo(f"{m.id:<14} {m.theme:<10} {n:>6}  {m.title}  [{m.provenance}]")


@maps.command("stats")
def maps_stats() -> None:
    """Counts by map and kind."""
    from collections import Counter

    from .phrasemap import builtin_maps

    total: Counter = Counter()
    for m in builtin_maps():
        c = Counter(e.kind for e in m.entries)
        if m.allow:
            c["allow"] = len(m.allow)
        total.update(c)
        click.echo(f"{m.id:<14} " + " ".join(f"{k}={v}" for k, v in sorted(c.items())))
    click.echo(f"{'total':<14} " + " ".join(f"{k}={v}" for k, v in sorted(total.items())) +
               f" entries={sum(v for k, v in total.items() if k != 'allow')}")


@maps.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def maps_validate(files) -> None:
    """Check the shipped maps (and FILES) against the format rules; exit 1 on problems."""
    from .validate import validate

    problems = validate(extra=tuple(files))
    for p in problems:
        click.echo(p)
    click.echo(f"{len(problems)} problem(s)", err=True)
    sys.exit(ExitCode.FINDINGS if problems else ExitCode.OK)


if __name__ == "__main__":  # pragma: no cover
    main()

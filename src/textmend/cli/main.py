"""The command line: a thin layer over the library. ``check``, ``fix``, ``report``, ``explain``, ``maps``,
``config``.

Heavy modules are imported inside the commands so ``textmend --help`` stays fast. Machine output goes to
stdout (or ``--output-file``) alone; human summaries and problems go to stderr.
"""
from __future__ import annotations

import os
import sys
from typing import Any, ClassVar, NoReturn

import click

from ..config import OPTIONS
from ..exitcodes import ExitCode
from ..output.formats import FORMATS, REGISTRY
from .options import KEYS_EXTEND, config_options, config_values


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def _use_color(color: str, stream: Any) -> bool:
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class _Lines:
    """Line and column of offsets asked in increasing order, counting only the text between them (a large
    file with many findings must not be rescanned from its start for each one)."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def __call__(self, pos: int) -> tuple[int, int]:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line, pos - (self.text.rfind("\n", 0, pos) + 1) + 1


def _line_col(text: str, pos: int) -> tuple[int, int]:
    return _Lines(text)(pos)


def _format_help(default: str) -> str:
    """The formats, the command's own default first."""
    others = [spec.help for k, spec in REGISTRY.items() if k != default and spec.help]
    return f"{default} (default), " + ", ".join(others) + "."


def _shared(default_format: str = "text"):
    """Options common to ``check``, ``fix`` and ``report`` (see docs/output-formats.md and the README)."""
    return lambda f: _with_shared_options(f, default_format)


def _with_shared_options(f: Any, default_format: str) -> Any:
    options: list[Any] = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True)),
        click.option("--output-format", "--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help=_format_help(default_format)),
        click.option("--schema", type=click.IntRange(1, 2), default=2, show_default=True,
                     help="JSON schema of json/jsonl output (1: the previous release's, for a transition)."),
        click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report there instead of stdout."),
        config_options,
        click.option("--stdin-filename", metavar="PATH", help="Name of standard input ('-'), for reports, "
                     "markup (by extension) and config lookup."),
        click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the inputs."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still 2)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=0, help="Worker processes (0: all cores)."),
        click.option("-v", "--verbose", is_flag=True, help="More on stderr: skipped map rows, docs/s."),
        click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


class _Run:
    """One ``check``/``fix``/``report`` invocation: resolve settings, discover inputs, analyse, emit."""

    def __init__(self, command: str, o: dict[str, Any]) -> None:
        from ..io.settings import Resolver

        self.command, self.o = command, o
        self.resolver = Resolver(o["config_file"], o["isolated"])
        self.cli_keys, self.cli_fields = config_values(o)
        self.errors = 0
        self._cfgs: dict[tuple, Any] = {}

    def settings(self, path: str):
        """Config-file settings for ``path`` with the CLI flags on top (flags win; lists given as
        ``--map``/``--allow``/``--extend-ignore-re`` extend the file's). Looked up once per folder."""
        folder = path if path == "-" or os.path.isdir(path) else (os.path.dirname(path) or ".")
        cache = self.__dict__.setdefault("_settings", {})
        if folder not in cache:
            cache[folder] = self._settings_uncached(path)
        return cache[folder]

    def _settings_uncached(self, path: str) -> Any:
        s = self.resolver.for_path(path)
        overrides = dict(self.cli_keys)
        for key, value in self.cli_keys.items():
            if KEYS_EXTEND.get(key):
                overrides[key] = s.get(key, []) + value
        return s.merged(overrides)

    def config_for(self, path: str):
        """The Config for one input; settings are looked up once per folder (a big tree has few)."""
        from ..engine.markup import kind_for_path

        kind = kind_for_path(path)
        folder = os.path.dirname(path) if path != "-" else "-"  # the cwd is fixed for the run
        by_dir = self.__dict__.setdefault("_by_folder", {})
        if (folder, kind) in by_dir:
            return by_dir[(folder, kind)]
        s = self.settings(path)
        key = (s.source, kind)
        if key not in self._cfgs:
            cfg = s.to_config(**self.cli_fields).replace(markup=key[1])
            _check_selectors(cfg, s.source)
            self._cfgs[key] = cfg
        by_dir[(folder, kind)] = self._cfgs[key]
        return self._cfgs[key]

    def patterns_for(self, arg: str):
        from ..config import DEFAULT_INCLUDE
        from ..io.inputs import Patterns

        s = self.settings(arg)
        return Patterns(tuple(s.get("include") or DEFAULT_INCLUDE), tuple(s.get("exclude") or ()),
                        bool(s.get("respect-gitignore", True)))

    def tasks(self, render: str | None = None) -> list:
        from ..io.inputs import discover
        from ..io.read import InputError, read_stdin
        from .batch import Task

        found = discover(self.o["paths"], self.patterns_for)
        for msg in found.errors:
            self.error(msg)
        for msg in found.warnings:
            _echo_err(f"warning: {msg}")
        tasks = []
        for path in found.files:
            if path == "-":
                name = self.o["stdin_filename"] or "-"
                try:
                    data = read_stdin(name)
                except InputError as exc:
                    self.error(str(exc))
                    continue
                tasks.append(Task(name, self.config_for(name), self.o["encoding"], data, render, self.o["schema"]))
            else:
                tasks.append(Task(path, self.config_for(path), self.o["encoding"], None, render, self.o["schema"]))
        return tasks

    def error(self, msg: str) -> None:
        _echo_err(f"error: {msg}")
        self.errors += 1

    def report_skipped_rows(self, tasks: list) -> None:
        """Rows of Problematic Paper Screener exports that could not be imported: a count, listed with -v."""
        from ..knowledge.phrasemap import parse_file

        for path in sorted({p for t in tasks for p in t.cfg.map_files if p.lower().endswith(".csv")}):
            skipped = parse_file(path).skipped
            if not skipped:
                continue
            _echo_err(f"{path}: {len(skipped)} row(s) skipped" + ("" if self.o["verbose"] else " (-v lists them)"))
            if self.o["verbose"]:
                for row in skipped:
                    _echo_err(f"  {path}: skipped {row}")

    def outcomes(self, tasks: list, repair: bool):
        from .batch import run
        from .progress import Progress

        progress = Progress(len(tasks), self.o["verbose"])
        results = run(tasks, repair, self.o["jobs"])
        try:
            for outcome in results:
                progress.step()
                yield outcome
        finally:
            results.close()  # stops the workers now, also on Ctrl-C
            progress.close()


def _check_selectors(cfg: Any, source: str | None) -> None:
    """Every ``select``/``ignore`` selector names a rule or map this configuration loads: a typo must not
    silently select nothing (or ignore nothing)."""
    if not cfg.select and not cfg.ignore:
        return
    from ..config import selects
    from ..io.settings import SettingsError
    from ..knowledge.rulebook import RuleBook

    ids = [r.id for r in RuleBook(cfg.map_files, cfg.builtin_maps)]
    for sel in cfg.select + cfg.ignore:
        if not any(selects(sel, rid) for rid in ids):
            where = f"{source}: " if source else ""
            raise SettingsError(f"{where}unknown rule or map id {sel!r} in select/ignore "
                                "(`textmend rule --list` lists the rules)")


def _open_output(path: str | None):
    """The report stream (guarded: a failed write is one error line) and whether it is a file of ours."""
    from ..output.streams import ERRORS, Guarded, OutputError, stdout

    if not path:
        return stdout(), False
    try:
        return Guarded(open(path, "w", encoding="utf-8", errors=ERRORS, newline=""), path), True
    except OSError as exc:
        raise OutputError(path, exc) from None


def _execute(command: str, o: dict[str, Any], show_diff: bool = False, write: bool = False,
             check_only: bool = False) -> NoReturn:
    from ..engine.workers import deferred_signals
    from ..output.streams import stdout

    r = _Run(command, o)  # configuration errors end the run (exit 2) in _Group.main
    tasks = r.tasks(o["fmt"] if o["fmt"] and REGISTRY[o["fmt"]].rendered_by_worker else None)
    writing = write and not check_only
    # Size and mtime of each file before any worker reads it: -w writes only files that kept them.
    stamps = _stamps(tasks) if writing else {}
    fmt = o["fmt"] or ("html" if command == "report" else "text")
    out, close = _open_output(o["output_file"])
    use_color = _use_color(o["color"], out)
    repair = command != "check"
    machine = fmt != "text"
    if command == "fix" and not (write or check_only or machine) and (
            len(tasks) > 1 or any(os.path.isdir(p) for p in o["paths"])):
        show_diff = True
    formatter = None
    if machine:
        from ..output.formats import make
        from ..output.formatter import FormatOptions

        formatter = make(fmt, out, command, FormatOptions(o["schema"], _rulebook(tasks) if fmt == "sarif" else None))
    diff_out = out if not machine else (stdout() if close else None)
    r.report_skipped_rows(tasks)
    n = _Counts()
    outcomes = r.outcomes(tasks, repair)
    for task, oc in zip(tasks, outcomes):
        if oc.error is not None:
            r.error(oc.error)
            continue
        src, res = oc.text, oc.result
        is_stdin = task.data is not None
        n.files += 1
        n.spun += res.spun
        n_safe = sum(1 for e in res.edits if e.safe)
        n.applied += n_safe
        n.reported += len(res.edits) - n_safe
        if oc.rendered is not None and formatter is not None:
            formatter.line(oc.rendered)
        elif formatter is not None:
            formatter.file(oc.path, src, res)
        if command != "fix":  # check, and report in a format other than html
            if not machine:
                _check_lines(out, oc.path, src, res, use_color)
            continue
        changed = res.text != src
        n.pending += changed and not writing
        if check_only or show_diff:
            if show_diff and changed and diff_out is not None:
                _diff(diff_out, oc.path, src, res, use_color and diff_out.isatty())
        elif command == "fix" and not machine and (not write or is_stdin):
            out.write(res.text)
        if writing and changed and not is_stdin:
            # Ctrl-C waits for the rename: a file is either original or fully fixed, no temp file left.
            with deferred_signals():
                problem = _write(oc.path, src, res.text, o["encoding"], stamps.get(oc.path))
            if problem:
                r.error(problem)
                n.applied -= n_safe
                n.unwritten += n_safe
            else:
                n.written += 1
        where = _Lines(src)
        for e in res.edits:
            if not e.safe:
                line, col = where(e.start)
                _echo_err(f"{oc.path}:{line}:{col}: {e.rule} '{e.original}' -> "
                          f"{' | '.join(e.candidates)} ({e.confidence:.2f}, not applied: {e.reason})")
    outcomes.close()
    if formatter is not None:
        formatter.finish()
    out.flush()
    if close:
        out.close()
    if not o["quiet"]:
        _summary(command, n, r.errors, write, check_only, show_diff)
    if command == "check" or command == "report":
        code = ExitCode.FINDINGS if n.applied + n.reported else ExitCode.OK
    else:
        code = ExitCode.FINDINGS if (n.reported or ((show_diff or check_only) and n.pending)) else ExitCode.OK
    if r.errors:
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.OK if o["exit_zero"] else code)


def _rulebook(tasks: list[Any]) -> Any:
    """The rules the run's configurations load (for rule descriptions in reports)."""
    from ..knowledge.rulebook import RuleBook

    return RuleBook(sorted({p for t in tasks for p in t.cfg.map_files}),
                    any(t.cfg.builtin_maps for t in tasks) or not tasks)


def _check_lines(out, path: str, src: str, res, use_color: bool) -> None:
    where = _Lines(src)
    for e in res.edits:
        line, col = where(e.start)
        kind = "fix" if e.safe else "suggestion"
        orig = click.style(e.original, fg="red") if use_color else e.original
        cands = " | ".join(e.candidates)
        repl = click.style(cands, fg="green") if use_color else cands
        out.write(f"{path}:{line}:{col}: {e.rule} '{orig}' -> '{repl}' [{kind} {e.confidence:.2f}]\n")


def _diff(out, path: str, src: str, res, color: bool) -> None:
    from ..output.report import unified_diff, word_diff

    if color:
        out.write(f"\x1b[1m{path}\x1b[0m\n" + word_diff(src, res.edits, color=True))
    else:
        out.write(unified_diff(src, res.text, path))


class _Counts:
    """What a run did, for the summary line and the exit code (a plain class: ``--help`` stays light).

    ``applied``: safe edits (with -w, only those in files really written); ``pending``: inputs whose repair
    differs and was not written; ``unwritten``: safe edits in files -w could not or would not replace."""

    def __init__(self) -> None:
        self.files = self.spun = self.applied = self.reported = 0
        self.pending = self.written = self.unwritten = 0


def _stamps(tasks: list) -> dict:
    from ..io.write import Stamp

    return {t.path: Stamp.of(os.path.realpath(t.path)) for t in tasks if t.data is None}


def _write(path: str, before: str, after: str, encoding: str, stamp) -> str | None:
    """Replace a file with its repair (through symlinks: the link stays, its target is repaired);
    the error message when it was not written."""
    from ..io.write import NotWritten, write_atomic

    try:
        write_atomic(os.path.realpath(path), after, encoding, original=before, stamp=stamp)
    except NotWritten as exc:
        return f"{path}: {exc}"
    except OSError as exc:
        return f"{path}: cannot write: {exc.strerror or exc}"
    return None


def _summary(command: str, n: _Counts, errors: int, write: bool, check_only: bool, show_diff: bool) -> None:
    parts = [f"{n.files} file(s) scanned", f"{n.spun} spun"]
    if command != "fix":  # check and report change nothing
        parts.append(f"{n.applied + n.reported} finding(s): {n.applied} fixable, {n.reported} reported")
    else:
        verb = "pending" if (check_only or show_diff) else "applied"
        parts.append(f"{n.applied} edit(s) {verb}, {n.reported} reported")
        if write and not check_only:
            parts.append(f"{n.written} file(s) written")
            if n.unwritten:
                parts.append(f"{n.unwritten} edit(s) not written")
    if errors:
        parts.append(f"{errors} error(s)")
    _echo_err(", ".join(parts))


class _Group(click.Group):
    """Turns data and configuration errors into a one-line message and exit code 2."""

    #: Commands living in their own modules, imported only when used (keeps --help fast).
    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "learn": ("learn", "learn_command"), "eval": ("eval", "eval_command"),
        "dataset": ("dataset", "dataset_command"), "rule": ("rule", "rule_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str):
        if name in self.lazy:
            import importlib

            module, attr = self.lazy[name]
            return getattr(importlib.import_module(f".{module}", __package__), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        from ..engine.workers import exit_status, terminate_like_interrupt
        from ..output.streams import STDOUT, WRITE_ERRNOS, OutputError, flush_stdout

        terminate_like_interrupt()
        try:
            try:
                return super().invoke(ctx)
            finally:  # also on sys.exit: output that cannot be written is an error, not an exit-time traceback
                flush_stdout()
        except KeyboardInterrupt as exc:  # Ctrl-C or TERM: workers are already stopped, files intact
            _echo_err("textmend: interrupted")
            sys.exit(exit_status(exc))
        except OSError as exc:  # click.echo onto a failing stdout (input errors never get here as OSError)
            if exc.errno in WRITE_ERRNOS:
                raise OutputError(STDOUT, exc) from None
            raise

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from ..output.streams import escape_unencodable, flush_stdout

        escape_unencodable(sys.stdout)
        try:
            try:
                return super().main(*args, **kwargs)
            finally:  # --help and usage errors print outside invoke()
                flush_stdout()
        except Exception as exc:
            _exit_on_known_error(exc)
            raise


def _exit_on_known_error(exc: Exception) -> None:
    """Data, configuration, input and output errors: one line on stderr and exit code 2."""
    from ..io.jsonl import DataError
    from ..io.read import InputError
    from ..io.settings import SettingsError
    from ..knowledge.phrasemap import MapError
    from ..output.streams import STDOUT, WRITE_ERRNOS, OutputError, silence_stdout

    if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:  # click.echo of --help onto a failing stdout
        exc = OutputError(STDOUT, exc)
    if isinstance(exc, OutputError):
        silence_stdout()
        if not exc.quiet:
            _echo_err(f"error: {exc}")
        sys.exit(ExitCode.ERROR)
    if isinstance(exc, (MapError, SettingsError, DataError, InputError)):
        _echo_err(f"error: {exc}")
        sys.exit(ExitCode.ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textmend", prog_name="textmend")
def main() -> None:
    """Find text garbled by synonym-substitution spinning and restore the wording it replaced.

    Exit codes: 0 nothing found, 1 findings or pending changes, 2 usage, configuration or I/O error.
    """


@main.command()
@_shared()
def check(**o: Any) -> None:
    """Report spun passages and what would restore them; change nothing."""
    _execute("check", o)


@main.command()
@_shared()
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the repaired text.")
@click.option("-w", "--write", is_flag=True,
              help="Rewrite the files in place (atomically; mode, owner and group kept; a file changed since it "
                   "was read is left alone, with an error).")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when changes are pending.")
def fix(show_diff: bool, write: bool, check_only: bool, **o: Any) -> None:
    """Repair spun text: print it, or its diff (--diff), or rewrite files (-w).

    Applies only edits that are certain; the rest are reported on stderr with their candidates.
    """
    _execute("fix", o, show_diff=show_diff, write=write, check_only=check_only)


@main.command()
@_shared("html")
def report(**o: Any) -> None:
    """Write a self-contained HTML page (default format html) with every edit marked; change no file."""
    _execute("report", o)


@main.command()
@click.argument("path", type=click.Path(allow_dash=True))
@config_options
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input.")
def explain(path: str, encoding: str, **o: Any) -> None:
    """Per sentence: its score, every candidate, and why it was applied, reported or suppressed."""
    from ..engine.pipeline import analyse
    from ..io.read import InputError, read_source

    try:
        src = read_source(path, encoding)
    except InputError as exc:
        _echo_err(f"error: {exc}")
        sys.exit(ExitCode.ERROR)
    cfg = _Run("explain", o).config_for(path)
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


@main.command("config")
@click.argument("path", default=".", type=click.Path())
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--isolated", is_flag=True)
def config_cmd(path: str, config_file: str | None, isolated: bool) -> None:
    """Show the effective settings for PATH (default: here) and the config file they came from."""
    import json

    from ..io.settings import Resolver

    s = Resolver(config_file, isolated).for_path(path)
    click.echo(f"# config file: {s.source}" if s.source else "# config file: none (defaults)")
    for opt in OPTIONS:
        if opt.key is None:
            continue
        if opt.key in s.values:
            click.echo(f"{opt.key} = {json.dumps(s.values[opt.key])}")
        elif opt.default is None:
            click.echo(f"# {opt.key}: not set ({opt.unset})")
        else:
            value = list(opt.default) if isinstance(opt.default, tuple) else opt.default
            click.echo(f"{opt.key} = {json.dumps(value)}  # default")


@main.group()
def maps() -> None:
    """List, validate and count the phrase maps."""


@maps.command("list")
def maps_list() -> None:
    """Every shipped map with its theme, entry count and provenance."""
    from ..knowledge.phrasemap import builtin_maps

    for m in builtin_maps():
        n = len(m.allow) if m.allow else len(m.entries)
        click.echo(f"{m.id:<14} {m.theme:<10} {n:>6}  {m.title}  [{m.provenance}]")


@maps.command("stats")
def maps_stats() -> None:
    """Counts by map and kind."""
    from collections import Counter

    from ..knowledge.phrasemap import builtin_maps

    total: Counter = Counter()
    for m in builtin_maps():
        c: Counter[str] = Counter(str(e.kind) for e in m.entries)
        if m.allow:
            c["allow"] = len(m.allow)
        total.update(c)
        click.echo(f"{m.id:<14} " + " ".join(f"{k}={v}" for k, v in sorted(c.items())))
    click.echo(f"{'total':<14} " + " ".join(f"{k}={v}" for k, v in sorted(total.items())) +
               f" entries={sum(v for k, v in total.items() if k != 'allow')}")


@maps.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def maps_validate(files) -> None:
    """Check the shipped maps (and your map FILES against them); exit 1 on problems, not on warnings."""
    from ..knowledge.validate import check

    v = check(extra=tuple(files))
    for p in v.problems:
        click.echo(p)
    for w in v.warnings:
        click.echo(f"warning: {w}")
    click.echo(f"{len(v.problems)} problem(s), {len(v.warnings)} warning(s)", err=True)
    sys.exit(ExitCode.FINDINGS if v.problems else ExitCode.OK)


if __name__ == "__main__":  # pragma: no cover
    main()

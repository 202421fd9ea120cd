"""The configuration every stage reads, and the one table of options it is built from.

Each option is declared once, in ``Config`` (a field with ``option(...)``: its default, config-file key, CLI
flag, kind and help) or, for settings of the command line and config files that no stage reads (which files
to pick up, ``extend-select``), in ``RUN_SETTINGS``. ``OPTIONS`` lists them all; ``Config.__post_init__``
checks values by their kind, ``settings`` reads and checks config files by it, the CLI builds its flags from
it, and ``textmend config`` prints it. Adding an option is a line here plus the code that uses it.
"""
from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field, fields, replace
from enum import Enum
from typing import Any

#: Files picked up in directories unless ``include`` says otherwise.
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.html", "*.htm", "*.rst")
MARKUPS = ("text", "markdown", "html")


class Kind(Enum):
    """What values an option takes: its check, and how the CLI reads it."""

    UNIT = "a number between 0 and 1"
    PERCENT = "a number between 0 and 100"
    FLAG = "true or false"
    WORDS = "a list of strings"
    PATTERNS = "a list of regular expressions"
    PATHS = "a list of file paths"
    MARKUP = "one of " + ", ".join(MARKUPS)
    PATH = "a file path"


@dataclass(frozen=True)
class Option:
    """One option: where it lives (a ``Config`` field and/or a config-file key and a CLI flag) and its kind."""

    name: str
    kind: Kind
    default: Any
    help: str
    #: Config-file key (``None``: not settable in config files).
    key: str | None = None
    #: CLI flag: ``--apply-threshold``; ``--builtin-maps/--no-builtin-maps``; a ``--no-...`` flag turns a
    #: setting off. ``None``: no flag.
    flag: str | None = None
    #: List flags: given as ``a,b`` (``comma``) or repeated (``repeat``); whether the flag's list replaces the
    #: config file's or extends it.
    style: str = "comma"
    extends_file: bool = False
    metavar: str | None = None
    #: ``None`` is a value of its own (``themes``: every shipped theme), said so by ``textmend config``.
    unset: str = ""
    #: A run setting that extends a ``Config`` list field (``extend-select`` -> ``select``).
    extends: str | None = None
    #: Part of ``Config`` (set by the table builder).
    in_config: bool = False


def option(default: Any, kind: Kind, help: str, **where: Any) -> Any:
    """A ``Config`` field declared with its option (see ``Option``)."""
    return field(default=default, metadata={"option": Option("", kind, default, help, **where)})


@dataclass(frozen=True)
class Config:
    """The immutable configuration every stage reads; every field is an option of ``OPTIONS``."""

    apply_threshold: float = option(0.7, Kind.UNIT, "Confidence from which edits apply.",
                                    key="apply-threshold", flag="--apply-threshold")
    guard_threshold: float = option(0.5, Kind.UNIT, "Document score that guarded entries need (unless they "
                                    "say doc>=X themselves).", key="guard-threshold", flag="--guard-threshold")
    suggest_threshold: float = option(0.4, Kind.UNIT, "Local spin score from which an entry that needs "
                                      "evidence is shown as a suggestion in a spun document, short of the guard "
                                      "threshold; never applied.", key="suggest-threshold")
    spun_threshold: float = option(0.5, Kind.UNIT, "Document spin score from which a document is called spun.",
                                   key="spun-threshold")
    themes: tuple[str, ...] | None = option(None, Kind.WORDS, "Map themes (or map ids) to load.", key="maps",
                                            flag="--maps", metavar="THEMES", unset="every shipped theme")
    map_files: tuple[str, ...] = option((), Kind.PATHS, "Extra map files: our TSV, or a Problematic Paper "
                                        "Screener CSV export.", key="extra-maps", flag="--map", style="repeat",
                                        extends_file=True, metavar="FILE")
    builtin_maps: bool = option(True, Kind.FLAG, "Load the maps shipped with textmend.", key="builtin-maps",
                                flag="--builtin-maps/--no-builtin-maps")
    evidence_file: str | None = option(None, Kind.PATH, "Evidence table (phrase<TAB>weight) the spin score "
                                       "reads: none given, the shipped one; an empty string, none.",
                                       unset="the shipped table")
    allow: tuple[str, ...] = option((), Kind.WORDS, "Never edit inside this phrase.", key="allow",
                                    flag="--allow", style="repeat", extends_file=True, metavar="PHRASE")
    ignore_re: tuple[str, ...] = option((), Kind.PATTERNS, "Never edit inside matches of this regular "
                                        "expression.", key="extend-ignore-re", flag="--extend-ignore-re",
                                        style="repeat", extends_file=True, metavar="REGEX")
    fuzzy: bool = option(True, Kind.FLAG, "Near-miss matching of multiword entries (rapidfuzz), in documents "
                         "with spin evidence.", key="fuzzy")
    fuzzy_report: float = option(88.0, Kind.PERCENT, "rapidfuzz ratio from which a near miss is reported.")
    fuzzy_apply: float = option(97.0, Kind.PERCENT, "rapidfuzz ratio from which a near miss is applied.")
    assume_spun: bool = option(False, Kind.FLAG, "Treat every input as spun (document score 1): for snippets "
                               "known to come from a spinner.", flag="--assume-spun")
    unsafe: bool = option(False, Kind.FLAG, "Also apply report-only candidates (the first candidate).",
                          key="unsafe", flag="--unsafe")
    markup: str = option("text", Kind.MARKUP, "How the text is marked up; markup (code, tags, link targets) is "
                         "protected. The CLI sets it from the file extension.")
    select: tuple[str, ...] = option((), Kind.WORDS, "Run only these rules: rule ids or map ids (`textmend rule "
                                     "--list` lists them); empty: all.", key="select",
                                     flag="--select", metavar="RULES")
    ignore: tuple[str, ...] = option((), Kind.WORDS, "Do not run these rules (rule or map ids; they win over "
                                     "select). An ignored rule finds nothing, so it is not evidence either.",
                                     key="ignore", flag="--ignore", metavar="RULES")
    #: Deprecated name of ``map_files`` (it meant map files here, themes in the CLI and config files).
    maps: InitVar[tuple[str, ...] | None] = None

    def __post_init__(self, maps: tuple[str, ...] | None) -> None:
        if maps is not None and not isinstance(maps, _MapFilesAlias):
            warnings.warn("Config(maps=...) is deprecated: it names map files, now `map_files` (themes are "
                          "`themes`)", DeprecationWarning, stacklevel=3)
            object.__setattr__(self, "map_files", maps)
        for opt in CONFIG_OPTIONS:
            value = getattr(self, opt.name)
            checked = check_value(opt, value, f"Config.{opt.name}")
            if checked is not value:
                object.__setattr__(self, opt.name, checked)

    def replace(self, **changes: Any) -> Config:
        return replace(self, **changes)

    def runs(self, rule: str) -> bool:
        """Is ``rule`` selected and not ignored?"""
        if self.select and not any(selects(s, rule) for s in self.select):
            return False
        return not any(selects(s, rule) for s in self.ignore)

    @classmethod
    def from_options(cls, config: Config | None = None, **options: Any) -> Config:
        """``config`` (or the defaults) with ``options`` on top; unknown names are a ``TypeError``."""
        base = config or cls()
        if not options:
            return base
        known = {f.name for f in fields(cls)} | {"maps"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"unknown textmend option(s): {', '.join(unknown)}")
        return replace(base, **options)


class _MapFilesAlias(tuple[str, ...]):
    """``Config.maps`` as read: ``map_files``, marked so that ``dataclasses.replace`` (which reads every init
    field, this one too) hands it back without effect or warning."""


def _maps_deprecated(self: Config) -> tuple[str, ...]:
    if sys._getframe(1).f_globals.get("__name__") != "dataclasses":
        warnings.warn("Config.maps is deprecated: use Config.map_files", DeprecationWarning, stacklevel=2)
    return _MapFilesAlias(self.map_files)


Config.maps = property(_maps_deprecated)  # type: ignore[attr-defined]  # the old name, read with a warning


def _table() -> tuple[Option, ...]:
    return tuple(replace(f.metadata["option"], name=f.name, in_config=True) for f in fields(Config))


#: Settings of the command line and config files that no stage reads.
RUN_SETTINGS: tuple[Option, ...] = (
    Option("include", Kind.WORDS, DEFAULT_INCLUDE, "Files to pick up in directories.", key="include",
           flag="--include", style="repeat", metavar="GLOB"),
    Option("exclude", Kind.WORDS, (), "Paths to skip.", key="exclude", flag="--exclude", style="repeat",
           metavar="GLOB"),
    Option("respect_gitignore", Kind.FLAG, True, "Skip what .gitignore excludes (--no-gitignore: scan it too).",
           key="respect-gitignore",
           flag="--no-gitignore"),
    Option("extend_select", Kind.WORDS, (), "Add to the config file's select.", key="extend-select",
           flag="--extend-select", extends_file=True, metavar="RULES", extends="select"),
    Option("extend_ignore", Kind.WORDS, (), "Add to the config file's ignore.", key="extend-ignore",
           flag="--extend-ignore", extends_file=True, metavar="RULES", extends="ignore"),
)
CONFIG_OPTIONS: tuple[Option, ...] = _table()
#: Every option, in the order ``textmend config`` prints them.
OPTIONS: tuple[Option, ...] = CONFIG_OPTIONS + RUN_SETTINGS
BY_KEY: dict[str, Option] = {o.key: o for o in OPTIONS if o.key}


def _number(lo: float, hi: float) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
            raise ValueError
        return float(v)
    return check


def _strings(v: Any) -> Any:
    if isinstance(v, str):  # "news,science"
        return tuple(x.strip() for x in v.split(",") if x.strip())
    if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
        raise ValueError
    return v if isinstance(v, tuple) else tuple(v)


def _patterns(v: Any) -> Any:
    v = _strings(v) if not isinstance(v, str) else (v,)
    for pattern in v:
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError) as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return v


def _flag(v: Any) -> Any:
    if not isinstance(v, bool):
        raise ValueError
    return v


def _markup(v: Any) -> Any:
    if v not in MARKUPS:
        raise ValueError
    return v


def _path(v: Any) -> Any:
    if not isinstance(v, str):
        raise ValueError
    return v


_CHECKS: dict[Kind, Callable[[Any], Any]] = {
    Kind.UNIT: _number(0.0, 1.0), Kind.PERCENT: _number(0.0, 100.0), Kind.FLAG: _flag, Kind.WORDS: _strings,
    Kind.PATTERNS: _patterns, Kind.PATHS: _strings, Kind.MARKUP: _markup, Kind.PATH: _path,
}


def check_value(opt: Option, value: Any, where: str) -> Any:
    """``value`` checked (and normalised: lists to tuples, ``"a,b"`` to a tuple, ints to floats) for ``opt``;
    a ``ValueError`` naming ``where`` (a field, a config key, a flag) and what it must be otherwise."""
    if value is None and opt.default is None:
        return None
    try:
        return _CHECKS[opt.kind](value)
    except ValueError as exc:
        detail = f": {exc}" if str(exc) else f", got {value!r}"
        raise ValueError(f"{where} must be {opt.kind.value}{detail}") from None


def selects(selector: str, rule_id: str) -> bool:
    """Does ``selector`` name this rule? A rule id, or a map id (``news``) or any rule-id prefix ending at a
    ``/`` boundary, or ``ALL``."""
    return selector in ("ALL", rule_id) or rule_id.startswith(selector.rstrip("/") + "/")

"""Command-line options built from the options table (``config.OPTIONS``), shared by every command."""
from __future__ import annotations

from typing import Any

import click

from ..config import BY_KEY, OPTIONS, Kind, Option, check_value

LIST_KINDS = (Kind.WORDS, Kind.PATTERNS, Kind.PATHS)
#: Config-file keys whose command-line values add to the file's list instead of replacing it.
KEYS_EXTEND = {opt.key: opt.extends_file for opt in OPTIONS if opt.key}


def click_option(opt: Option) -> Any:
    """The click option for a row of the options table (``config.OPTIONS``); its value lands under
    ``opt.name``, ``None`` (or empty) when not given."""
    assert opt.flag is not None
    extra = []
    if opt.kind in LIST_KINDS:
        extra.append("Repeatable." if opt.style == "repeat" else "Comma-separated.")
        if opt.extends_file and opt.extends is None:
            extra.append("Adds to the config file's list.")
        elif opt.key:
            extra.append("Replaces the config file's list.")
    elif opt.in_config and opt.default is not None and opt.kind is not Kind.FLAG:
        extra.append(f"Default: {opt.default}.")
    help_text = " ".join([opt.help, *extra])
    if opt.kind is Kind.FLAG:
        if "/" in opt.flag:
            return click.option(opt.flag, opt.name, default=None, help=help_text)
        return click.option(opt.flag, opt.name, is_flag=True, default=None,
                            flag_value=not opt.flag.startswith("--no-"), help=help_text)
    if opt.kind in (Kind.UNIT, Kind.PERCENT):
        return click.option(opt.flag, opt.name, type=click.FloatRange(0, 1 if opt.kind is Kind.UNIT else 100),
                            help=help_text)
    if opt.style == "repeat":
        kind = click.Path(exists=True, dir_okay=False) if opt.kind is Kind.PATHS else None
        return click.option(opt.flag, opt.name, multiple=True, type=kind, metavar=opt.metavar, help=help_text)
    return click.option(opt.flag, opt.name, metavar=opt.metavar, help=help_text)


def config_options(f: Any) -> Any:
    """Every option of the table that has a flag, then ``--config`` and ``--isolated``."""
    options = table_options() + [
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                     help="Use this config file (pyproject.toml or textmend.toml) for every input."),
        click.option("--isolated", is_flag=True, help="Ignore all config files."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def table_options(names: tuple[str, ...] | None = None) -> list[Any]:
    """The click options of the table's rows that have a flag (only ``names``, if given)."""
    return [click_option(opt) for opt in OPTIONS if opt.flag and (names is None or opt.name in names)]


def with_table_options(*names: str) -> Any:
    """A decorator adding the table's flags for ``names`` (``Config`` field names) to a command."""
    def decorate(f: Any) -> Any:
        for opt in reversed(table_options(names)):
            f = opt(f)
        return f
    return decorate


def table_fields(o: dict[str, Any]) -> dict[str, Any]:
    """``Config`` fields from the values of ``table_options`` (for commands that read no config file)."""
    keys, fields = config_values(o)
    for key, value in keys.items():
        opt = BY_KEY[key]
        if opt.in_config:
            fields[opt.name] = value
    return fields


def config_values(o: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The table options given on the command line: (config-file keys -> values, as lists for list options;
    ``Config`` fields no config file sets -> values). Values are checked as the table says."""
    from ..io.settings import SettingsError

    by_key: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for opt in OPTIONS:
        value = o.get(opt.name) if opt.flag else None
        if value is None or value == ():
            continue
        if opt.kind in LIST_KINDS:
            value = [str(v) for v in value] if opt.style == "repeat" else _rule_list(value)
            try:
                check_value(opt, value, opt.flag or opt.name)
            except ValueError as exc:
                raise SettingsError(str(exc)) from None
        if opt.key is None:
            fields[opt.name] = value
        else:
            by_key[opt.key] = value
    return by_key, fields


def _rule_list(value: str | None) -> list[str] | None:
    """``--select a,b`` as a list (None when not given)."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None

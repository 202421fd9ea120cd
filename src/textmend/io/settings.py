"""Config files: ``[tool.textmend]`` in ``pyproject.toml`` or top-level keys in ``textmend.toml``.

Found by searching upward from each input, so a monorepo can hold several. Unknown keys and wrong types are
errors naming the key: a typo in a config file must never be silently ignored (a complaint users have about
other linters). Paths in a config file (``extra-maps``) are relative to that file.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import BY_KEY, Config, Kind, Option, check_value

if sys.version_info >= (3, 11):  # pragma: no cover - version dependent
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("textmend.toml", "pyproject.toml")
LIST_KINDS = (Kind.WORDS, Kind.PATTERNS, Kind.PATHS)

#: Every key a config file may hold, with its option (``config.OPTIONS``: kind, default, ``Config`` field).
KEYS: dict[str, Option] = BY_KEY


class SettingsError(ValueError):
    """A config file that cannot be read or holds an unknown key or a bad value."""


@dataclass(frozen=True)
class Settings:
    """The validated keys of one config file (or none), and where they came from."""

    values: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def merged(self, overrides: dict[str, Any]) -> Settings:
        """These settings with CLI overrides (``None`` values mean 'not given')."""
        values = dict(self.values)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(values, self.source)

    def to_config(self, **extra: Any) -> Config:
        """The ``Config`` these settings describe (``extra``: fields set by the CLI, e.g. ``assume_spun``)."""
        kwargs: dict[str, Any] = {}
        for key, value in self.values.items():
            opt = KEYS[key]
            if opt.in_config:
                kwargs[opt.name] = value
        for key, value in self.values.items():
            target = KEYS[key].extends
            if target is not None and value:
                kwargs[target] = tuple(kwargs.get(target, ())) + tuple(value)
        kwargs.update(extra)
        try:
            return Config(**kwargs)
        except ValueError as exc:
            raise SettingsError(f"{self.source}: {exc}" if self.source else str(exc)) from None


def check_patterns(patterns: list[str] | tuple[str, ...], where: str) -> None:
    """Every ``extend-ignore-re`` pattern compiles (from a config file, or ``--extend-ignore-re``)."""
    try:
        check_value(KEYS["extend-ignore-re"], list(patterns), where)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def _check(key: str, value: Any, where: str) -> Any:
    if key not in KEYS:
        known = ", ".join(sorted(KEYS))
        raise SettingsError(f"{where}: unknown key {key!r} (known keys: {known})")
    opt = KEYS[key]
    if isinstance(value, str) and opt.kind in LIST_KINDS and opt.style != "comma":
        raise SettingsError(f"{where}: {key} must be {opt.kind.value}, got {value!r}")  # a phrase may hold commas
    try:
        checked = check_value(opt, value, f"{where}: {key}")
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    return list(checked) if isinstance(checked, tuple) else checked


def parse_settings(data: dict[str, Any], source: str) -> Settings:
    """Validate a table of keys; ``extra-maps`` become paths relative to the file's folder."""
    base = Path(source).parent
    values = {key: _check(key, value, source) for key, value in data.items()}
    if "extra-maps" in values:
        values["extra-maps"] = [str(p if Path(p).is_absolute() else base / p) for p in values["extra-maps"]]
    return Settings(values, source)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start}: {exc.reason})") from None
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None


def load_file(path: str | Path) -> Settings:
    """The settings of one file: ``[tool.textmend]`` of a ``pyproject.toml``, else the top level."""
    p = Path(path)
    data = _read_toml(p)
    if p.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("textmend", {}) if isinstance(tool, dict) else {}  # (tool = 3: not ours to judge)
        if not isinstance(data, dict):
            raise SettingsError(f"{p}: [tool.textmend] must be a table")
    elif "tool" in data:  # the pyproject form copied into textmend.toml: say where the header belongs
        raise SettingsError(f"{p}: the [tool.textmend] header belongs in pyproject.toml; in {p.name} write the "
                            "keys at the top level, without a header (as ruff.toml has no [tool.ruff])")
    return parse_settings(data, str(p))


def _has_section(pyproject: Path) -> bool:
    """Cheap test before parsing: only a pyproject with ``[tool.textmend]`` counts as a config file."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "tool.textmend" not in text:
        return False
    tool = _read_toml(pyproject).get("tool", {})
    return isinstance(tool, dict) and "textmend" in tool


class Resolver:
    """Finds the settings for each input: ``--config`` if given, nothing if ``--isolated``, else upward search."""

    def __init__(self, config_file: str | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.fixed = load_file(config_file) if config_file else None
        self._by_dir: dict[Path, Settings] = {}

    def for_path(self, path: str) -> Settings:
        if self.isolated:
            return Settings()
        if self.fixed is not None:
            return self.fixed
        p = Path(path if path != "-" else ".").absolute()
        start = p if p.is_dir() else p.parent
        return self._search(start)

    def _search(self, directory: Path) -> Settings:
        seen: list[Path] = []
        found = Settings()
        d: Path | None = directory
        while d is not None:
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            seen.append(d)
            hit = next((d / n for n in CONFIG_NAMES if (d / n).is_file() and
                        (n != "pyproject.toml" or _has_section(d / n))), None)
            if hit is not None:
                found = load_file(hit)
                break
            d = d.parent if d.parent != d else None
        for s in seen:
            self._by_dir[s] = found
        return found

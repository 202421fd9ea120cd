"""The package's import structure: no cycles, and each module imports only its own layer or lower ones.

Read from the source (every ``import`` statement, also those inside functions and ``TYPE_CHECKING`` blocks),
so a forbidden import fails here before it can make ``--help`` slow or the engine depend on click.
Imports by name through ``importlib`` (the CLI's lazy commands, the format registry) are not seen: they are
the sanctioned way for a lower layer to reach a higher one without depending on it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "textmend"

#: Layers, lowest first: a module may import modules of its own layer or any lower one. The subpackages are
#: the layers (``io.*``: every module of ``textmend/io``); the modules at the top are the shared data, the
#: library API and the services that run the engine over a kind of input.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("_version", "exitcodes", "model", "config", "normalize", "paths"),
    "io": ("io.*",),
    "knowledge": ("knowledge.*",),
    "engine": ("engine.*", "api", "many", "__init__"),
    "services": ("evaluate", "dataset", "spark"),
    "output": ("output.*",),
    "cli": ("cli.*", "__main__"),
}
#: Third-party modules only the CLI layer may import.
CLI_ONLY = {"click"}


def _name(path: Path) -> str:
    """``engine.pipeline`` for src/textmend/engine/pipeline.py; ``engine`` for its ``__init__``."""
    parts = list(path.relative_to(PKG).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p) for p in PKG.rglob("*.py")}


def layer_of(module: str) -> str:
    for name, members in LAYERS.items():
        for m in members:
            if module == m or (m.endswith(".*") and (module == m[:-2] or module.startswith(m[:-1]))):
                return name
    raise KeyError(module)


def _resolve(importer: str, is_package: bool, level: int, module: str | None, names: list[str]) -> set[str]:
    """The textmend modules a ``from ... import`` names (relative imports resolved from ``importer``)."""
    if level:
        parts = importer.split(".") if importer != "__init__" else []
        base = parts if is_package else parts[:-1]
        base = base[: len(base) - (level - 1)] if level > 1 else base
    else:
        base = []
    stem = ".".join(base + (module.split(".") if module else []))
    found = {f"{stem}.{n}" if stem else n for n in names}
    hits = {m for m in found if m in MODULES}
    if len(hits) < len(found):  # names that are attributes of the module ``stem``
        hits.add(stem or "__init__")
    return hits


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(textmend modules, top-level third-party modules) that ``path`` imports."""
    me, is_package = _name(path), path.name == "__init__.py"
    own: set[str] = set()
    other: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 0 and mod.split(".")[0] != "textmend":
                other.add(mod.split(".")[0])
            elif node.level == 0:
                own |= _resolve("__init__", True, 1, ".".join(mod.split(".")[1:]) or None,
                                [a.name for a in node.names])
            else:
                own |= _resolve(me, is_package, node.level, node.module, [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "textmend":
                    own.add(".".join(parts[1:]) or "__init__")
                else:
                    other.add(parts[0])
    return own - {me}, other


def _graph() -> dict[str, tuple[set[str], set[str]]]:
    return {_name(p): _imports(p) for p in sorted(PKG.rglob("*.py"))}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the import graph (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if n == m:
                continue
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def layer_violations(graph: dict[str, tuple[set[str], set[str]]]) -> list[str]:
    rank = {name: i for i, name in enumerate(LAYERS)}
    out = []
    for m, (own, other) in graph.items():
        for n in sorted(own):
            if n != m and rank[layer_of(n)] > rank[layer_of(m)]:
                out.append(f"{m} ({layer_of(m)}) imports {n} ({layer_of(n)})")
        for lib in sorted(other & CLI_ONLY):
            if layer_of(m) != "cli":
                out.append(f"{m} ({layer_of(m)}) imports {lib}, which only the CLI layer may use")
    return out


def test_every_module_has_a_layer():
    unplaced = []
    for m in sorted(MODULES):
        try:
            layer_of(m)
        except KeyError:
            unplaced.append(m)
    assert not unplaced, f"place these modules in LAYERS: {unplaced}"


def test_the_parser_resolves_relative_imports():
    assert _graph()["engine.pipeline"][0] >= {"config", "engine.decide", "engine.index", "model"}
    assert "cli.main" in _graph()["cli"][0] and "cli.entry" in _graph()["__main__"][0]
    assert "cli.main" in _graph()["cli.entry"][0]


def test_no_import_cycle():
    graph = {m: own for m, (own, _) in _graph().items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_layers_import_only_downwards():
    assert layer_violations(_graph()) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("engine.")) + ["model"])
def test_engine_imports_no_output_or_cli(module):
    """The explicit form of the rule for every engine module (``model`` is a leaf of plain data)."""
    own, other = _graph()[module]
    assert not {n for n in own if layer_of(n) in ("output", "cli")}
    assert not other & CLI_ONLY


def test_model_is_a_leaf():
    assert _graph()["model"][0] == set()


def test_the_checks_catch_a_forbidden_import():
    """The checks themselves: a cycle, an upward import and click in the engine are all reported."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    graph = _graph()
    own, other = graph["engine.decide"]
    graph["engine.decide"] = (own | {"output.sarif"}, other | {"click"})
    assert layer_violations(graph) == ["engine.decide (engine) imports output.sarif (output)",
                                       "engine.decide (engine) imports click, which only the CLI layer may use"]


def test_old_module_names_still_import_the_moved_modules():
    """Before the subpackages every module sat at the top: ``textmend.pipeline`` etc. still import, and give
    the module itself (so monkeypatching either name patches both)."""
    import importlib

    import textmend

    for old, new in textmend.MOVED.items():
        assert importlib.import_module(f"textmend.{old}") is importlib.import_module(f"textmend.{new}"), old
    from textmend.knowledge.phrasemap import builtin_maps as moved
    from textmend.phrasemap import builtin_maps  # the form tools and users write

    assert builtin_maps is moved
    from textmend.output import OutputError  # the old streams module's names, on the package now
    from textmend.output.streams import OutputError as moved_error

    assert OutputError is moved_error

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

#: Layers, lowest first. A module may import modules of its own layer or any lower one.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("_version", "exitcodes", "model", "config", "normalize", "paths", "codec", "options"),
    "knowledge": ("rules", "inflect", "scoring", "phrasemap", "mapwrite", "validate", "cache", "align"),
    "engine": ("segment", "markup", "locality", "spintax", "figures", "index", "fuzzy", "evidence", "decide",
               "rulebook", "pipeline", "result", "diff", "api", "many", "workers", "__init__"),
    "services": ("read", "write", "inputs", "settings", "jsonl", "learn", "evaluate", "dataset", "spark"),
    "output": ("formatter", "formats", "format_json", "format_github", "format_sarif", "format_html", "report",
               "output"),
    "runner": ("batch",),
    "cli": ("cli", "cli_learn", "cli_eval", "cli_dataset", "cli_progress", "cli_rule", "cli_options", "__main__"),
}
RANK = {m: i for i, mods in enumerate(LAYERS.values()) for m in mods}
LAYER_OF = {m: name for name, mods in LAYERS.items() for m in mods}
#: Third-party modules only the CLI layer may import.
CLI_ONLY = {"click"}


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(textmend modules, top-level third-party modules) that ``path`` imports."""
    own: set[str] = set()
    other: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                top = (node.module or "").split(".")[0]
                if top == "textmend":
                    parts = (node.module or "").split(".")
                    own.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
                else:
                    other.add(top)
            elif node.module:
                own.add(node.module.split(".")[0])
            else:  # from . import x
                own.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                if top == "textmend":
                    parts = a.name.split(".")
                    own.add(parts[1] if len(parts) > 1 else "__init__")
                else:
                    other.add(top)
    modules = {p.stem for p in PKG.glob("*.py")}
    # ``from . import __version__`` names an attribute of the package, not a module.
    return {m if m in modules else "__init__" for m in own}, other


def _graph() -> dict[str, tuple[set[str], set[str]]]:
    return {p.stem: _imports(p) for p in sorted(PKG.glob("*.py"))}


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
    out = []
    for m, (own, other) in graph.items():
        for n in sorted(own):
            if n != m and RANK[n] > RANK[m]:
                out.append(f"{m} ({LAYER_OF[m]}) imports {n} ({LAYER_OF[n]})")
        for lib in sorted(other & CLI_ONLY):
            if LAYER_OF[m] != "cli":
                out.append(f"{m} ({LAYER_OF[m]}) imports {lib}, which only the CLI layer may use")
    return out


def test_every_module_has_a_layer():
    unplaced = sorted(p.stem for p in PKG.glob("*.py") if p.stem not in RANK)
    assert not unplaced, f"place these modules in LAYERS: {unplaced}"


def test_no_import_cycle():
    graph = {m: own for m, (own, _) in _graph().items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_layers_import_only_downwards():
    assert layer_violations(_graph()) == []


@pytest.mark.parametrize("module", ["model", "segment", "index", "decide", "evidence", "pipeline"])
def test_engine_imports_no_output_or_cli(module):
    """The explicit form of the rule for the core stages (``model`` is a leaf of plain data)."""
    own, other = _graph()[module]
    assert not {n for n in own if LAYER_OF[n] in ("output", "runner", "cli")}
    assert not other & CLI_ONLY


def test_model_is_a_leaf():
    assert _graph()["model"][0] <= {"model"}


def test_the_checks_catch_a_forbidden_import():
    """The checks themselves: a cycle, an upward import and click in the engine are all reported."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    graph = _graph()
    own, other = graph["decide"]
    graph["decide"] = (own | {"format_sarif"}, other | {"click"})
    assert layer_violations(graph) == ["decide (engine) imports format_sarif (output)",
                                       "decide (engine) imports click, which only the CLI layer may use"]

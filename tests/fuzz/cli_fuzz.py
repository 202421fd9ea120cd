"""Fuzzing the command line (issue 10, item 7): no input may end in a traceback.

Four properties, each over a fresh sandbox folder of small inputs (spun, clean, Latin-1, binary, UTF-16,
Markdown, a folder with a broken link, maps, JSONL rows):

- ``cli_args``: any command with options drawn from every option textmend has, sensible or not;
- ``config_file``: a ``textmend.toml`` or ``pyproject.toml`` of random keys, values and bytes;
- ``map_file``: a phrase map (TSV or Problematic Paper Screener CSV) of random headers and rows;
- ``jsonl_file``: ``eval`` and ``learn --clean`` on random JSON Lines.

Each run goes through click in this process (``tests.cli_support.run``, which lets any exception other than
``SystemExit`` through), and must exit 0, 1 or 2, with an ``error:`` line (or click's usage ``Error:``, or
the usage text of a bare ``textmend``) whenever it exits 2. ``tests/test_fuzz.py`` runs a few hundred examples in the suite; ``run.py --count N``
runs the long campaign.
"""
from __future__ import annotations

import codecs
import json
import os
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from ..cli_support import CLEAN, FIXTURES, SPUN, run

MINI = (FIXTURES / "mini.tsv").read_text(encoding="utf-8")
PPS = (FIXTURES / "pps_export.csv").read_text(encoding="utf-8")
#: How many CLI invocations the properties made (the long run reports it).
CALLS = [0]


def make_sandbox(root: Path) -> None:
    """The inputs every example can name (paths are relative: the CLI runs inside ``root``)."""
    files: dict[str, bytes] = {
        "spun.txt": SPUN.encode(), "clean.txt": CLEAN.encode(),
        "latin.txt": ("Café " + SPUN).encode("latin-1"), "bin.txt": b"\x00\x01PK\x03\x04binary",
        "u16.txt": codecs.BOM_UTF16_LE + SPUN.encode("utf-16-le"), "u16raw.txt": SPUN.encode("utf-16-le"),
        "doc.md": ("# T\r\n\r\n" + SPUN + "\n```\ninternational locations\n```\n").encode(),
        "page.html": f"<p title='international locations'>{SPUN}</p>".encode(),
        "sub/a.txt": SPUN.encode(), "sub/b.md": CLEAN.encode(), "x\udcff y.txt": SPUN.encode(),
        "mini.tsv": MINI.encode(), "pps.csv": PPS.encode(), "bad.tsv": b"#: id = x\nonly-one-column\n",
        "rows.jsonl": json.dumps({"text": SPUN, "id": 1}).encode() + b"\n",
        "spun.jsonl": json.dumps({"left": "Western", "garbled": "international locations", "right": "met.",
                                  "canonical": "countries", "url": "u", "domain": "news"}).encode() + b"\n",
        "good.toml": b"builtin-maps = false\nextra-maps = [\"mini.tsv\"]\n",
        "bad.toml": b"allow = [\"caf\xe9\"]\n",
    }
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    os.symlink(root / "gone", root / "sub" / "dangling.txt")


PATHS = ["spun.txt", "x\udcff y.txt", "clean.txt", "latin.txt", "bin.txt", "u16.txt", "u16raw.txt", "doc.md", "page.html", "sub",
         "sub/dangling.txt", "missing.txt", "-", ".", "mini.tsv", "rows.jsonl", "spun.jsonl", "", "sub/a.txt"]
MAPS = ["mini.tsv", "pps.csv", "bad.tsv", "missing.tsv", "rows.jsonl", "sub"]
CONFIGS = ["good.toml", "bad.toml", "missing.toml", "mini.tsv", "sub"]
FORMATS = ["text", "json", "jsonl", "github", "sarif", "html", "xml"]
NUMBERS = ["0", "1", "0.5", "0.95", "-1", "2", "nan", "inf", "1e309", "x", ""]
REGEXES = ["([", "a{99999999999}", "(?i)intern", "\\", "", "(?P<x>a)(?P=x)", "\\bSKU-\\d+", "(?<=a+)b"]
ENCODINGS = ["utf-8", "utf-16", "UTF16", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig", "rot13",
             "base64", "idna", "ascii", "nope"]
#: Command-line strings: no NUL (argv cannot hold one), but any other character, and the surrogates by which
#: Python carries bytes of a file name that are not UTF-8.
WEIRD = st.text(st.one_of(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                          st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)), max_size=12)
#: File contents and data: anything.
ANY_TEXT = st.text(max_size=12)

#: option -> strategy for its value (None: a flag)
OPTIONS: dict[str, st.SearchStrategy | None] = {
    "--output-format": st.sampled_from(FORMATS), "--format": st.sampled_from(FORMATS),
    "-o": st.sampled_from(["out.txt", "sub", "missing/out.txt", "/dev/full", ""]),
    "--maps": st.sampled_from(["news", "science", "news,science", "nope", "", ",", "test"]),
    "--map": st.sampled_from(MAPS), "--builtin-maps": None, "--no-builtin-maps": None, "--unsafe": None,
    "--assume-spun": None, "--apply-threshold": st.sampled_from(NUMBERS),
    "--guard-threshold": st.sampled_from(NUMBERS), "--allow": st.one_of(st.sampled_from(["commissioner", ""]),
                                                                          WEIRD),
    "--extend-ignore-re": st.one_of(st.sampled_from(REGEXES), WEIRD),
    "--include": st.sampled_from(["*.txt", "*.md", "[", "**", ""]), "--exclude": st.sampled_from(["sub", "*", "["]),
    "--no-gitignore": None, "--config": st.sampled_from(CONFIGS), "--isolated": None,
    "--stdin-filename": st.sampled_from(["a.md", "x.html", "../../up.txt", "", "sub"]),
    "--encoding": st.sampled_from(ENCODINGS), "--color": st.sampled_from(["auto", "always", "never", "pink"]),
    "--exit-zero": None, "-j": st.sampled_from(["1", "2", "0", "-1", "x"]), "-v": None, "-q": None,
    "--diff": None, "-w": None, "--check": None, "--article": st.sampled_from(PATHS),
    "--clean": st.sampled_from(["rows.jsonl", "spun.jsonl", "clean.txt", "bin.txt", "missing.jsonl"]),
    "--per-window": None, "--top": st.sampled_from(NUMBERS), "--misses": None, "--json": None,
    "--id": WEIRD, "--max-words": st.sampled_from(NUMBERS), "--help": None,
}
SHARED = ["--output-format", "--format", "-o", "--maps", "--map", "--builtin-maps", "--no-builtin-maps", "--unsafe",
          "--assume-spun", "--apply-threshold", "--guard-threshold", "--allow", "--extend-ignore-re", "--include",
          "--exclude", "--no-gitignore", "--config", "--isolated", "--stdin-filename", "--encoding", "--color",
          "--exit-zero", "-j", "-v", "-q"]
#: command -> (the options it takes, how many paths it wants); drawn mostly from these, so that most examples
#: get past option parsing and exercise reading, configuration, analysis and output.
COMMANDS: dict[tuple[str, ...], tuple[list[str], tuple[int, int]]] = {
    ("check",): (SHARED, (1, 3)), ("report",): (SHARED, (1, 3)),
    ("fix",): (SHARED + ["--diff", "-w", "--check"], (1, 3)),
    ("explain",): (["--maps", "--map", "--builtin-maps", "--no-builtin-maps", "--assume-spun", "--encoding",
                    "--config", "--isolated"], (1, 1)),
    ("config",): (["--config", "--isolated"], (0, 1)),
    ("maps", "list"): ([], (0, 0)), ("maps", "stats"): ([], (0, 0)), ("maps", "validate"): ([], (0, 2)),
    ("eval",): (["--article", "--clean", "--per-window", "--maps", "--map", "--no-builtin-maps", "--assume-spun",
                 "--top", "--misses", "--json"], (1, 1)),
    ("learn",): (["-o", "--id", "--max-words", "--clean", "--encoding"], (2, 2)),
    ("--version",): ([], (0, 0)), ("nonsense",): ([], (0, 1)), (): ([], (0, 0)),
}
WEIGHTED = [c for c in COMMANDS for _ in range(4 if c in (("check",), ("fix",), ("report",)) else 1)]


@st.composite
def argv(draw) -> list[str]:
    """A command with options it takes (option, then a value) and paths; one token in ten is any option or
    a random string, wherever it lands."""
    command = draw(st.sampled_from(WEIGHTED))
    takes, (lo, hi) = COMMANDS[command]
    out = list(command)
    for _ in range(draw(st.integers(0, 4))):
        if not takes or draw(st.integers(0, 9)) == 0:
            out.append(draw(st.one_of(st.sampled_from(list(OPTIONS)), st.sampled_from(PATHS), WEIRD)))
            continue
        opt = draw(st.sampled_from(takes))
        out.append(opt)
        if OPTIONS[opt] is not None:
            out.append(draw(OPTIONS[opt]))
    out += draw(st.lists(st.sampled_from(PATHS), min_size=lo, max_size=hi))
    return out


STDIN = st.one_of(st.just(SPUN.encode()), st.binary(max_size=40),
                  st.just(codecs.BOM_UTF16_BE + SPUN.encode("utf-16-be")), st.text(max_size=40).map(str.encode))


def invoke(args: list[str], stdin: bytes | None, files: dict[str, bytes] | None = None) -> None:
    """Run textmend on ``args`` in a fresh sandbox; fail on a traceback or a bad exit."""
    with tempfile.TemporaryDirectory(prefix="textmend-fuzz-") as d:
        root = Path(d)
        make_sandbox(root)
        for rel, data in (files or {}).items():
            (root / rel).write_bytes(data)
        CALLS[0] += 1
        r = run(args, input=stdin, cwd=root)  # any exception but SystemExit propagates, with its traceback
    assert r.exit_code in (0, 1, 2), (args, r.exit_code, r.output[-2000:])
    assert "Traceback" not in r.output, (args, r.output[-3000:])
    if r.exit_code == 2:  # our one-line error, click's usage error, or the bare group's usage text
        assert "error:" in r.stderr or "Error:" in r.stderr or r.stderr.startswith("Usage:"), (args, r.stderr[-2000:])


# --- config files --------------------------------------------------------------------------------
TOML_VALUE = st.one_of(st.sampled_from(['0.5', '2', 'true', '"x"', '["news"]', '["mini.tsv"]', '[1, 2]', '"news"',
                                        '["(["]', '["\\\\bSKU"]', '{a = 1}', '[[[[[[1]]]]]]', 'nan', '1979-05-27']),
                       ANY_TEXT.map(json.dumps))
TOML_KEY = st.one_of(st.sampled_from(["apply-threshold", "guard-threshold", "spun-threshold", "maps", "extra-maps",
                                      "builtin-maps", "allow", "extend-ignore-re", "unsafe", "fuzzy", "include",
                                      "exclude", "respect-gitignore", "tool", "aply-threshold"]),
                     st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True))
TOML_LINE = st.one_of(st.builds(lambda k, v: f"{k} = {v}", TOML_KEY, TOML_VALUE),
                      st.sampled_from(["[tool.textmend]", "[tool]", "[tool.other]", "[[tool.textmend]]",
                                       "tool.textmend = 3", "# comment", "", "[project]", 'name = "x"']),
                      ANY_TEXT)


@st.composite
def config_case(draw) -> tuple[list[str], dict[str, bytes]]:
    name = draw(st.sampled_from(["textmend.toml", "pyproject.toml", "sub/textmend.toml"]))
    body = "\n".join(draw(st.lists(TOML_LINE, max_size=8))).encode()
    if draw(st.booleans()):
        body = draw(st.sampled_from([b"\xff\xfe", b"\xe9", b"\x00", codecs.BOM_UTF8])) + body
    cmd = draw(st.sampled_from([["check", "--no-builtin-maps", "--map", "mini.tsv", "spun.txt"],
                                ["fix", "sub/a.txt"], ["config", "sub"], ["config"], ["fix", "-w", "sub"],
                                ["check", "--config", name, "clean.txt"]]))
    return cmd, {name: body}


# --- map files -----------------------------------------------------------------------------------
PHRASE = st.one_of(st.sampled_from(["international locations", "mentioned", "yr", "But not,", "e-mail despatched",
                                    "counterfeit", "a", "", " ", "x|y", "crimes in opposition to humanity"]), ANY_TEXT)
WHEN = st.one_of(st.sampled_from(["", "next=@punct|that", "prev=a|the doc>=0.9", "+v", "-n", "+n", "doc>=2",
                                  "next=@nope", "prev=", "doc>=x", "=", "next=@cap|@quote"]), ANY_TEXT)
MAP_ROW = st.builds(lambda cols: "\t".join(cols), st.lists(st.one_of(
    PHRASE, st.sampled_from(["fixed", "guarded", "ambiguous", "allow", "weird"]), WHEN,
    st.sampled_from(["0.5", "1.5", "nan", "-0", "x", ""])), min_size=1, max_size=7))
HEADER = st.builds(lambda k, v: f"#: {k} = {v}", st.sampled_from(
    ["id", "title", "theme", "provenance", "kind", "confidence", "example", "clean", "clean-in-spun", "words", "nope"]),
    st.one_of(st.sampled_from(["t", "allow", "entries", "0.9", "x => y", "spun => fixed", "centre", "", "2"]),
              ANY_TEXT))
GOOD_HEAD = "#: id = f\n#: title = t\n#: theme = t\n#: provenance = hand-written: fuzz\n"


@st.composite
def map_case(draw) -> tuple[list[str], dict[str, bytes]]:
    if draw(st.integers(0, 4)) == 0:  # a Problematic Paper Screener export
        rows = draw(st.lists(st.lists(st.one_of(PHRASE, st.sampled_from(['"a b"', '"x" AND "y"', "z ?"])),
                                      max_size=4).map(lambda r: ",".join(r)), max_size=6))
        name, body = "f.csv", "Fingerprint - Tortured Phrase,Expected Text\n" + "\n".join(rows)
    else:
        head = GOOD_HEAD if draw(st.booleans()) else ""
        lines = draw(st.lists(st.one_of(HEADER, MAP_ROW, st.just("# comment")), max_size=10))
        name, body = "f.tsv", head + "\n".join(lines) + "\n"
    data = body.encode()
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.sampled_from([b"\xe9", b"\xff\xfe", codecs.BOM_UTF8])) + data
    # ``maps validate`` spell-checks all shipped maps (about 0.2 s): a small share of the examples
    cmd = draw(st.sampled_from([["check", "--isolated", "--no-builtin-maps", "--map", name, "spun.txt"]] * 4 +
                               [["fix", "--isolated", "--no-builtin-maps", "--assume-spun", "--map", name, "doc.md"]] * 4 +
                               [["explain", "--no-builtin-maps", "--map", name, "spun.txt"]] * 2 +
                               [["maps", "validate", name]]))
    return cmd, {name: data}


# --- JSON Lines ----------------------------------------------------------------------------------
#: JSON strings: any character, lone surrogates too (JSON may escape them: "\ud800").
JANY = st.text(st.characters(blacklist_categories=()), max_size=12)
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), JANY)
JSON_VALUE = st.recursive(JSON_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                               st.dictionaries(JANY, inner, max_size=3)), max_leaves=6)
FIELD = st.sampled_from(["text", "id", "url", "kind", "domain", "left", "garbled", "right", "canonical", "x"])
ROW = st.one_of(
    st.dictionaries(FIELD, st.one_of(JANY, JSON_VALUE), max_size=7).map(json.dumps),
    st.fixed_dictionaries({"left": JANY, "garbled": st.sampled_from(["international locations", "", "a"]),
                           "right": JANY, "canonical": JANY, "url": st.sampled_from(["u", "v"])},
                          optional={"id": st.one_of(JANY, st.integers()), "domain": JANY}).map(json.dumps),
    st.fixed_dictionaries({"text": st.one_of(st.just(SPUN), JANY)},
                          optional={"id": JSON_VALUE, "url": JANY, "kind": JANY}).map(json.dumps),
    JSON_VALUE.map(json.dumps), JANY, st.sampled_from(["", "{", "[1,", "null", '"text"', "[" * 2000]))


@st.composite
def jsonl_case(draw) -> tuple[list[str], dict[str, bytes]]:
    data = "\n".join(draw(st.lists(ROW, max_size=6))).encode("utf-8", "surrogatepass")  # (raw lines: bad UTF-8)
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.sampled_from([b"\xe9", codecs.BOM_UTF8, b"\x00"])) + data
    base = ["--no-builtin-maps", "--map", "mini.tsv"]
    cmd = draw(st.sampled_from([["eval", *base, "f.jsonl"], ["eval", *base, "--per-window", "f.jsonl"],
                                ["eval", *base, "--json", "--misses", "f.jsonl"],
                                ["eval", *base, "spun.jsonl", "--clean", "f.jsonl"],
                                ["eval", *base, "--per-window", "spun.jsonl", "--clean", "f.jsonl"],
                                ["learn", "clean.txt", "spun.txt", "--clean", "f.jsonl"]]))
    return cmd, {"f.jsonl": data}

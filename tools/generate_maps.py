#!/usr/bin/env python3
"""Generate data/phrase_maps/science-generated.tsv from the hand-written lexicon in tools/lexicon/.

For every canonical term (tools/lexicon/terms_*.tsv) the generator builds the garbles a thesaurus-style
article spinner would write, by replacing words (or word sequences) with the synonyms listed in
tools/lexicon/substitutions.tsv. Every candidate is then screened:

* it must contain at least one `strong` substitution (a weak near-synonym alone gives ordinary English);
* it must differ from the term and must not be (the plural of) another canonical term;
* it must not be listed in tools/lexicon/exclude.tsv (reviewed: ordinary English or a real term);
* it must not be a garbled key of another map in data/phrase_maps/ (hand-written entries win);
* neither it nor its plural may occur (case-insensitive, whole words) in any clean screening corpus;
* every word of the restoration must be known to pyspellchecker (validator rule).

Deterministic: same inputs and corpora give byte-identical output. Run from anywhere:

    python tools/generate_maps.py [--max-variants N] [--stats FILE] [--no-corpus NAME ...]
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "tools" / "lexicon"
MAPS = ROOT / "data" / "phrase_maps"
OUT = MAPS / "science-generated.tsv"
CONFIDENCE = "0.85"
MAX_VARIANTS = 8

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


# ----------------------------------------------------------------------------------------------- corpora
def _iter_reuters():
    path = ROOT.parent / "shared" / "corpora" / "reuters21578-even.jsonl"
    if not path.exists():
        path = Path("/work/shared/corpora/reuters21578-even.jsonl")
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line).get("text", "")


def _iter_python_doc():
    """Debian python3-doc (apt-get install python3-doc): the reStructuredText sources of the HTML docs."""
    bases = sorted(Path("/usr/share/doc").glob("python3*/html/_sources"))
    seen = set()
    for base in bases:
        real = base.resolve()
        if real in seen:
            continue
        seen.add(real)
        for p in sorted(real.rglob("*.txt")):
            yield p.read_text(encoding="utf-8", errors="replace")


_MAN_ESC = re.compile(r"\\f[A-Z0-9PRBI]|\\\(..|\\[-&|^e ]|\\s[-+]?\d")


def _iter_man_pages():
    """English manual pages installed on this machine (groff source, markup stripped)."""
    for sec in range(1, 9):
        d = Path(f"/usr/share/man/man{sec}")
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            try:
                raw = gzip.open(p, "rt", encoding="utf-8", errors="replace").read() if p.suffix == ".gz" \
                    else p.read_text(encoding="utf-8", errors="replace")
            except (OSError, EOFError):
                continue
            lines = [_MAN_ESC.sub(" ", ln) for ln in raw.splitlines() if not ln.startswith((".", "'"))]
            yield "\n".join(lines)


_TAG = re.compile(r"<[^>]+>")


def _iter_misc_docs():
    """Other English prose on disk: Vim's help files and Node.js's API docs."""
    paths = sorted(Path("/usr/share/vim").glob("vim*/doc/*.txt")) + \
        sorted(Path("/usr/share/doc/nodejs/api").glob("*.md"))
    for p in paths:
        text = p.read_text(encoding="utf-8", errors="replace")
        yield html.unescape(_TAG.sub(" ", text))


# Scientific screening corpora (optional; see tools/README.md "Scientific screening corpora" for the install).
SCI_VENV_DEFAULT = "/tmp/scivenv"
SCI_PACKAGES = ("Bio", "astropy", "mpmath", "networkx", "numpy", "pandas", "patsy", "scipy", "sklearn",
                "statsmodels", "sympy")
_TRIPLE = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.S)


def _sci_site_packages():
    import os
    venv = Path(os.environ.get("TEXTMEND_SCIVENV", SCI_VENV_DEFAULT))
    return sorted(venv.glob("lib/python3*/site-packages"))


def _iter_sci_python():
    """Docstrings (every triple-quoted string) of scientific Python packages installed in a throwaway venv
    ($TEXTMEND_SCIVENV, default /tmp/scivenv), plus the .rst/.txt/.md files shipped inside those packages."""
    for sp in _sci_site_packages()[:1]:
        for pkg in SCI_PACKAGES:
            base = sp / pkg
            if not base.is_dir():
                continue
            for p in sorted(base.rglob("*")):
                if p.suffix == ".py":
                    src = p.read_text(encoding="utf-8", errors="replace")
                    yield "\n\n".join(a or b for a, b in _TRIPLE.findall(src))
                elif p.suffix in (".rst", ".txt", ".md") and p.is_file():
                    yield p.read_text(encoding="utf-8", errors="replace")


_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def _html_text(raw: str) -> str:
    return html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", raw)))


SCI_DEBIAN_DOCS = (
    # (Debian package, directory, glob); Sphinx packages: the reST sources; others: HTML/text
    ("python-sklearn-doc", "/usr/share/doc/python-sklearn-doc/html/_sources", "**/*.txt"),
    ("python-statsmodels-doc", "/usr/share/doc/python-statsmodels-doc/html/_sources", "**/*.txt"),
    ("python-astropy-doc", "/usr/share/doc/python-astropy-doc/html/_sources", "**/*.txt"),
    ("python-scipy-doc", "/usr/share/doc/python-scipy-doc/html", "**/*.html"),
    ("python-biopython-doc", "/usr/share/doc/python-biopython-doc/Doc", "Tutorial.txt.gz"),
    ("r-doc-html", "/usr/share/R/doc/manual", "*.html"),
    ("octave-doc", "/usr/share/doc/octave/octave.html", "*.html"),
    ("gnuplot-doc", "/usr/share/doc/gnuplot/htmldocs", "*.html"),
)


def _iter_sci_debian_docs():
    """Scientific documentation from Debian packages (user guides and references of scikit-learn,
    statsmodels, astropy, SciPy, the Biopython tutorial, the R manuals, the Octave and gnuplot manuals)."""
    for _pkg, directory, pattern in SCI_DEBIAN_DOCS:
        base = Path(directory)
        if not base.is_dir():
            continue
        for p in sorted(base.glob(pattern)):
            if not p.is_file():
                continue
            raw = gzip.open(p, "rt", encoding="utf-8", errors="replace").read() if p.suffix == ".gz" \
                else p.read_text(encoding="utf-8", errors="replace")
            yield _html_text(raw) if p.suffix == ".html" else raw


CORPORA = {
    "reuters21578-even": ("shared/corpora/reuters21578-even.jsonl (1987 newswire)", _iter_reuters),
    "python3-doc": ("Debian python3-doc (Python 3 documentation sources)", _iter_python_doc),
    "man-pages": ("/usr/share/man/man1-8 (installed manual pages)", _iter_man_pages),
    "misc-docs": ("Vim help files and Node.js API docs on disk", _iter_misc_docs),
    "sci-python": ("docstrings of scientific Python packages (optional throwaway venv)", _iter_sci_python),
    "sci-debian-docs": ("Debian scientific documentation packages (optional)", _iter_sci_debian_docs),
}


# ----------------------------------------------------------------------------------------------- lexicon
def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.rstrip("\n").split("\t")


def load_substitutions():
    subs: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for cols in _rows(LEX / "substitutions.tsv"):
        canon, garbles, strength = cols[0].strip().lower(), cols[1].strip(), cols[2].strip()
        if strength not in ("strong", "weak"):
            raise SystemExit(f"substitutions.tsv: bad strength {strength!r} for {canon!r}")
        key = tuple(canon.split())
        for g in garbles.split("|"):
            g = g.strip()
            if g and g.lower() != canon and (g, strength) not in subs[key]:
                subs[key].append((g, strength))
    return subs


def load_terms():
    terms: list[tuple[str, str]] = []
    seen = set()
    for path in sorted(LEX.glob("terms_*.tsv")):
        domain = path.stem[len("terms_"):]
        for cols in _rows(path):
            t = " ".join(cols[0].lower().split())
            if t and t not in seen:
                seen.add(t)
                terms.append((t, domain))
    return terms


def load_exclude():
    return {" ".join(c[0].lower().split()) for c in _rows(LEX / "exclude.tsv")}


def load_mass_nouns():
    return {c[0].strip().lower() for c in _rows(LEX / "mass_nouns.tsv")}


def load_extra_words() -> set[str]:
    """Words the validator accepts beyond pyspellchecker (data/phrase_maps/words.txt)."""
    p = MAPS / "words.txt"
    if not p.exists():
        return set()
    return {ln.strip().lower() for ln in p.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}


def other_map_keys():
    """Garbled keys (normalised) of every other map in data/phrase_maps/ (allow-list phrases marked)."""
    keys = {}
    for path in sorted(MAPS.glob("*.tsv")):
        if path.name == OUT.name:
            continue
        allow = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#:") and "kind" in line and "allow" in line:
                allow = True
            if not line.strip() or line.startswith("#"):
                continue
            k = normalise(line.split("\t")[0])
            keys.setdefault(k, ("allow:" if allow else "") + path.name)
            if not allow:
                keys.setdefault(plural_phrase(k), path.name)
    return keys


# ----------------------------------------------------------------------------------------------- helpers
def normalise(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


_VWORD = re.compile(r"[^\W_]+")


def vkey(s: str) -> str:
    """The validator's duplicate key: lower-case letter/digit runs (hyphens and apostrophes ignored)."""
    return " ".join(w.lower() for w in _VWORD.findall(s.replace("’", "'")))


def plural(word: str) -> str:
    w = word
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def plural_phrase(phrase: str) -> str:
    words = phrase.split(" ")
    words[-1] = plural(words[-1])
    return " ".join(words)


def takes_plural(term: str, mass: set[str]) -> bool:
    last = term.split()[-1]
    if last.endswith("s") and not last.endswith("ss"):
        return False  # already plural (or a mass noun in -s: dynamics, mechanics)
    if last in mass or last.isdigit():
        return False
    return True


def variants(term: str, subs):
    """All substitution paths through the term: (garble words, [(canon, garble, strength)])."""
    words = term.split()
    maxlen = max(len(k) for k in subs)

    def walk(i):
        if i == len(words):
            yield [], []
            return
        options = [(1, words[i], None)]
        for n in range(min(maxlen, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            for alt_index, (g, strength) in enumerate(subs.get(key, ())):
                options.append((n, g, (" ".join(key), g, strength, alt_index)))
        for n, g, sub in options:
            for rest_words, rest_subs in walk(i + n):
                yield [g] + rest_words, ([sub] if sub else []) + rest_subs

    yield from walk(0)


def rank(subs_used):
    strong = sum(1 for s in subs_used if s[2] == "strong")
    return (-strong, -len(subs_used), sum(s[3] for s in subs_used))


# ----------------------------------------------------------------------------------------------- screening
def screen(cands: dict[str, set[str]], corpora: list[str]):
    """cands: normalised phrase -> set of forms to look for. Returns {phrase: [corpus names where found]},
    and per-corpus document/token counts."""
    forms: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for phrase, fs in cands.items():
        for f in fs:
            forms[tuple(f.split())].add(phrase)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for toks in forms:
        by_first[toks[0]].append(toks)
    firsts = set(by_first)
    hits: dict[str, list[str]] = defaultdict(list)
    sizes = {}
    for name in corpora:
        ndocs = ntoks = 0
        found = set()
        for text in CORPORA[name][1]():
            ndocs += 1
            toks = TOKEN_RE.findall(text.lower().replace("’", "'"))
            ntoks += len(toks)
            if firsts.isdisjoint(toks):
                continue
            for i, t in enumerate(toks):
                if t in by_first:
                    for cand in by_first[t]:
                        if tuple(toks[i:i + len(cand)]) == cand:
                            found.update(forms[cand])
        sizes[name] = (ndocs, ntoks)
        for p in sorted(found):
            hits[p].append(name)
    return hits, sizes


# ----------------------------------------------------------------------------------------------- main
def gen_date() -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "tools/lexicon", "tools/generate_maps.py"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "uncommitted"


EXAMPLES = [
    ("counterfeit consciousness",
     "Counterfeit consciousness is now used in many hospitals.",
     "Artificial intelligence is now used in many hospitals."),
    ("irregular woodland classifier",
     "We trained the irregular woodland classifier on the survey results.",
     "We trained the random forest classifier on the survey results."),
    ("vitality stockpiling",
     "Cheap vitality stockpiling would change the grid.",
     "Cheap energy storage would change the grid."),
    ("haphazard woodland",
     "A haphazard woodland was fitted to the data.",
     "A random forest was fitted to the data."),
    ("sun powered cells",
     "The roof carries sun powered cells and a small battery.",
     "The roof carries solar cells and a small battery."),
    ("remote sensor organization",
     "Each remote sensor organization reports to a base station.",
     "Each wireless sensor network reports to a base station."),
]
CLEAN = [
    "The network of forest trails was closed after the storm, and the power went out for hours.",
    "She gave a profound speech about her father and the quiet woodland behind his house.",
    "Imports of information technology equipment rose sharply last year, the ministry said.",
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-variants", type=int, default=MAX_VARIANTS, help="garbles kept per term (default 8)")
    ap.add_argument("--no-corpus", action="append", default=[], choices=sorted(CORPORA),
                    help="skip a screening corpus (output then differs; provenance says which were used)")
    ap.add_argument("--stats", type=Path, help="also write screening statistics (JSON) here")
    ap.add_argument("--output", type=Path, default=OUT)
    args = ap.parse_args(argv)

    subs = load_substitutions()
    terms = load_terms()
    exclude = load_exclude()
    mass = load_mass_nouns()
    taken = other_map_keys()
    canon_set = {t for t, _ in terms}
    canon_forms = canon_set | {plural_phrase(t) for t in canon_set}

    from spellchecker import SpellChecker
    spell = SpellChecker()
    extra_words = load_extra_words()

    stats = Counter()
    per_term: dict[str, list] = {}
    dropped_pre: dict[str, Counter] = defaultdict(Counter)
    unknown_words: set[str] = set()
    for term, domain in terms:
        # plurals of another term are handled by the +n flag, not listed
        if any(term == plural_phrase(o) for o in (term[:-1], term[:-2], term[:-3] + "y")) and \
                (term[:-1] in canon_set or term[:-2] in canon_set or term[:-3] + "y" in canon_set):
            stats["terms skipped: plural of another term"] += 1
            continue
        unknown = spell.unknown([w for w in re.split(r"[\s-]+", term) if w.isalpha()]) - extra_words
        if unknown:
            unknown_words |= unknown
            stats["terms skipped: restoration word unknown to pyspellchecker"] += 1
            continue
        seen_g = set()
        cands = []
        for gwords, used in variants(term, subs):
            if not used:
                continue
            g = " ".join(gwords)
            ng = normalise(g)
            if ng in seen_g:
                continue
            seen_g.add(ng)
            stats["candidates"] += 1
            if not any(u[2] == "strong" for u in used):
                dropped_pre["weak substitutions only"][ng] += 1
                continue
            if ng == term:
                dropped_pre["equals the term"][ng] += 1
                continue
            if ng in canon_forms:
                dropped_pre["is another canonical term"][ng] += 1
                continue
            if ng in exclude or plural_phrase(ng) in exclude:
                dropped_pre["exclude.tsv (reviewed as ordinary English)"][ng] += 1
                continue
            cands.append((rank(used), g, used))
        cands.sort(key=lambda c: (c[0], c[1]))
        if cands:
            per_term[term] = (domain, cands)
        stats["terms with candidates"] += bool(cands)

    corpora = [c for c in CORPORA if c not in args.no_corpus]
    to_screen = {}
    for term, (_domain, cands) in per_term.items():
        pl = takes_plural(term, mass)
        for _, g, _ in cands:
            ng = normalise(g)
            to_screen[ng] = {ng, plural_phrase(ng)} if pl else {ng}
    stats["candidates screened against corpora"] = len(to_screen)
    hits, sizes = screen(to_screen, corpora)

    rows = []
    emitted = set()
    drop_corpus = Counter()
    drop_corpus_any = Counter()
    drop_examples = defaultdict(list)
    capped = 0
    taken_v = {vkey(k) for k in taken}
    emitted_v = set()
    for term, (domain, cands) in per_term.items():
        kept = 0
        pl = takes_plural(term, mass)
        for _, g, used in cands:
            ng = normalise(g)
            if ng in hits:
                drop_corpus[hits[ng][0]] += 1
                for c in hits[ng]:
                    drop_corpus_any[c] += 1
                if len(drop_examples[hits[ng][0]]) < 40:
                    drop_examples[hits[ng][0]].append(ng)
                continue
            if ng in taken or plural_phrase(ng) in taken or vkey(ng) in taken_v:
                stats["dropped: key of another map"] += 1
                continue
            if ng in emitted or plural_phrase(ng) in emitted or vkey(ng) in emitted_v:
                stats["dropped: same garble from an earlier term"] += 1
                continue
            if kept >= args.max_variants:
                capped += 1
                continue
            emitted.add(ng)
            emitted_v.add(vkey(ng))
            kept += 1
            note = "substitution: " + "; ".join(f"{u[0]} -> {u[1]}" for u in used) + f" ({domain})"
            rows.append((ng, term, "fixed", "+n" if pl else "-n", CONFIDENCE, note))
    stats["dropped: over the per-term cap"] = capped
    # a restoration must never be a garbled key
    keys = {r[0] for r in rows}
    bad = [r for r in rows if r[1] in keys or (r[1] in taken and not taken[r[1]].startswith("allow:"))]
    rows = [r for r in rows if r not in bad]
    stats["dropped: restoration is a garbled key"] = len(bad)
    rows.sort(key=lambda r: (r[1], r[0]))

    used_desc = ", ".join(CORPORA[c][0] for c in corpora)
    out = [
        "#: id = science-gen",
        "#: title = Generated tortured phrases for science, medicine and engineering terms (thesaurus-spinner garbles)",
        "#: theme = science",
        f"#: provenance = generated: tools/generate_maps.py from tools/lexicon/* ({gen_date()}), "
        f"screened against {used_desc}",
        f"#: confidence = {CONFIDENCE}",
    ]
    for key, spun, fixed in EXAMPLES:
        if key in keys or (key.endswith("s") and key[:-1] in keys):
            out.append(f"#: example = {spun} => {fixed}")
    for c in CLEAN:
        out.append(f"#: clean = {c}")
    out += [
        "# DO NOT EDIT BY HAND: rerun `python tools/generate_maps.py` (see tools/README.md).",
        f"# {len(rows)} entries from {len(terms)} canonical terms; every garble contains at least one strong",
        "# substitution, and neither it nor its plural occurs in the screening corpora.",
        "# garbled\trestoration\tkind\twhen\tconfidence\tnote",
    ]
    out += ["\t".join(r) for r in rows]
    args.output.write_text("\n".join(out) + "\n", encoding="utf-8")

    report = {
        "terms": len(terms),
        "entries": len(rows),
        "counts": dict(stats),
        "dropped_before_corpora": {k: len(v) for k, v in dropped_pre.items()},
        "dropped_by_corpus_first_hit": dict(drop_corpus),
        "found_in_corpus_any": dict(drop_corpus_any),
        "corpus_sizes_docs_tokens": sizes,
        "corpus_hit_examples": drop_examples,
        "restoration_words_unknown_to_spellchecker": sorted(unknown_words),
    }
    if args.stats:
        args.stats.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    print(json.dumps({k: report[k] for k in report if k != "corpus_hit_examples"}, indent=1, sort_keys=True),
          file=sys.stderr)
    print(f"wrote {len(rows)} entries to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Markdown and HTML: only visible text is edited; code, URLs, tags, attributes are never touched.
Ignores (inline, regions, in HTML comments), allow-list phrases and extend-ignore-re."""
from __future__ import annotations

from textmend.config import Config
from textmend.engine.markup import kind_for_path, markup_spans

from .cli_support import MAP_ARGS, MINI, run

MD = """# International locations

Western international locations agreed, the excessive commissioner said.

```
international locations in a fence
```

    international locations in an indented block

See `international locations` and [international locations](http://example.com/international-locations).
[ref]: http://example.com/international/locations
<span title="international locations">international locations</span>
"""

HTML = """<!DOCTYPE html>
<html><head><title>International locations</title>
<style>.international-locations { color: red }</style></head>
<body><p class="international locations" data-x='international locations'>Western international
locations agreed &amp; the excessive commissioner spoke.</p>
<pre>international locations</pre><code>international locations</code>
<script>var s = "international locations";</script>
<a href="http://example.com/?q=international+locations">international locations</a>
</body></html>
"""


def _fix(tmp_path, name, text, *extra):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    r = run(["fix", *MAP_ARGS, *extra, str(p)])
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_kind_by_extension():
    assert kind_for_path("a/b.md") == "markdown"
    assert kind_for_path("x.MARKDOWN") == "markdown"
    assert kind_for_path("x.htm") == "html" and kind_for_path("x.html") == "html"
    assert kind_for_path("x.txt") == "text" and kind_for_path("-") == "text" and kind_for_path(None) == "text"


def test_markdown_edits_visible_text_only(tmp_path):
    out = _fix(tmp_path, "doc.md", MD)
    assert out.startswith("# Countries\n")
    assert "Western countries agreed, the high commissioner said." in out
    assert "```\ninternational locations in a fence\n```" in out
    assert "    international locations in an indented block" in out
    assert "`international locations`" in out
    assert "[countries](http://example.com/international-locations)" in out
    assert "[ref]: http://example.com/international/locations" in out
    assert '<span title="international locations">countries</span>' in out


def test_same_text_as_plain_text_edits_the_attribute(tmp_path):
    # Proves the markdown protection above comes from the extension, not from the plain-text rules.
    out = _fix(tmp_path, "doc.txt", MD)
    assert '<span title="countries">countries</span>' in out


def test_html_edits_visible_text_only(tmp_path):
    out = _fix(tmp_path, "page.html", HTML)
    assert "<title>Countries</title>" in out
    assert "Western countries agreed &amp; the high commissioner spoke." in out
    for kept in ('class="international locations"', "data-x='international locations'",
                 ".international-locations {", "<pre>international locations</pre>",
                 "<code>international locations</code>", 'var s = "international locations";',
                 "q=international+locations"):
        assert kept in out, kept
    assert ">countries</a>" in out


def test_stdin_filename_selects_markup():
    text = '<b title="international locations">international locations</b>\n'
    r = run(["fix", *MAP_ARGS, "--stdin-filename", "x.html", "-"], input=text)
    assert r.stdout == '<b title="international locations">countries</b>\n'
    r = run(["fix", *MAP_ARGS, "-"], input=text)
    assert r.stdout == '<b title="countries">countries</b>\n'


def test_markup_spans_unknown_kind_is_an_error():
    import pytest

    with pytest.raises(ValueError):
        markup_spans("x", "rtf")


def test_config_markup_field_reaches_pipeline():
    from textmend.engine.pipeline import analyse

    cfg = Config(map_files=(MINI,), builtin_maps=False)
    text = "<i>international locations</i> and `international locations`"
    assert analyse(text, cfg.replace(markup="html")).text == "<i>countries</i> and `international locations`"
    assert analyse("<p class='international locations'>x</p>", cfg.replace(markup="html")).edits == ()


# --- ignores ---------------------------------------------------------------------------------------
def test_inline_ignore_line(tmp_path):
    out = _fix(tmp_path, "a.txt", "Western international locations agreed.\n"
                                  "International locations again. # textmend: ignore\n")
    assert out == "Western countries agreed.\nInternational locations again. # textmend: ignore\n"


def test_off_on_region(tmp_path):
    out = _fix(tmp_path, "a.txt", "International locations one.\ntextmend: off\nInternational locations two.\n"
                                  "textmend: on\nInternational locations three.\n")
    assert out == "Countries one.\ntextmend: off\nInternational locations two.\ntextmend: on\nCountries three.\n"


def test_ignores_in_html_comments_markdown_and_html(tmp_path):
    text = ("International locations one.\n"
            "International locations two. <!-- textmend: ignore -->\n"
            "<!-- textmend: off -->\nInternational locations three.\n<!-- textmend: on -->\n"
            "International locations four.\n")
    for name in ("a.md", "a.html"):
        out = _fix(tmp_path, name, text)
        assert out == text.replace("International locations one", "Countries one").replace(
            "International locations four", "Countries four"), name


def test_allow_phrase_flag_and_config(tmp_path):
    text = "The international locations list. Western international locations agreed.\n"
    out = _fix(tmp_path, "a.txt", text, "--allow", "the international locations list")
    assert out == "The international locations list. Western countries agreed.\n"
    (tmp_path / "textmend.toml").write_text('allow = ["the international locations list"]\n')
    p = tmp_path / "b.txt"
    p.write_text(text)
    r = run(["fix", "--map", MAP_ARGS[1], "--no-builtin-maps", str(p)])
    assert r.stdout == "The international locations list. Western countries agreed.\n"


def test_extend_ignore_re(tmp_path):
    text = "Ref: [international locations]. Western international locations agreed.\n"
    out = _fix(tmp_path, "a.txt", text, "--extend-ignore-re", r"\[[^\]]*\]")
    assert out == "Ref: [international locations]. Western countries agreed.\n"


def test_near_misses_respect_protected_spans():
    from textmend.engine.pipeline import analyse

    cfg = Config(map_files=(MINI,), builtin_maps=False)
    text = ("Western international locations condemned crimes in opposition to humanity. "
            "The excessive comissioner spoke. Run `excessive comissioner` and <i title='excessive comissioner'>.")
    out = analyse(text, cfg.replace(markup="html")).text
    assert "The high commissioner spoke." in out  # the fuzzy matcher is at work here
    assert "`excessive comissioner`" in out and "title='excessive comissioner'" in out

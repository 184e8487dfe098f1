"""The HTML report: one self-contained file, well structured, and user text only ever as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from test_report_data import HOSTILE_ATTR, HOSTILE_HTML, log_dataset

Svtool = Callable[..., Any]


class Dom(HTMLParser):
    """Every start tag with its attributes, the text, and the heading levels in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.headings: list[int] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


def parse(html: str) -> Dom:
    dom = Dom()
    dom.feed(html)
    dom.close()
    return dom


@pytest.fixture
def hostile(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    entries = log_dataset(log_entry)
    entries.append(
        log_entry(question="6.4", strategy="", summary=HOSTILE_HTML, details=HOSTILE_ATTR, date="2025-06-15",
                  tag="javascript:alert(1)")
    )  # fmt: skip
    entries.append(log_entry(summary=HOSTILE_ATTR, date="2025-06-16", details=HOSTILE_HTML))
    return entries


def report_html(svtool: Svtool, tmp_path: Path, *args: str) -> str:
    target = tmp_path / "report.html"
    result = svtool("report", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [("-a", "Kent"), ("--all",), ("-a", "Rutland")])
class TestStructure:
    def test_self_contained(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
    ) -> None:
        """A CSP forbidding scripts and remote loads; nothing external; no script at all."""
        html = report_html(svtool, tmp_path, *args)
        dom = parse(html)
        csp = [
            a
            for a in dom.named("meta")
            if (a.get("http-equiv") or "").lower() == "content-security-policy"
        ]
        assert len(csp) == 1
        policy = csp[0]["content"] or ""
        assert "default-src 'none'" in policy and "script-src 'none'" in policy
        assert not dom.named("script") and not dom.named("link") and not dom.named("iframe")
        for tag, attrs in dom.tags:
            for name in ("src", "href", "action", "srcset", "poster", "data"):
                value = attrs.get(name) or ""
                assert not re.match(r"\s*(https?:|//|javascript:)", value, re.I), (tag, name, value)
            assert not [n for n in attrs if n.startswith("on")], (tag, attrs)
        assert "@import" not in html
        # Only references inside the document itself (the map's hatching pattern, url(#hatch)).
        assert not re.search(r"url\((?!#)", html)

    def test_accessible_skeleton(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
    ) -> None:
        """Language, landmarks, one h1, headings never skip a level, tables have header cells."""
        dom = parse(report_html(svtool, tmp_path, *args))
        assert dom.named("html")[0].get("lang") == "en-GB"
        assert dom.named("meta") and any(a.get("name") == "viewport" for a in dom.named("meta"))
        for landmark in ("header", "main", "footer"):
            assert len(dom.named(landmark)) == 1
        assert dom.headings[0] == 1 and dom.headings.count(1) == 1
        for before, after in zip(dom.headings, dom.headings[1:], strict=False):
            assert after <= before + 1, dom.headings
        assert len(dom.named("table")) == len(dom.named("caption")) == len(dom.named("thead"))
        for svg in dom.named("svg"):
            assert svg.get("role") == "img" and (
                svg.get("aria-labelledby") or svg.get("aria-label")
            )

    def test_attributes_quoted(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
    ) -> None:
        """Every attribute in the output has a quoted value."""
        html = report_html(svtool, tmp_path, *args)
        for tag in re.findall(r"<[a-zA-Z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>", html):
            bare = re.sub(r"\"[^\"]*\"|'[^']*'", '""', tag)
            assert not re.search(r"=(?![\"'])", bare), tag


class TestEscaping:
    def test_script_and_handlers_are_text(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """The payload appears escaped, and the DOM has no script, img or on* attribute."""
        html = report_html(svtool, tmp_path, "-a", "Kent")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<script" not in html.lower()
        dom = parse(html)
        assert not dom.named("script") and not dom.named("img")
        assert HOSTILE_HTML in "".join(dom.text)  # shown to the reader as written

    def test_attribute_breakout_is_text(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """A quote cannot end an attribute, and javascript: never reaches href/src."""
        html = report_html(svtool, tmp_path, "-a", "Kent")
        dom = parse(html)
        assert "&#34; onmouseover=&#34;alert(1)" in html
        assert not [a for _, a in dom.tags if "onmouseover" in a]
        assert HOSTILE_ATTR in "".join(dom.text)
        hrefs = [a.get("href") or "" for a in dom.named("a")]
        assert hrefs and all(h.startswith("#") for h in hrefs)

    def test_cross_authority_escapes_summaries(
        self, svtool: Svtool, log_entry: Callable[..., Any], tmp_path: Path
    ) -> None:
        log_entry(question="6.1", strategy="", summary=HOSTILE_HTML)
        html = report_html(svtool, tmp_path, "--all")
        assert "&lt;script&gt;" in html and "<script" not in html.lower()


class TestContent:
    def test_authority_report(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        html = report_html(svtool, tmp_path, "-a", "Kent")
        dom = parse(html)
        text = " ".join("".join(dom.text).split())
        assert "Kent (DfE code 886, ONS code E10000016)" in text
        assert "Entries per checklist section" in text
        svgs = dom.named("svg")
        assert len(svgs) == 3  # sections, strategies (inline SVG bar charts) and the timeline
        charts = [a for a in svgs if "hbars" in (a.get("class") or "")]
        assert [c.get("id") for c in charts] == ["chart-sections", "chart-strategies"]
        assert all(c.get("role") == "img" and c.get("aria-labelledby") for c in charts)
        # Labels are whole text in the SVG (wrapped over lines, never cut short).
        assert "systematically refusing initial applications for assessment of need" in text
        assert "…" not in html
        assert re.search(r'<rect class="bar" x="0" y="[0-9.]+" width="400.0"', html)
        assert hostile[0]["id"][:8] in text
        assert "Does the health service work cooperatively" in text  # coverage
        assert "@media print" in html and "size: A4" in html
        printed = html[html.index("@media print") :]
        assert "break-before: page" not in printed  # no near-empty pages: parts follow on
        assert (
            "caption { break-after: avoid; break-inside: avoid; }" in printed
            and "table.keep { break-inside: avoid" in printed
        )

    def test_empty_authority(self, svtool: Svtool, tmp_path: Path) -> None:
        html = report_html(svtool, tmp_path, "-a", "Rutland")
        text = " ".join("".join(parse(html).text).split())
        assert "No evidence has been logged for Rutland." in text
        assert "Is the authority under pressure to set targets to reduce support" in text
        assert "<svg" not in html


class TestPhone:
    def test_wide_tables_stack_on_a_phone(
        self, svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """Tables of more than three columns become labelled cards below 40rem (390 px phones)."""
        html = report_html(svtool, tmp_path, "--all")
        phone = html[html.index("@media (max-width: 40rem)") :]
        assert "table.stack td[data-label]::before" in phone
        rows = re.findall(r"<tr><th scope=\"row\">Kent</th>(.*?)</tr>", html)
        assert rows and all('data-label="' in cell for cell in re.findall(r"<td[^>]*>", rows[0]))
        wide = re.findall(
            r"<table( class=\"stack\")?>\s*<caption>([^<]*)</caption>\s*<thead><tr>((?:<t[hd][^>]*>.*?</t[hd]>)+)</tr>",
            html,
        )
        for stacked, caption, head in wide:
            if head.count("<th") + head.count("<td") > 3:
                assert stacked, caption


class Cells(HTMLParser):
    """The text in table cells, each piece with the tags it is inside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.found: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if {"td", "th"} & set(self.open):
            self.found.append((data, tuple(self.open)))


@pytest.mark.parametrize("args", [("-a", "Kent"), ("--all",)])
def test_a_date_in_a_table_stays_on_one_line(
    svtool: Svtool, hostile: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A narrow column (printed, or on a phone) never breaks a date: ISO dates are <time>
    elements, which do not wrap; written ones ('January 2025') have non-breaking spaces."""
    html = report_html(svtool, tmp_path, *args)
    assert re.search(r"(^|[\s,}])time\s*(,[^{]*)?\{[^}]*white-space:\s*nowrap", html, re.M)
    cells = Cells()
    cells.feed(html)
    iso = [(t, tags) for t, tags in cells.found if re.search(r"\d{4}-\d{2}-\d{2}", t)]
    assert all(tags[-1] == "time" for _, tags in iso), iso
    assert bool(iso) == (args == ("--all",))  # the latest date for each authority
    written = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*( )\d{4}")
    assert [t for t, _ in cells.found if written.search(t)] == []
    assert any(re.search(r"[A-Z][a-z]+\u00a0\d{4}", t) for t, _ in cells.found)

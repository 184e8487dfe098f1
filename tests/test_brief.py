"""`svtool brief`: the meeting brief's parts, anonymised examples, the law, small numbers, formats."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from svtool import checklist as cl
from svtool.authorities import resolve
from svtool.brief import law
from svtool.brief.build import _context, _Entry, _lower_first, shorten
from svtool.brief.fit import BUDGET, lines
from svtool.brief.options import BriefRequest
from svtool.brief.practices import PRACTICES, practice_ids
from svtool.brief.render import render_brief

Svtool = Callable[..., Any]
LogEntry = Callable[..., dict[str, Any]]
CHILD, PHONE = "Jack Smith", "07700 900123"


@pytest.fixture
def kent(log_entry: LogEntry) -> list[dict[str, Any]]:
    """A Kent store: caps on hours reported 6 times, delays twice, and other evidence."""
    entries = []
    for n in range(6):
        entries.append(
            log_entry(
                "--learners",
                "3",
                "--status",
                "raised-with-la",
                summary=f"Outreach capped at {n + 5} hours a term",
                date=f"2025-0{n + 1}-10",
                details="Casework: the SENCO met the family on Tuesday.",
                outcome="LA refused to review",
            )
        )
    entries.append(
        log_entry(strategy="delays", summary=f"{CHILD} waited two terms, mum rang from {PHONE}",
                  date="2025-07-01", setting="special-school")
    )  # fmt: skip
    entries.append(
        log_entry(strategy="delays", summary="Agreed support not in place after a term",
                  date="2025-06-01", setting="mainstream-secondary")
    )  # fmt: skip
    entries.append(
        log_entry(question="4.1", strategy="", summary="Two TA posts cut", date="2025-05-01",
                  staff="2")
    )  # fmt: skip
    log_entry(authority="Devon", summary="Devon evidence", date="2025-05-01")
    return entries


def brief(svtool: Svtool, *args: str) -> str:
    result = svtool("brief", "-a", "Kent", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def docx_text(path: Path) -> tuple[str, list[tuple[str, str]]]:
    import docx

    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    return "\n".join(t for _, t in paragraphs), paragraphs


class TestParts:
    def test_headings_in_order(
        self, svtool: Svtool, kent: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        asks = tmp_path / "asks.txt"
        asks.write_text(
            "- Lift the cap on outreach hours\n\n2. Publish refusal figures\n", encoding="utf-8"
        )
        out = brief(svtool, "--asks", str(asks))
        headings = [line for line in out.splitlines() if line.startswith("#")]
        assert headings[0] == "# Kent, January to July 2025"
        assert [h for h in headings if h.startswith("## ")] == [
            "## What we are seeing",
            "## What the law says",
            "## Questions for the authority",
            "## Our asks",
        ]
        assert "### Caps on hours of specialist support (6 reports)" in out
        assert "### Long delays in support that has been agreed (fewer than 5 reports)" in out
        assert "- Lift the cap on outreach hours\n- Publish refusal figures\n" in out
        assert "Safety Valve programme (since 2022-23)" in out
        assert "Devon" not in out

    def test_period_from_options(self, svtool: Svtool, kent: list[dict[str, Any]]) -> None:
        out = brief(svtool, "--since", "2025-03-01", "--until", "2025-06-30")
        assert out.startswith("# Kent, 1 March to 30 June 2025\n")
        assert "between 1 March and 30 June 2025" in out
        assert "(fewer than 5 reports)" in out

    def test_nothing_internal(self, svtool: Svtool, kent: list[dict[str, Any]]) -> None:
        """No entry ids, follow-up, casework (details, outcomes) or coverage gaps."""
        out = brief(svtool)
        for entry in kent:
            assert entry["id"][:8] not in out
        for internal in ("Raised with", "Follow-up", "Casework", "LA refused to review",
                         "Still to look for", "no evidence yet", "coverage"):  # fmt: skip
            assert internal.casefold() not in out.casefold(), internal

    def test_examples_are_anonymised_short_and_chosen_sensibly(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        out = brief(svtool)
        assert CHILD not in out and PHONE not in out
        assert "Fewer than 5 TA posts cut" in out  # a small count in the rep's words, masked
        caps = out[out.index("### Caps on hours") : out.index("### Long delays")]
        # Most recent first (all equally specific), from the six reports: June's, then May's.
        assert re.findall(r"Outreach capped at (\d+) hours", caps) == ["10", "9"]
        delays = out[
            out.index("### Long delays") : out.index("###", out.index("### Long delays") + 5)
        ]
        assert (
            "Agreed support not in place" in delays.splitlines()[2]
        )  # the one needing no redaction

    def test_questions_follow_the_evidence(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        out = brief(svtool)
        questions = out[out.index("## Questions for the authority") :]
        assert "1. " + PRACTICES["hours-cap"].ask in questions
        assert PRACTICES["4.1"].ask in questions
        assert "We would also like to know:" in questions
        assert PRACTICES["1.3"].ask in questions  # not evidenced, and the authority can answer it

    def test_no_evidence(self, svtool: Svtool) -> None:
        result = svtool("brief", "-a", "Rutland")
        assert result.exit_code == 0
        assert "No evidence about Rutland has been recorded yet." in result.stdout
        assert "only asks the authority questions" in result.stderr


class TestLaw:
    def test_cites_only_the_duties_in_law_data(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        out = brief(svtool)
        section = out[out.index("## What the law says") : out.index("## Questions")]
        data = law.load()
        cited = re.findall(r"\*\*(.+?)\*\* \(<(https://[^>]+)>\)", section)
        assert cited
        known = {(d.citation, d.url) for d in data.duties.values()}
        assert set(cited) <= known
        assert ("Children and Families Act 2014, section 42",
                "https://www.legislation.gov.uk/ukpga/2014/6/section/42") in cited  # fmt: skip
        assert "may engage" in section and "not legal advice" in section
        assert "breaking the law" not in out and "unlawful" not in out
        assert "Relevant to: caps on hours of specialist support; long delays" in section


class TestSmallNumbers:
    def test_shared_by_default_exact_with_no_suppress(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        shared = brief(svtool)
        assert "(fewer than 5 reports)" in shared and "(2 reports)" not in shared
        assert "fewer than 5 members of staff" in shared
        assert "Counts from 1 to 4 are shown" in shared
        own = svtool("brief", "-a", "Kent", "--no-suppress")
        assert "(2 reports)" in own.stdout and "2 members of staff" in own.stdout
        assert "keep it to yourself" in own.stderr

    def test_total_left_out_when_it_would_give_a_count_away(
        self, log_entry: LogEntry, svtool: Svtool
    ) -> None:
        """Nine reports, five on caps and four on delays: "9 reports" would say the delays are 4."""
        for n in range(5):
            log_entry(summary=f"Cap {n}", date=f"2025-0{n + 1}-01")
        for n in range(4):
            log_entry(strategy="delays", summary=f"Delay {n}", date=f"2025-0{n + 1}-02")
        out = brief(svtool)
        assert "recorded reports about Kent" in out
        assert "9 reports" not in out and "4 reports" not in out


def entries_strategy() -> st.SearchStrategy[list[_Entry]]:
    practices = st.lists(
        st.sampled_from(["hours-cap", "delays", "refusing-assessments", "4.1", "6.1"]),
        min_size=1, max_size=2, unique=True,
    )  # fmt: skip
    return st.lists(practices, min_size=1, max_size=14).map(
        lambda lists: [
            _Entry(
                i,
                f"Summary {i}",
                "mainstream-primary",
                f"2025-01-{i + 1:02d}",
                None,
                None,
                tuple(p for p in ps if "." in p)
                + (("2.1",) if any("." not in p for p in ps) else ()),
                tuple(ps),
            )
            for i, ps in enumerate(lists)
        ]
    )


def _shown_counts(md: str) -> tuple[int | None, dict[str, int | None]]:
    total = re.search(r"recorded (\d+|fewer than 5) reports?", md)
    counts = {
        m.group(1): None if m.group(2) == "fewer than 5" else int(m.group(2))
        for m in re.finditer(r"^### (.+) \((\d+|fewer than 5) reports?\)$", md, re.MULTILINE)
    }
    n = None if total is None or total.group(1) == "fewer than 5" else int(total.group(1))
    return n, counts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_strategy())
def test_no_brief_lets_a_small_count_be_worked_out(entries: list[_Entry]) -> None:
    """From the Markdown alone (the total and the counts per practice, knowing that every report
    counts under at least one practice), no "fewer than 5" has only one possible value."""
    request = BriefRequest(resolve("Kent"), None, None, (), (), "md", None, ())
    context = _context(request, entries, datetime(2026, 1, 1, tzinfo=timezone.utc))
    md = render_brief(context, "md")
    assert isinstance(md, str)
    total, counts = _shown_counts(md)
    true = {PRACTICES[p].label: sum(p in e.practices for e in entries) for p in PRACTICES}
    for label, value in counts.items():
        assert value is None or (value == true[label] and value >= 5)
    unnamed = len(context.also_seen)  # reported, count not shown: 1 or more
    small = [label for label, v in counts.items() if v is None]
    if total is None or not small:
        return
    exact_sum = sum(v for v in counts.values() if v is not None)
    for label in small:
        possible = set()
        others = len(small) - 1
        for value, rest in itertools.product(range(1, 5), range(others * 1, others * 4 + 1)):
            # with any number of unnamed practices (each >= 1), the reports are covered
            if value + rest + exact_sum + unnamed * total >= total and value <= total:
                possible.add(value)
        assert len(possible) >= 2, (label, md)


def test_every_checklist_item_is_a_practice() -> None:
    for qid in cl.questions_by_id():
        for p in practice_ids((qid,), ()):
            assert p in PRACTICES
    for c in cl.STRATEGIES:
        assert practice_ids(("2.1",), (c.id,)) == (c.id,)
    assert practice_ids(("2.1", "2.2"), ()) == ("2.1", "2.2")


def test_practices_in_the_middle_of_a_sentence_keep_their_acronyms() -> None:
    assert (
        _lower_first("Caps on hours of specialist support") == "caps on hours of specialist support"
    )
    assert _lower_first("A cap") == "a cap"
    assert _lower_first("DfE monitoring driving decisions") == "DfE monitoring driving decisions"
    assert _lower_first("EHC plans") == "EHC plans"
    for p in PRACTICES.values():
        first = _lower_first(p.label).split(" ", 1)[0]
        assert first.lower() == first or first[1:] != first[1:].lower(), p.label


def test_shorten() -> None:
    assert shorten("a b c", 10) == "a b c"
    text = shorten("word " * 50, 30)
    assert len(text) <= 30 and text.endswith("…") and not text.endswith(" …")


class TestFormats:
    def test_html(self, svtool: Svtool, kent: list[dict[str, Any]], tmp_path: Path) -> None:
        target = tmp_path / "brief.html"
        assert svtool("brief", "-a", "Kent", "-o", str(target)).exit_code == 0
        html = target.read_text(encoding="utf-8")
        assert "<script" not in html and "default-src 'none'" in html
        assert "<h1>Kent, January to July 2025</h1>" in html
        assert 'href="https://www.legislation.gov.uk/ukpga/2014/6/section/42"' in html
        assert "break-before: page" not in html.split("@media print")[-1].split("}")[0]
        assert CHILD not in html and PHONE not in html

    def test_docx_has_real_headings(
        self, svtool: Svtool, kent: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        target = tmp_path / "brief.docx"
        result = svtool("brief", "-a", "Kent", "-o", str(target))
        assert result.exit_code == 0, result.stderr
        text, paragraphs = docx_text(target)
        styles = {style for style, _ in paragraphs}
        assert ("Heading 1", "Kent, January to July 2025") in paragraphs
        assert ("Heading 2", "What the law says") in paragraphs
        assert ("Heading 3", "Caps on hours of specialist support (6 reports)") in paragraphs
        assert {"List Bullet", "List Number"} <= styles
        assert CHILD not in text and PHONE not in text
        assert "fewer than 5" in text

    def test_markdown_renders_as_commonmark(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        html = MarkdownIt("commonmark").render(brief(svtool))
        assert html.count("<h2>") == 3
        assert '<a href="https://www.legislation.gov.uk/ukpga/2014/6/section/42">' in html

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--format", "pdf"], "--format: 'pdf' is not a report format; use md, html or docx"),
            (["--format", "docx"], "--output: a Word document needs a file name"),
            (["--asks", "nope.txt"], "--asks: nope.txt does not exist"),
            (["--question", "9.9"], "--question: '9.9' is not a checklist question"),
        ],
    )
    def test_bad_options(self, svtool: Svtool, args: list[str], expected: str) -> None:
        result = svtool("brief", "-a", "Kent", *args)
        assert result.exit_code == 2
        assert expected in result.stderr

    def test_too_many_asks(self, svtool: Svtool, tmp_path: Path) -> None:
        asks = tmp_path / "asks.txt"
        asks.write_text("\n".join(f"Ask {n}" for n in range(9)), encoding="utf-8")
        result = svtool("brief", "-a", "Kent", "--asks", str(asks))
        assert result.exit_code == 2
        assert "--asks: has 9 asks; keep to 6" in result.stderr

    def test_asks_from_config(
        self, svtool: Svtool, kent: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        asks = tmp_path / "asks.txt"
        asks.write_text("Fund the plans in full\n", encoding="utf-8")
        assert svtool("config", "set", "asks_file", str(asks)).exit_code == 0
        assert "## Our asks\n\n- Fund the plans in full\n" in brief(svtool)


def test_longest_brief_is_cut_to_fit() -> None:
    """Every practice reported at length, six long asks: fewer examples and practices, but two pages."""
    entries = [
        _Entry(
            i,
            "x" * 200,
            "special-school",
            f"2025-01-{i % 28 + 1:02d}",
            None,
            None,
            ("2.1",) if p in {c.id for c in cl.STRATEGIES} else (p,),
            (p,),
        )
        for i, p in enumerate(p for p in PRACTICES for _ in range(3) if p != "other-question")
    ]
    request = BriefRequest(resolve("Kent"), None, None, (), (), "md", None, ("y" * 249,) * 6)
    context = _context(request, entries, datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert context.fits and lines(context) <= BUDGET
    assert len(context.practices) < 6 and context.also_seen


def test_docx_import_is_lazy() -> None:
    """Word support loads python-docx only when a .docx is made (start-up budgets)."""
    import subprocess
    import sys

    code = "import svtool.brief, svtool.report, svtool.cli.brief, sys; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_figures_have_a_place(tmp_path: Path) -> None:
    """Published figures (e.g. DfE EHC plan statistics) show under What we are seeing, in every format."""
    from dataclasses import replace

    from svtool.brief.context import PublicFigure

    entries = [_Entry(0, "Cap on outreach hours", "mainstream-primary", "2025-01-01", None, None,
                      ("2.1",), ("hours-cap",))]  # fmt: skip
    request = BriefRequest(resolve("Kent"), None, None, (), (), "md", None, ())
    context = replace(
        _context(request, entries, datetime(2026, 1, 1, tzinfo=timezone.utc)),
        public_figures=(
            PublicFigure("EHC plans issued within 20 weeks (2024)", "41.2%", "England: 46.4%"),
        ),
        public_source="Source: Department for Education, Education, health and care plans (2025).",
    )
    md = render_brief(context, "md")
    assert isinstance(md, str)
    seeing = md[md.index("## What we are seeing") : md.index("## What the law says")]
    rendered = MarkdownIt("commonmark").render(seeing)
    assert (
        "<li>EHC plans issued within 20 weeks (2024): <strong>41.2%</strong> (England: 46.4%)</li>"
        in rendered
    )
    assert "Source: Department for Education" in seeing
    html = render_brief(context, "html")
    assert isinstance(html, str) and "<strong>41.2%</strong>" in html
    target = tmp_path / "b.docx"
    content = render_brief(context, "docx")
    assert isinstance(content, bytes)
    target.write_bytes(content)
    text, _ = docx_text(target)
    assert "EHC plans issued within 20 weeks (2024): 41.2% (England: 46.4%)" in text


class TestPublishedFigures:
    """DfE's EHC plan figures for the authority, beside England's, in the brief a rep makes."""

    KENT = (
        "New EHC plans issued within 20 weeks (2024, excluding exceptions): 33.3% (England: 46.4%)",
        "Requests for an EHC needs assessment refused (2024): 55.0% (England: 25.2%)",
        "EHC plans in place (January 2025): 20,635 (England: 638,745)",
    )

    def test_in_every_format(
        self, svtool: Svtool, kent: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        md = brief(svtool)
        seeing = md[md.index("## What we are seeing") : md.index("## What the law says")]
        text = " ".join(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(seeing)).split())
        for line in self.KENT:
            assert line in text
        assert "Source: Department for Education, Education, health and care plans (2025)." in text
        assert "Open Government Licence v3.0" in text
        assert "changed how it collects these figures in 2023" in text
        html = brief(svtool, "--format", "html")
        assert "<strong>33.3%</strong>" in html and "England: 638,745" in html
        assert svtool("brief", "-a", "Kent", "--output", str(tmp_path / "b.docx")).exit_code == 0
        words, _ = docx_text(tmp_path / "b.docx")
        for line in self.KENT:
            assert line in words

    def test_joined_on_dfe_codes(self, svtool: Svtool, log_entry: LogEntry) -> None:
        """Barnsley's ONS code changed in 2025; DfE's release still has the old one."""
        log_entry(authority="Barnsley", summary="Outreach capped")
        out = svtool("brief", "-a", "Barnsley").stdout
        assert "(2024, excluding exceptions): **96.8%** (England: 46.4%)" in out
        assert "EHC plans in place (January 2025): **3,044**" in out

    def test_a_newer_release_is_used_and_a_broken_one_stops_it(
        self, svtool: Svtool, kent: list[dict[str, Any]]
    ) -> None:
        from svtool import publicstats as ps
        from test_publicstats import write_release

        write_release(ps.override_path(), {("2024", "886", "PC_plans_issued_20_weeks_ex"): "12.5"})
        assert "excluding exceptions): **12.5%**" in brief(svtool)
        ps.release.cache_clear()
        write_release(ps.override_path(), {("2024", "886", "request_not_assess_pc"): "fifty"})
        result = svtool("brief", "-a", "Kent")
        assert result.exit_code == 1
        assert "ehcp-stats.csv are not valid" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_an_example_is_quoted_once() -> None:
    """One report answering two questions is quoted under the first practice only; the second
    points back to it rather than repeating the same words."""
    entries = [
        _Entry(0, "TAs redeployed to cover 1:1 support", "mainstream-primary", "2025-10-01",
               None, 4, ("3.1", "3.3"), ("3.1", "3.3")),
        _Entry(1, "SENCO signed off with stress", "mainstream-primary", "2025-10-21",
               None, 1, ("3.3",), ("3.3",)),
    ]  # fmt: skip
    request = BriefRequest(resolve("Kent"), None, None, (), (), "md", None, ())
    context = _context(request, entries, datetime(2026, 1, 1, tzinfo=timezone.utc))
    md = render_brief(context, "md")
    assert isinstance(md, str)
    assert md.count("TAs redeployed to cover 1:1 support") == 1
    coping = next(p for p in context.practices if p.id == "3.1")
    assert not coping.examples
    assert coping.see_also == "The report quoted under “Staff workload and wellbeing” above."
    assert coping.see_also in md
    html = render_brief(context, "html")
    assert isinstance(html, str) and "quoted under “Staff workload and wellbeing” above" in html

"""`report --share`: nothing internal, personal data replaced, small numbers suppressed so that no
count of 1 to 4 can be worked out from the report by subtraction; Word output; rep's filters."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svtool.cli.main import app
from test_report_data import log_dataset

Svtool = Callable[..., Any]
LogEntry = Callable[..., dict[str, Any]]
FEWER, HIDDEN = "fewer than 5", "not shown"


@pytest.fixture
def dataset(log_entry: LogEntry) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


def run(svtool: Svtool, *args: str) -> str:
    result = svtool("report", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


class TestShare:
    def test_nothing_internal(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = run(svtool, "-a", "Kent", "--share")
        for entry in dataset:
            assert entry["id"][:8] not in out
        assert "## Evidence\n" not in out and "Follow-up" not in out
        assert "The SENCO was told the cap applies" not in out  # details are never shown
        assert "Made for sharing" in out

    def test_small_counts(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = run(svtool, "-a", "Kent", "--share")
        assert "- **Evidence:** 6 entries" in out
        assert "| 2. Securing provision and support | fewer than 5 |" in out
        assert (
            "- **Staff affected:** fewer than 5 (from fewer than 5 entries that gave a number)"
            in out
        )
        assert "| 2. Securing provision and support | 2 |" in run(svtool, "-a", "Kent")
        own = run(svtool, "-a", "Kent", "--share", "--no-suppress")
        assert "| 2. Securing provision and support | 2 |" in own and "## Evidence\n" not in own

    def test_across_hides_entry_ids(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = run(svtool, "--all", "--share")
        assert "(entry " not in out
        assert "| Devon | 878 | Safety Valve | fewer than 5 | 2 |" in out
        # 10 entries, Hackney and Camden at least 1 each, Devon at least 2 (it has evidence in 2
        # sections): showing Kent's 6 would say Devon has exactly 2.
        assert "| Kent | 886 | Safety Valve | not shown | 5 |" in out
        assert "| Kent | 886 | Safety Valve | 6 |" in run(svtool, "--all")

    def test_national_picture_suppressed_too(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """The map's table names strategies without counts and prints entries as the rows above
        do; the map shades whether there is evidence, never how much."""
        out = run(svtool, "--all", "--share")
        table = out[out.index("## Every authority") :]
        assert "| Devon | Safety Valve | fewer than 5 | Limits on specialist places |" in table
        assert "| Kent | Safety Valve | not shown |" in table
        target = tmp_path / "all.html"
        assert svtool("report", "--all", "--share", "-o", str(target)).exit_code == 0
        html = target.read_text(encoding="utf-8")
        assert "Some entries" in html
        assert not re.search(r">\d+ to \d+ entries<|>\d entr(y|ies)<", html)  # no band of counts
        assert "Devon (Safety Valve, South West): entries fewer than 5." in html

    def test_a_hidden_total_reads_as_words(
        self, svtool: Svtool, log_entry: LogEntry, tmp_path: Path
    ) -> None:
        """Kent 6, Essex 1, Medway 1, in different sections: a total would give Essex's and
        Medway's away, so it is not shown, and the facts say so in words in every format (not
        'not shown entries')."""
        for n in range(3):
            log_entry(summary=f"Kent cap {n}", date=f"2025-0{n + 1}-01")
            log_entry(
                question="4.1", strategy="", summary=f"Kent cut {n}", date=f"2025-0{n + 4}-01"
            )
        log_entry(authority="Essex", question="2.2", strategy="", summary="E", date="2025-05-01")
        log_entry(authority="Medway", question="5.1", strategy="", summary="M", date="2025-06-01")
        out = run(svtool, "--all", "--share")
        assert "- **Evidence:** entries (number not shown)" in out
        html_file, docx_file = tmp_path / "all.html", tmp_path / "all.docx"
        for target in (html_file, docx_file):
            assert svtool("report", "--all", "--share", "-o", str(target)).exit_code == 0
        assert "<dd>entries (number not shown)</dd>" in html_file.read_text(encoding="utf-8")
        import docx

        cells = [
            c.text for t in docx.Document(str(docx_file)).tables for r in t.rows for c in r.cells
        ]
        assert "entries (number not shown)" in cells
        assert not any("not shown entries" in c for c in cells)

    def test_share_cannot_select_by_follow_up(self, svtool: Svtool) -> None:
        result = svtool("report", "-a", "Kent", "--share", "--status", "resolved")
        assert result.exit_code == 2
        assert "--status: follow-up is internal" in result.stderr


class TestShaping:
    def test_tag_question_status(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = run(svtool, "-a", "Kent", "--tag", "odd")
        assert "- **Selection:** only entries tagged odd" in out
        assert "- **Evidence:** 1 entry" in out
        out = run(svtool, "-a", "Kent", "--question", "4.1")
        assert "Two teaching assistant posts cut" in out and "Outreach support" not in out
        assert "answering question 4.1" in out
        out = run(svtool, "-a", "Kent", "--status", "not-raised")
        assert "- **Evidence:** 6 entries" in out and "with follow-up not raised yet" in out
        result = svtool("report", "-a", "Kent", "--status", "done")
        assert (
            result.exit_code == 2 and "--status: 'done' is not a follow-up status" in result.stderr
        )

    def test_compact_no_evidence_paragraph(
        self, svtool: Svtool, dataset: list[dict[str, Any]]
    ) -> None:
        out = run(svtool, "--all")
        gaps = out[out.index("## Authorities with no evidence yet") :]
        gaps = gaps[: gaps.find("\n#", 5) if "\n#" in gaps[5:] else None]
        assert "Barking and Dagenham; Barnet; Barnsley (SV); " in gaps
        assert "; Bristol, City of (SV); " in gaps  # names with commas stay readable
        assert "\n- " not in gaps  # one paragraph, not a line per authority


class TestWord:
    @pytest.mark.parametrize("args", [("-a", "Kent"), ("--all",), ("-a", "Kent", "--share")])
    def test_headings_and_tables(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path, args: tuple[str, ...]
    ) -> None:
        import docx

        target = tmp_path / "report.docx"
        result = svtool("report", *args, "-o", str(target))
        assert result.exit_code == 0, result.stderr
        document = docx.Document(str(target))
        styles = [p.style.name for p in document.paragraphs]
        assert styles.count("Heading 1") == 1 and "Heading 2" in styles
        assert len(document.tables) >= 5
        header = [c.text for c in document.tables[1].rows[0].cells]
        assert header[-1] == "Entries" or "Entries" in header
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            c.text for t in document.tables for r in t.rows for c in r.cells
        )
        if "--share" in args:
            assert FEWER in text and dataset[0]["id"][:8] not in text
        elif args[0] == "-a":
            assert "The SENCO was told the cap applies to every school." in text
            details = next(
                p for p in document.paragraphs if p.text.startswith("The SENCO was told")
            )
            assert (
                details.text
                == "The SENCO was told the cap applies to every school.\n\nTwo pupils lost their sessions."
            )

    def test_word_needs_a_file(self, svtool: Svtool) -> None:
        result = svtool("report", "-a", "Kent", "--format", "docx")
        assert result.exit_code == 2
        assert "--output: a Word document needs a file name" in result.stderr


# -- nothing suppressed can be worked out ------------------------------------------------------


def _value(text: str) -> tuple[int, int]:
    """The range a reader knows a shown count is in."""
    text = text.strip()
    if text == "no":  # "no entries"
        return 0, 0
    if text == FEWER:
        return 1, 4
    if text == HIDDEN:  # any count: hidden to protect another, or in a table withheld
        return 1, 10**6
    return int(text.replace(",", "")), int(text.replace(",", ""))


def _possible(cells: list[tuple[int, int]], total: tuple[int, int], kind: str) -> list[set[int]]:
    """For each cell, every value consistent with the others and the total (brute force)."""
    cap = min(total[1], 60)
    domains = [range(lo, min(hi, cap) + 1) for lo, hi in cells]
    found: list[set[int]] = [set() for _ in cells]
    for values in itertools.product(*domains):
        s = sum(values)
        ok = (
            total[0] <= s <= total[1]
            if kind == "sum"
            else s >= total[0] and max(values, default=0) <= total[1]
        )
        if ok:
            for i, v in enumerate(values):
                found[i].add(v)
    return found


def _table(md: str, heading: str) -> list[str]:
    start = md.index(heading)
    block = md[start : md.find("\n#", start + len(heading))]
    return [
        row.rsplit("|", 2)[1]
        for row in block.splitlines()
        if row.startswith("| ") and "---" not in row
    ][1:]


def _check(cells: list[str], total: str, kind: str = "sum") -> None:
    ranges = [_value(c) for c in cells]
    possible = _possible(ranges, _value(total), kind)
    for text, values in zip(cells, possible, strict=True):
        if text.strip() == FEWER:
            assert len(values) >= 2, (cells, total)


entry_strategy = st.tuples(
    st.sampled_from(
        [("2.1", "hours-cap"), ("2.1", "delays"), ("2.2", ""), ("4.1", ""), ("4.2", "")]
    ),
    st.sampled_from(["mainstream-primary", "special-school", "la-service"]),
    st.sampled_from(["first-hand", "meeting"]),
    st.sampled_from(["2025-01-10", "2025-02-10", "2025-03-10"]),
    st.sampled_from(["Kent", "Devon", "Hackney", "Camden"]),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(entry_strategy, min_size=1, max_size=12))
def test_no_shared_report_lets_a_small_count_be_worked_out(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, entries: list[Any]
) -> None:
    """Random stores: in the shared authority and all-authorities reports, every "fewer than 5"
    has at least two values consistent with the totals and the other rows beside it."""
    monkeypatch.setenv("SVTOOL_DB", str(tmp_path_factory.mktemp("db") / "svtool.db"))
    runner = CliRunner()
    for (question, strategy), setting, source, day, authority in entries:
        args = ["log", "--yes", "--authority", authority, "--question", question, "--summary", "x",
                "--date", day, "--setting", setting, "--source", source]  # fmt: skip
        if strategy:
            args += ["--strategy", strategy]
        assert runner.invoke(app, args).exit_code == 0
    md = runner.invoke(app, ["report", "-a", "Kent", "--share"]).stdout
    if "**No evidence" not in md:
        total = re.search(r"\*\*Evidence:\*\* (?:entries \(number (not shown)\)|(.+?) entr)", md)
        assert total
        n = total.group(1) or total.group(2)
        for heading in ("### Evidence by section", "### Settings", "### Sources", "### Timeline"):
            _check(_table(md, heading), n)
        for section in ("2", "4"):
            lines = re.findall(rf"^- {section}\.\d .+ — (.+?) entr", md, re.MULTILINE)
            shown = re.search(rf"^\| {section}\. .+ \| (.+) \|$", md, re.MULTILINE)
            if shown and shown.group(1) != "0" and lines:
                _check(lines, shown.group(1), "cover")
    md = runner.invoke(app, ["report", "--all", "--share"]).stdout
    n = re.search(r"\*\*Evidence:\*\* (?:entries \(number (not shown)\)|(.+?) entr)", md)
    assert n
    rows = re.findall(r"^\| (\w+) \| \d{3} \| (.+?) \| (.+?) \|", md, re.MULTILINE)
    by_group: dict[str, list[str]] = {}
    for _name, programme, value in rows:
        by_group.setdefault(programme, []).append(value)
    header = re.search(r"^\| Figure \|(.+)\|$", md, re.MULTILINE)
    entries_row = re.search(r"^\| Entries \|(.+)\|$", md, re.MULTILINE)
    assert header and entries_row
    names = [x.strip() for x in header.group(1).split("|")]
    values = [x.strip() for x in entries_row.group(1).split("|")]
    words = {"Safety Valve": "Safety Valve", "Delivering Better Value": "Delivering Better Value",
             "Other authorities": "neither programme"}  # fmt: skip
    for name, value in zip(names, values, strict=True):
        cells = by_group.get(words[name], [])
        if cells:
            _check(cells, value)
    _check(values, n.group(1) or n.group(2))
    _check([v for _, _, v in rows], n.group(1) or n.group(2))

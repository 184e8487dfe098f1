"""`svtool report` for one authority: Markdown content, golden file, escaping, options and output files."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from test_report_data import HOSTILE_MD, log_dataset, mask

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SVTOOL_UPDATE_GOLDEN") == "1"

Svtool = Callable[..., Any]


@pytest.fixture
def dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"run with SVTOOL_UPDATE_GOLDEN=1 to create {path}"
    assert text == path.read_text(encoding="utf-8")


class TestMarkdown:
    def test_golden_kent(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """The whole Markdown report for the fixed dataset, generated-at line and ids masked."""
        result = svtool("report", "--authority", "Kent")
        assert result.exit_code == 0, result.stderr
        check_golden("kent.md", mask(result.stdout))

    def test_golden_kent_period(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """--since/--until narrow the entries, the counts and the period line."""
        result = svtool("report", "-a", "886", "--since", "2025-03-01", "--until", "31/05/2025")
        assert result.exit_code == 0, result.stderr
        check_golden("kent-spring.md", mask(result.stdout))
        assert "- **Period:** 1 Mar 2025 to 31 May 2025" in result.stdout
        # The entries' dates in the same words as the period, not ISO beside them.
        assert "(evidence dated 2 Mar 2025 to 21 May 2025)" in result.stdout
        assert "Outreach support capped" not in result.stdout

    def test_period_dates_in_words_in_html_and_word(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        import docx  # type: ignore[import-untyped]

        args = ["report", "-a", "886", "--since", "2025-03-01", "--until", "2025-05-31", "-o"]
        assert svtool(*args, str(tmp_path / "k.html")).exit_code == 0
        html = (tmp_path / "k.html").read_text(encoding="utf-8")
        assert "(evidence dated 2\u00a0Mar\u00a02025 to 21\u00a0May\u00a02025)" in html
        assert svtool(*args, str(tmp_path / "k.docx")).exit_code == 0
        document = docx.Document(str(tmp_path / "k.docx"))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
        assert "evidence dated 2 Mar 2025 to 21 May 2025" in text.replace("\u00a0", " ")

    def test_content(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """Authority facts, counts, coverage in the briefing's words, strategies, totals, timeline, entries."""
        out = svtool("report", "-a", "Kent").stdout
        assert "(DfE code 886, ONS code E10000016)" in out
        assert "- **Region:** South East" in out
        assert "- **Programme:** Safety Valve since" in out
        assert "- **Evidence:** 6 entries from 3 settings and 4 sources" in out
        assert "| 2. Securing provision and support | 2 |" in out
        assert "- 1.7.1 Has the DfE extended the timescale for achieving the plan? — 1 entry" in out
        assert "- 4.2 Have staff left because they can earn more elsewhere? — no entries" in out
        coverage = out[out.index("## Checklist coverage") : out.index("## Evidence\n")]
        assert "- 5.1 Does the health service work cooperatively" in coverage  # not yet evidenced
        assert "- 2.1 Does the authority" not in coverage  # evidenced, so not in coverage
        assert (
            "- substantial delays in accessing support and provision even when it has been agreed"
            " — 1 entry" in out
        )
        assert "- **Learners affected:** 14 (from 1 entry that gave a number)" in out
        assert "- **Staff affected:** 2 (from 1 entry that gave a number)" in out
        assert "| Workload of staff | 1 |" in out
        assert "| Apr 2025 | 0 |" in out  # months with no evidence are in the timeline
        assert "##### 2025-01-15: Outreach support capped at 10 hours a term" in out
        assert "- Also answers: 1.7.1" in out

    def test_entry_ids(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """Each entry shows the first 8 characters of its id."""
        out = svtool("report", "-a", "Kent").stdout
        for entry in dataset[:6]:
            assert f"Entry {entry['id'][:8]};" in out
        assert dataset[6]["id"][:8] not in out  # Devon's

    def test_deterministic(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """Two runs differ only in the generated-at line."""
        first = svtool("report", "-a", "Kent").stdout
        second = svtool("report", "-a", "Kent").stdout
        assert mask(first) == mask(second)
        assert len([line for line in first.splitlines() if line.startswith("Generated at ")]) == 1

    def test_hostile_markdown_is_text(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """The payload renders with no structure from the entry, and reads as the original."""
        out = svtool("report", "-a", "Kent").stdout
        md = MarkdownIt("commonmark")
        tokens = md.parse(out)
        html = md.render(out)
        # Find the entry's block: its heading, then its paragraphs up to the next heading.
        start = next(
            i for i, t in enumerate(tokens) if t.type == "inline" and "Hostile" in t.content
        )
        assert tokens[start - 1].tag == "h5"
        heading_text = "".join(c.content for c in tokens[start].children or [] if c.type == "text")
        assert heading_text == "2025-06-30: Hostile | text *here*"
        end = next(i for i in range(start + 1, len(tokens)) if tokens[i].type == "heading_open")
        entry = tokens[start + 2 : end]
        # The template's own list of facts (id, setting, source, tags) comes first; then the details.
        facts_end = max(i for i, t in enumerate(entry) if t.type == "bullet_list_close")
        block = entry[facts_end + 1 :]
        structural = {
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "ul",
            "ol",
            "li",
            "table",
            "pre",
            "code",
        }
        assert not [t for t in block if t.tag in structural]
        inline_kinds = {c.type for t in block if t.type == "inline" for c in t.children or []}
        assert inline_kinds <= {"text", "softbreak", "hardbreak"}, inline_kinds
        texts = [
            "".join(c.content if c.type == "text" else " " for c in t.children or [])
            for t in block
            if t.type == "inline"
        ]
        assert " ".join(" ".join(texts).split()) == " ".join(HOSTILE_MD.split())
        for bad in ("<a ", "<img", "<b>", "<em>", "<code>", "<blockquote>", "<table", "<pre"):
            assert bad not in html

    def test_empty_authority(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """No evidence: a short report that says so and lists the whole checklist; exit 0."""
        result = svtool("report", "-a", "Cumberland")
        assert result.exit_code == 0
        out = result.stdout
        assert "**No evidence has been logged for Cumberland.**" in out
        assert "## Evidence" not in out and "## Summary" not in out
        for qid in ("1.1", "1.7.2", "2.1", "3.4", "4.2", "5.1", "6.4"):
            assert f"\n- {qid} " in out
        check_golden("empty.md", mask(out))

    def test_empty_period(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        result = svtool("report", "-a", "Kent", "--since", "2025-07-01")
        assert result.exit_code == 0
        assert "**No evidence has been logged for Kent in this period.**" in result.stdout

    def test_counts_from_the_rows_agree_with_the_link_tables(
        self, db_path: Path, dataset: list[dict[str, Any]], log_entry: Callable[..., Any]
    ) -> None:
        """A one-authority report counts questions, strategies and impacts from the entries' own
        lists; the store's link tables, which filters use, must give the same numbers."""
        from svtool.report import queries as q
        from svtool.report.entries import list_counts
        from svtool.store import EntryFilter, Store

        log_entry("--impact", "workload,workload", strategy="delays,delays", question="2.1,2.1")
        with Store(db_path, read_only=True) as store:
            q.select(store.conn, q.visible(EntryFilter()))
            rows = q.entry_rows(store.conn)
            for column, table, item in (
                ("e.questions", "entry_questions", "question"),
                ("e.strategies", "entry_strategies", "strategy"),
                ("e.impacts", "entry_impacts", "impact"),
            ):
                linked = dict(
                    store.conn.execute(
                        f"SELECT l.{item}, count(*) FROM {q.SEL} s "
                        f"JOIN {table} l ON l.entry_seq = s.seq GROUP BY l.{item}"
                    ).fetchall()
                )
                assert list_counts(rows, column) == linked, column
            assert len(rows) == len(dataset) + 1


class TestOutput:
    def test_stdout_summary_on_stderr(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        result = svtool("report", "-a", "Kent")
        assert result.stdout.startswith("# Evidence report: Kent\n")
        assert "Wrote the Kent report (6 entries, all dates) to standard output." in result.stderr

    def test_a_terminal_shows_the_markdown_formatted(
        self, svtool: Svtool, dataset: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from svtool import console

        monkeypatch.setattr(console, "stdout_is_terminal", lambda: True)
        for command in (["report", "-a", "Kent"], ["brief", "-a", "Kent"]):
            result = svtool(*command)
            assert result.exit_code == 0, result.output
            heading = result.stdout.strip().splitlines()[0]
            assert "Kent" in heading and not heading.startswith("#"), command
            assert "| --- |" not in result.stdout and "|---" not in result.stdout, command

    @pytest.mark.parametrize(
        ("name", "fmt"), [("kent.html", "html"), ("kent.md", "md"), ("k.HTM", "html")]
    )
    def test_file_format_from_extension(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path, name: str, fmt: str
    ) -> None:
        target = tmp_path / name
        result = svtool("report", "-a", "Kent", "--output", str(target))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        text = target.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>" if fmt == "html" else "# Evidence report")
        assert f"Wrote the Kent report (6 entries, all dates) to {target}" in result.stderr.replace(
            "\n", ""
        )
        if os.name == "posix":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def test_format_beats_extension(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        target = tmp_path / "kent.txt"
        assert svtool("report", "-a", "Kent", "-o", str(target), "--format", "html").exit_code == 0
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    def test_replaces_atomically(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """An existing file is replaced whole (by rename), made private, and no temp file is left."""
        target = tmp_path / "kent.md"
        target.write_text("old")
        target.chmod(0o644)
        before = target.stat().st_ino
        assert svtool("report", "-a", "Kent", "-o", str(target)).exit_code == 0
        assert target.read_text(encoding="utf-8").startswith("# Evidence report")
        assert target.stat().st_ino != before
        if os.name == "posix":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


class TestCompiledTemplates:
    """svtool's templates are compiled once and kept in the cache folder; the cache only ever
    saves time: without it, or with a damaged one, reports are the same."""

    def cache_files(self, tmp_path: Path) -> list[Path]:
        folder = tmp_path / "cache" / "templates"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    def test_the_second_report_uses_what_the_first_compiled(
        self,
        svtool: Svtool,
        dataset: list[dict[str, Any]],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        import jinja2

        first = svtool("report", "-a", "Kent", "--format", "html")
        assert first.exit_code == 0, first.stderr
        assert self.cache_files(tmp_path)
        if os.name == "posix":
            assert stat.S_IMODE((tmp_path / "cache" / "templates").stat().st_mode) == 0o700

        def no_compiling(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("compiled a template that was in the cache")

        monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
        second = svtool("report", "-a", "Kent", "--format", "html")
        assert second.exit_code == 0, second.stderr
        assert mask(second.stdout) == mask(first.stdout)

    def test_a_damaged_or_unusable_cache_changes_nothing(
        self,
        svtool: Svtool,
        dataset: list[dict[str, Any]],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        expected = mask(svtool("report", "-a", "Kent").stdout)
        for path in self.cache_files(tmp_path):
            path.write_bytes(path.read_bytes()[:40] + b"\x00 not what Jinja wrote")
        assert mask(svtool("report", "-a", "Kent").stdout) == expected
        if os.name == "posix":  # a folder others could write to is never read
            for path in self.cache_files(tmp_path):
                path.unlink()
            (tmp_path / "cache" / "templates").chmod(0o777)
            assert mask(svtool("report", "-a", "Kent").stdout) == expected
            assert not self.cache_files(tmp_path)
        in_the_way = tmp_path / "a-file"
        in_the_way.write_text("not a folder")
        monkeypatch.setenv("SVTOOL_CACHE_DIR", str(in_the_way))
        result = svtool("report", "-a", "Kent")
        assert result.exit_code == 0, result.stderr
        assert mask(result.stdout) == expected

    def test_a_reps_own_template_is_not_kept(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        template = tmp_path / "mine.md"
        template.write_text("{{ report.title }} by our branch secretary\n", encoding="utf-8")
        result = svtool("report", "-a", "Kent", "--template", str(template))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "Evidence report: Kent by our branch secretary\n"
        assert not any(b"branch secretary" in p.read_bytes() for p in self.cache_files(tmp_path))
        assert not self.cache_files(tmp_path)


class TestBadOptions:
    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (
                ["-a", "Kent", "--format", "pdf"],
                ["--format: 'pdf' is not a report format; use md, html or docx"],
            ),
            (
                ["-a", "Kent", "--all"],
                ["--authority: choose one: --authority for one authority, or --all"],
            ),
            (["--all", "--programme", "dbv"], ["--all: choose one: --all, or --programme"]),
            ([], ["--authority: say which: --authority NAME, or --all, --programme or --region"]),
            (
                ["-a", "Kent", "-o", "x.pdf"],
                ["--output: cannot tell the format from the name 'x.pdf'"],
            ),
            (["-a", "Kent", "--template", "nope.md"], ["--template: nope.md does not exist"]),
            (["-a", "Kentt"], ["--authority: no English local authority matches 'Kentt'"]),
            (["--programme", "sv2"], ["--programme: 'sv2' is not a programme"]),
            (["--region", "Mars"], ["--region: 'Mars' is not an English region"]),
            (
                ["-a", "Kent", "--since", "soon", "--format", "pdf"],
                ["--since: 'soon' is not a date", "--format: 'pdf' is not a report format"],
            ),
        ],
    )
    def test_exit_2_one_line_per_problem(
        self, svtool: Svtool, args: list[str], expected: list[str]
    ) -> None:
        result = svtool("report", *args)
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == len(expected), result.stderr
        for line, text in zip(lines, expected, strict=True):
            assert text in line, line

    def test_missing_folder(self, svtool: Svtool, tmp_path: Path) -> None:
        result = svtool("report", "-a", "Kent", "-o", str(tmp_path / "no" / "r.md"))
        assert result.exit_code == 2
        assert "--output: the folder" in result.stderr and "does not exist" in result.stderr


class TestTemplates:
    def test_user_template_extends_default(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """A user template can extend the packaged one (default:) and use partials and filters."""
        tpl = tmp_path / "mine.md"
        tpl.write_text(
            '{% extends "default:base.md" %}{% block content %}Our branch: {{ report.authority.entries }} '
            'entries. {{ "*bold*" | md }}\n{% include "_coverage.md" %}{% endblock %}',
            encoding="utf-8",
        )
        result = svtool("report", "-a", "Kent", "--template", str(tpl))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("# Evidence report: Kent\n")
        assert "Our branch: 6 entries. \\*bold\\*" in result.stdout
        assert "- 5.1 Does the health service" in result.stdout
        assert "Generated at " in result.stdout

    def test_html_template_escapes(
        self, svtool: Svtool, log_entry: Callable[..., Any], tmp_path: Path
    ) -> None:
        log_entry(summary="<b>bold</b>")
        tpl = tmp_path / "mine.html"
        tpl.write_text(
            "{% for s in report.authority.sections %}{% for q in s.questions %}"
            "{% for e in q.entries %}[{{ e.summary }}]{% endfor %}{% endfor %}{% endfor %}"
        )
        result = svtool("report", "-a", "Kent", "--template", str(tpl))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "[&lt;b&gt;bold&lt;/b&gt;]"

    def test_typo_fails_loudly(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """StrictUndefined: a misspelt variable is an error naming it, not an empty string."""
        tpl = tmp_path / "typo.md"
        tpl.write_text("{{ report.autority.entries }}")
        result = svtool("report", "-a", "Kent", "--template", str(tpl))
        assert result.exit_code == 1
        assert "autority" in result.stderr
        assert result.stdout == ""

    def test_template_format_mismatch(self, svtool: Svtool, tmp_path: Path) -> None:
        tpl = tmp_path / "mine.html"
        tpl.write_text("x")
        result = svtool(
            "report", "-a", "Kent", "--template", str(tpl), "-o", str(tmp_path / "r.md")
        )
        assert result.exit_code == 2
        assert "--template: mine.html is a .html template but the report is md" in result.stderr

    def test_template_help_lists_the_context(self, svtool: Svtool) -> None:
        result = svtool("report", "--template-help")
        assert result.exit_code == 0
        assert re.search(r"^report\.period\.text \(str\): ", result.stdout, re.MULTILINE)
        assert "report.authority.sections[].questions[].entries[].short_id (str)" in result.stdout


class TestReadableEscaping:
    """Markdown escapes only what could start structure, so text reads as written on a terminal."""

    def test_placeholders_and_plain_punctuation_stay(
        self, svtool: Svtool, log_entry: Callable[..., Any]
    ) -> None:
        summary = "[child] asked: SEN_support budget & 3 < 4 hours! (see [phone])"
        log_entry(summary=summary)
        out = svtool("report", "-a", "Kent").stdout
        assert f"##### 2025-10-01: {summary}\n" in out

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from(
                [
                    *"#>-+=*_`~|[]()!<>&\\:;^ .1aZé\n\t",
                    "[x]: /u",
                    "<b>",
                    "&amp;",
                    "```",
                    "1.",
                    "2)",
                    "    ",
                    "http://e.org",
                    "a_b",
                ]
            ),
            max_size=30,
        ).map("".join)
    )
    def test_any_punctuation_renders_as_its_own_text(self, text: str) -> None:
        """For arbitrary mixes: only paragraphs of plain text, reading as the original."""
        from svtool.report.markdown import md_block, md_inline

        md = MarkdownIt("commonmark")
        for rendered, original in ((md_block(text), text), (md_inline(text), text)):
            doc = f"##### heading\n\n- Tags: x\n\n{rendered}\n"
            tokens = md.parse(doc)
            body = tokens[
                tokens.index(next(t for t in tokens if t.type == "bullet_list_close")) + 1 :
            ]
            assert {t.type for t in body} <= {"paragraph_open", "paragraph_close", "inline"}, doc
            inline = [c for t in body if t.type == "inline" for c in t.children or []]
            assert {c.type for c in inline} <= {"text", "softbreak", "hardbreak"}, doc
            shown = " ".join(
                "".join(c.content if c.type == "text" else " " for c in t.children or [])
                for t in body
                if t.type == "inline"
            )
            assert " ".join(shown.split()) == " ".join(original.split()), doc


class TestLineBreaks:
    """Line breaks inside details and outcomes stay line breaks in every Markdown reader."""

    @pytest.mark.parametrize("preset", ["commonmark", "gfm-like"])
    def test_details_and_outcome_keep_their_lines(
        self, svtool: Svtool, log_entry: Callable[..., Any], preset: str
    ) -> None:
        log_entry(
            details="Line one\nLine two\n\nNew paragraph\nends here\\",
            outcome="Reply one\nReply two",
        )
        out = svtool("report", "-a", "Kent").stdout
        html = MarkdownIt(preset, {"linkify": False}).render(out)
        assert "<p>Line one<br />\nLine two</p>" in html
        assert "<p>New paragraph<br />\nends here\\</p>" in html
        assert "Outcome: Reply one<br />\nReply two</li>" in html

    def test_plain_lines_become_hard_breaks(self) -> None:
        from svtool.report.markdown import md_block

        assert md_block("a\nb\n\n\nc") == "a\\\nb\n\nc"
        assert md_block("a\n\nb", 2) == "a\n\n  b"
        assert md_block("a\nb", 2) == "a\\\n  b"

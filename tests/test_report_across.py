"""`svtool report --all / --programme / --region`: selection, comparisons, negotiations, gaps; the context contract."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any

import pytest

from svtool.authorities import all_authorities
from svtool.report import context as ctx
from svtool.report import context_national as ctx_national
from test_report_data import log_dataset, mask

Svtool = Callable[..., Any]


@pytest.fixture
def dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


def section(text: str, heading: str) -> str:
    """The Markdown under one `## heading`, up to the next one."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


class TestSelection:
    def test_all(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        result = svtool("report", "--all")
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        total = len(all_authorities())
        assert out.startswith(
            f"# Evidence across authorities: all {total} English local authorities\n"
        )
        assert (
            f"- **Authorities:** All {total} English local authorities, of which 4 have evidence"
            in out
        )
        assert "- **Evidence:** 10 entries" in out
        rows = section(out, "Entries per authority")
        assert rows.index("| Kent | 886 |") < rows.index("| Devon |") < rows.index("| Camden |")
        assert "| Kent | 886 | Safety Valve | 6 | 5 | 2025-06-30 |" in rows
        gaps = section(out, "Authorities with no evidence yet")
        assert f"{total - 4} authorities in the selection have no evidence" in gaps
        assert "; Kent" not in gaps and "; Cumberland" in gaps
        assert (
            f"Wrote the report on all {total} English local authorities (10 entries, all dates)"
            in result.stderr
        )

    def test_programme_only_shows_its_authorities(
        self, svtool: Svtool, dataset: list[dict[str, Any]]
    ) -> None:
        """--programme dbv: Hackney only; no Safety Valve authority anywhere; one comparison column."""
        out = svtool("report", "--programme", "dbv").stdout
        dbv = [a for a in all_authorities() if a.programme == "dbv"]
        assert out.startswith(
            "# Evidence across authorities: Delivering Better Value authorities\n"
        )
        assert f"{len(dbv)} Delivering Better Value authorities, of which 1 has evidence" in out
        assert "- **Evidence:** 1 entry" in out
        for name in ("Kent", "Devon", "Camden"):
            assert name not in out
        assert "| Hackney | 204 |" in out
        table = section(out, "Delivering Better Value authorities")
        assert "| Figure | Delivering Better Value |" in table
        assert "Safety Valve |" not in table.split("\n")[2]

    def test_region(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = svtool("report", "--region", "london", "--programme", "none").stdout
        assert out.startswith(
            "# Evidence across authorities: authorities in neither programme in London\n"
        )
        assert "| Camden | 202 | neither programme | 1 |" in out
        assert "Hackney" not in out  # London, but DBV

    def test_period(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = svtool("report", "--all", "--since", "2025-06-01").stdout
        assert "- **Evidence:** 2 entries" in out  # Kent's of 30 June, Devon's of 1 June
        assert "; Camden; " in section(out, "Authorities with no evidence yet")

    def test_nothing_at_all(self, svtool: Svtool) -> None:
        result = svtool("report", "--programme", "safety-valve")
        assert result.exit_code == 0
        assert "No authority in the selection has evidence." in result.stdout
        assert "No authority in the selection has section 6 evidence yet." in result.stdout


class TestComparisons:
    def test_side_by_side(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        out = svtool("report", "--all").stdout
        groups = {
            p: len([a for a in all_authorities() if a.programme == p])
            for p in ("safety_valve", "dbv", "none")
        }
        sv, dbv, other = groups["safety_valve"], groups["dbv"], groups["none"]
        table = section(out, "Safety Valve, Delivering Better Value and other authorities")
        assert "| Figure | Safety Valve | Delivering Better Value | Other authorities |" in table
        assert f"| Authorities | {sv} | {dbv} | {other} |" in table
        assert "| With evidence | 2 | 1 | 1 |" in table
        assert "| Entries | 8 | 1 | 1 |" in table
        assert (
            f"| Entries per authority | {8 / sv:.1f} | {1 / dbv:.1f} | {1 / other:.1f} |" in table
        )
        hours = next(line for line in table.splitlines() if line.startswith("| hours-cap |"))
        assert "- hours-cap: imposing a cap on the number of hours" in table  # the key
        assert hours.endswith(
            f"| 1 of {sv} ({round(100 / sv)}%) | 1 of {dbv} ({round(100 / dbv)}%) | 0 of {other} (0%) |"
        )
        health = next(line for line in table.splitlines() if line.startswith("| 5. Health"))
        assert health.endswith(
            f"| 0 of {sv} (0%) | 0 of {dbv} (0%) | 1 of {other} ({round(100 / other)}%) |"
        )

    def test_strategies_most_reported_first(
        self, svtool: Svtool, dataset: list[dict[str, Any]]
    ) -> None:
        table = section(svtool("report", "--all").stdout, "Strategies reported most (question 2.1)")
        counts = [
            int(line.rsplit(" — ", 1)[1].split()[0].replace("no", "0"))
            for line in table.splitlines()
            if line.startswith("- ")
        ]
        assert (
            counts == sorted(counts, reverse=True) and counts[0] == 2
        )  # hours cap: Kent and Hackney

    def test_negotiations(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        """Authorities with section 6 intelligence, by name, with their latest summary and its id."""
        out = svtool("report", "--all").stdout
        intel = section(out, "Intelligence about Safety Valve negotiations (section 6)")
        lines = [line for line in intel.splitlines() if line.startswith("- ")]
        assert [line.split(" (")[0] for line in lines] == ["- **Devon**", "- **Kent**"]
        assert (
            "- **Kent** (Safety Valve): 1 entry on 6.1, 6.2; latest 2025-05-21: "
            "Schools Forum told of Safety Valve proposals (entry " in intel
        )
        assert f"(entry {dataset[4]['id'][:8]})" in intel

    def test_golden(self, svtool: Svtool, dataset: list[dict[str, Any]]) -> None:
        from test_report import check_golden

        check_golden("region-london.md", mask(svtool("report", "--region", "London").stdout))


class TestContextContract:
    """The context is the templates' contract: every field is documented, and describe() lists it."""

    def test_every_field_documented(self) -> None:
        classes = [
            v
            for module in (ctx, ctx_national)
            for v in vars(module).values()
            if dataclasses.is_dataclass(v) and isinstance(v, type)
        ]
        assert len(classes) >= 25
        for cls in classes:
            assert cls.__doc__, cls
            hints = typing.get_type_hints(cls)
            for f in dataclasses.fields(cls):
                assert f.metadata.get("help"), f"{cls.__name__}.{f.name} has no help"
                assert f.name in hints

    def test_describe_reaches_every_class(self) -> None:
        lines = ctx.describe()
        assert (
            "report.across.comparison.strategies[].shares[].percent (int): authorities / of, as a whole percentage."
            in lines
        )
        assert any(
            line.startswith("report.authority.coverage[].questions[].text (str)") for line in lines
        )
        assert len(lines) == len(set(lines))


def headings(svtool: Svtool, tmp_path: Any, *args: str) -> dict[str, list[str]]:
    """Every heading (and contents entry) of the report in Markdown, HTML and Word."""
    import re

    import docx

    md = svtool("report", *args).stdout
    found = {"md": re.findall(r"^#+ (.*)$", md, flags=re.M)}
    html_file, word_file = tmp_path / "r.html", tmp_path / "r.docx"
    for target in (html_file, word_file):
        assert svtool("report", *args, "-o", str(target)).exit_code == 0
    html = html_file.read_text(encoding="utf-8")
    found["html"] = [
        re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<(?:h[1-4]|li)[^>]*>(.*?)</", html)
    ]
    paragraphs = docx.Document(str(word_file)).paragraphs
    found["docx"] = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    return found


@pytest.mark.parametrize(
    ("args", "comparison", "every"),
    [
        (("--all",), "Safety Valve, Delivering Better Value and other authorities", "Every authority"),
        (("--programme", "safety-valve"), "Safety Valve authorities", "Safety Valve authorities"),
        (
            ("--programme", "dbv", "--region", "London"),
            "Delivering Better Value authorities",
            "Delivering Better Value authorities in London",
        ),
        (("--region", "London", "--programme", "none"), "Authorities in neither programme",
         "Authorities in neither programme in London"),
    ],
)  # fmt: skip
def test_headings_name_the_programme_shown(
    svtool: Svtool,
    dataset: list[dict[str, Any]],
    tmp_path: Any,
    args: tuple[str, ...],
    comparison: str,
    every: str,
) -> None:
    """A report narrowed to a programme says so in the headings of its parts, not only in its
    title: the side-by-side part names the groups it shows, the table of authorities whose."""
    for fmt, found in headings(svtool, tmp_path, *args).items():
        assert comparison in found, (fmt, found)
        assert f"{every}: evidence and public figures" in found, (fmt, found)
        if args != ("--all",):
            assert not [h for h in found if "Every authority" in h], fmt

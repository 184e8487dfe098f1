"""The national picture in reports: the hex map, its table, and DfE's figures beside the evidence."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from svtool import publicstats as ps
from test_publicstats import write_release
from test_report_data import log_dataset
from test_report_html import parse, report_html

Svtool = Callable[..., Any]


@pytest.fixture
def dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


@pytest.fixture
def html(svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path) -> str:
    """The HTML report on every authority (`--all`), over the dataset: what the map and table
    tests read."""
    return report_html(svtool, tmp_path, "--all")


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """The body rows of the table with this class, each cell's text with its parts spaced."""
    start = html.index(f'<table class="{css_class}')
    table = html[start : html.index("</table>", start)]
    body = table[table.index("<tbody>") :]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def shapes(html: str) -> dict[str, tuple[str, str]]:
    """Each map shape's title (up to its first colon: the authority) -> (classes, whole title)."""
    found = re.findall(r'<path class="([^"]*)" d="[^"]*"><title>([^<]*)</title></path>', html)
    return {title.split(" (")[0].split(":")[0]: (classes, title) for classes, title in found}


class TestMap:
    def test_one_labelled_map_of_153_authorities(self, html: str) -> None:
        dom = parse(html)
        maps = [a for a in dom.named("svg") if "hexmap-svg" in (a.get("class") or "")]
        assert len(maps) == 1
        assert maps[0]["role"] == "img"
        assert (maps[0].get("aria-label") or "").startswith("Map of England's local authorities")
        found = shapes(html)
        assert len(found) == 153
        kent_title = found["Kent"][1]
        assert kent_title.startswith("Kent (Safety Valve, South East): 6 entries.")
        assert "Cap on support hours 1" in kent_title and "Delays in support 1" in kent_title
        assert "DfE: Plans within 20 weeks, 2024: 33.3% (England 46.4%)" in kent_title
        assert "; Requests refused, 2024: 55.0% (England 25.2%)" in kent_title
        assert "; EHC plans in place, January 2025: 20,635 (England 638,745)." in kent_title
        assert found["Rutland"][1].startswith(
            "Rutland (Delivering Better Value, East Midlands): 0 entries. DfE:"
        )
        assert "Barnsley" in found and "Sheffield" in found
        text = " ".join("".join(dom.text).split())
        assert (
            "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
            in text
        )

    def test_views_switch_with_css_only(self, html: str) -> None:
        dom = parse(html)
        radios = [a for a in dom.named("input") if a.get("type") == "radio"]
        ids = [a["id"] for a in radios]
        assert ids == [
            "mv-all",
            "mv-programme-safety_valve",
            "mv-programme-dbv",
            "mv-programme-none",
            *(f"mv-strategy-{s}" for s in ("refusing-assessments", "extra-evidence", "hours-cap",
                                           "delays", "place-limits", "other")),
        ]  # fmt: skip
        assert ["checked" in a for a in radios] == [True] + [False] * (len(radios) - 1)
        labels = {a.get("for") for a in dom.named("label")}
        assert set(ids) <= labels
        assert not dom.named("script")
        # Every view has its fill rules and its legend; view 0 needs no :has() to show.
        assert ".hexmap .v0b0{fill:var(--b0)}" in html
        for i, view in enumerate(ids[1:], start=1):
            assert f".hexmap:has(#{view}:checked) .v{i}bx{{fill:var(--bx)}}" in html
            assert f".hexmap:has(#{view}:checked) .legend-{i}{{display:block}}" in html
        legends = [a for a in dom.named("div") if "map-legend" in (a.get("class") or "")]
        assert len(legends) == len(ids)
        # Kent: the busiest authority is in the darkest band used; Rutland has none; in the
        # Delivering Better Value view, Kent (Safety Valve) is not in view; for hours-cap, Kent has 1.
        found = shapes(html)
        kent = found["Kent"][0].split()
        assert (
            kent[0] == "v0b5"
            and kent[ids.index("mv-programme-dbv")] == f"v{ids.index('mv-programme-dbv')}bx"
        )
        assert found["Rutland"][0].split()[0] == "v0b0"
        hours = ids.index("mv-strategy-hours-cap")
        assert found["Hackney"][0].split()[hours] != f"v{hours}b0"
        assert found["Camden"][0].split()[hours] == f"v{hours}b0"
        text = " ".join("".join(dom.text).split())
        assert "No evidence (149 authorities)" in text
        assert "Not in this view" in text

    def test_the_words_above_the_map_read_well_on_screen_and_printed(self, html: str) -> None:
        start = html.index('<h2 id="national">')
        intro = html[html.index("<p>", start) + 3 : html.index("</p>", start)]
        printed = re.sub(r'<span class="screen-only">.*?</span>', "", intro)
        on_screen = re.sub(r"<[^>]+>", "", intro)
        for text in (printed, on_screen):
            assert re.fullmatch(r"([A-Z][^.]*\. )+[A-Z][^.]*\.", text), text
        assert "in England. The table after the map gives the figures." in printed
        assert "Choose what shades the map" in on_screen

    def test_no_empty_labelled_line_on_a_phone(self, html: str) -> None:
        """Cells with nothing in them are marked, and the phone layout hides them."""
        from svtool.paths import templates_dir

        assert '<td class="empty-cell" data-label="Strategies"></td>' in html
        assert not re.search(r'<td data-label="[^"]*"></td>', html)
        css = (templates_dir() / "_style.css").read_text(encoding="utf-8")
        phone = css[css.index("@media (max-width") :]
        assert "table.stack td.empty-cell { display: none; }" in phone[: phone.index("\n}")]

    def test_zero_and_not_in_view_look_different(self) -> None:
        from svtool.paths import templates_dir

        css = (templates_dir() / "_style.css").read_text(encoding="utf-8")
        colours = dict(re.findall(r"--(b[0-5x]): ([^;]+);", css))
        assert colours["b0"] == "#ffffff" and colours["bx"] == "url(#hatch)"
        assert len(set(colours.values())) == 7

    def test_bands_stay_in_order_of_lightness_for_colour_blind_readers(self) -> None:
        """Each band is clearly darker than the one before, in full colour and as people with
        red-green or blue-yellow colour blindness see it (Machado et al. 2009 simulation)."""
        from svtool.paths import templates_dir

        css = (templates_dir() / "_style.css").read_text(encoding="utf-8")
        colours = dict(re.findall(r"--(b[0-5]): (#[0-9a-f]{6});", css))
        seen_as = {
            "full colour": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
            "deuteranopia": ((0.367, 0.861, -0.228), (0.280, 0.673, 0.047), (-0.012, 0.043, 0.969)),
            "protanopia": ((0.152, 1.053, -0.205), (0.115, 0.786, 0.099), (-0.004, -0.048, 1.052)),
            "tritanopia": ((1.256, -0.077, -0.179), (-0.078, 0.931, 0.148), (0.005, 0.691, 0.304)),
        }

        def linear(c: int) -> float:
            x = c / 255
            return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

        for vision, m in seen_as.items():
            lightness = []
            for band in ("b0", "b1", "b2", "b3", "b4", "b5"):
                rgb = [linear(int(colours[band][i : i + 2], 16)) for i in (1, 3, 5)]
                r, g, b = (
                    min(1.0, max(0.0, sum(k * v for k, v in zip(row, rgb, strict=True))))
                    for row in m
                )
                lightness.append(0.2126 * r + 0.7152 * g + 0.0722 * b)
            steps = [a - b for a, b in itertools.pairwise(lightness)]
            assert min(steps) > 0.1, (vision, lightness)

    def test_region_report_frames_its_authorities(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        everything = report_html(svtool, tmp_path, "--all")
        london = report_html(svtool, tmp_path, "--region", "London")
        box = re.search(r'class="hexmap-svg"[^>]*viewBox="([^"]+)"', london)
        full = re.search(r'class="hexmap-svg"[^>]*viewBox="([^"]+)"', everything)
        assert box and full
        width = float(box.group(1).split()[2])
        assert width < float(full.group(1).split()[2]) / 2
        found = shapes(london)
        assert found["Kent"][1] == "Kent: not in this report"
        assert found["Kent"][0].split()[0] == "v0bx"
        assert found["Camden"][0].split()[0] != "v0bx"
        # London has authorities in all three programme groups: the programme views are offered.
        assert 'id="mv-programme-dbv"' in london

    def test_one_programme_has_no_programme_views(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        html = report_html(svtool, tmp_path, "--programme", "dbv")
        assert 'id="mv-programme' not in html and 'id="mv-strategy-hours-cap"' in html


class TestTable:
    def test_every_authority_with_england_first(self, html: str) -> None:
        table = html[
            html.index('<table class="national') : html.index(
                "</table>", html.index('<table class="national')
            )
        ]
        rows = re.findall(r"<tr[^>]*><th scope=\"row\">([^<]*)</th>(.*?)</tr>", table)
        assert len(rows) == 154 and rows[0][0] == "England"
        cells = {name: re.findall(r"<td[^>]*>([^<]*)</td>", rest) for name, rest in rows}
        assert cells["England"][-3:] == ["46.4%", "25.2%", "638,745"]
        assert cells["Kent"] == [
            "Safety Valve",
            "6",
            "Refusing assessments 1; Cap on support hours 1; Delays in support 1",
            "33.3%",
            "55.0%",
            "20,635",
        ]
        assert cells["City of London"][-3:] == ["not published", "0.0%", "26"]
        text = " ".join("".join(parse(html).text).split())
        assert (
            "Source: Department for Education, Education, health and care plans (2025). Contains public sector information licensed under the Open Government Licence v3.0."
            in text
        )
        assert "not directly comparable with earlier years" in text

    def test_markdown_lists_every_authority_in_the_selection(
        self, svtool: Svtool, dataset: list[dict[str, Any]]
    ) -> None:
        out = svtool("report", "--region", "London").stdout
        part = out[out.index("## Local authorities in London: evidence and public figures") :]
        assert "| **England** | | | | **46.4%** | **25.2%** | **638,745** |" in part
        assert "| Hackney | Delivering Better Value | 1 | Cap on support hours 1 |" in part
        assert part.count("\n| ") == 2 + 1 + 33  # heading, rule, England, the 33 London authorities
        assert "Source: Department for Education" in part


class TestAuthority:
    def test_html_figures_beside_england(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        html = report_html(svtool, tmp_path, "-a", "Kent")
        text = " ".join("".join(parse(html).text).split())
        assert "Published figures: Kent beside England" in text
        assert table_rows(html, "public") == [
            [
                "EHC plans issued within 20 weeks (excluding exceptions) 2024",
                "33.3% 783 of 2,354 plans; 32.3% including exceptions",
                "46.4% 39,407 of 84,866 plans; 45.9% including exceptions",
            ],
            [
                "Requests for an EHC needs assessment refused (the authority decided not to "
                "assess) 2024",
                "55.0% 2,200 of 4,001 requests",
                "25.2% 38,889 of 154,489 requests",
            ],
            ["EHC plans in place January 2025", "20,635", "638,745"],
        ]
        years = table_rows(html, "public-years")
        assert years[0] == ["2019", "28.7%", "not published", "11,763"]
        assert years[4] == ["2023", "18.0%", "31.2%", "18,931"]
        # 2025's plans in place are counted (January); its other figures are not out yet.
        assert years[-1] == ["2025", "not yet published", "not yet published", "20,635"]
        assert '<tr class="break"><th scope="row">2023</th>' in html
        assert "Source: Department for Education, Education, health and care plans (2025)." in text
        assert 'href="#public"' in html

    def test_an_authority_with_no_evidence_still_gets_the_figures(
        self, svtool: Svtool, tmp_path: Path
    ) -> None:
        text = " ".join("".join(parse(report_html(svtool, tmp_path, "-a", "Rutland")).text).split())
        assert "No evidence has been logged for Rutland." in text
        assert "Published figures: Rutland beside England" in text and "78.4%" in text

    def test_template_help_lists_the_new_fields(self, svtool: Svtool) -> None:
        out = svtool("report", "--template-help").stdout
        assert "report.authority.public.figures[].england.text (str)" in out
        assert "report.across.national.map.shapes[].title (str)" in out
        assert "report.across.national.rows[].public[].status (Literal" in out


def docx_tables(svtool: Svtool, tmp_path: Path, *args: str) -> tuple[str, list[list[list[str]]]]:
    import docx

    target = tmp_path / "report.docx"
    result = svtool("report", *args, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    return text, tables


class TestWord:
    """A Word report shows the same published figures as the HTML and Markdown ones."""

    def test_authority_beside_england_and_year_by_year(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        text, tables = docx_tables(svtool, tmp_path, "-a", "Kent")
        assert "Published figures: Kent beside England" in text
        latest = next(t for t in tables if t[0] == ["Figure", "Year", "Kent", "England"])
        assert latest[1][1:3] == ["2024", "33.3% (783 of 2,354 plans; 32.3% including exceptions)"]
        assert latest[2][2] == "55.0% (2,200 of 4,001 requests)"
        assert latest[3] == ["EHC plans in place", "January\u00a02025", "20,635", "638,745"]
        years = next(t for t in tables if t[0][0] == "Year")
        assert years[5] == ["2023 (new series)", "18.0%", "31.2%", "18,931"]
        assert years[7] == ["2025", "not yet published", "not yet published", "20,635"]
        assert "not directly comparable with earlier years" in text
        assert "Source: Department for Education, Education, health and care plans (2025)." in text

    def test_no_table_has_an_unexplained_dash(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """A figure that is not there is said in words, in Word and Markdown as in HTML."""
        for args in (("-a", "Kent"), ("--all",), ("--all", "--share")):
            _, tables = docx_tables(svtool, tmp_path, *args)
            dashes = [c for t in tables for r in t for c in r if c.strip() in ("–", "—", "-")]
            assert not dashes, args
            markdown = svtool("report", *args).stdout
            cells = [c.strip() for line in markdown.splitlines() if line.startswith("|")
                     for c in line.strip("|").split("|")]  # fmt: skip
            assert "–" not in cells and "—" not in cells, args
            assert "| 2025 | not yet published | not yet published | 20,635 |" in markdown or (
                args != ("-a", "Kent")
            )

    def test_an_authority_with_no_evidence(self, svtool: Svtool, tmp_path: Path) -> None:
        text, tables = docx_tables(svtool, tmp_path, "-a", "Devon")
        assert "No evidence has been logged for Devon." in text
        latest = next(t for t in tables if t[0] == ["Figure", "Year", "Devon", "England"])
        assert [row[2].split(" (")[0] for row in latest[1:]] == ["3.2%", "36.2%", "9,848"]

    def test_every_authority_across_authorities(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        text, tables = docx_tables(svtool, tmp_path, "--all")
        assert "Every authority: evidence and public figures" in text
        table = next(t for t in tables if t[0][0] == "Authority" and len(t) == 155)
        rows = {r[0]: r for r in table[1:]}
        assert rows["England"][-3:] == ["46.4%", "25.2%", "638,745"]
        assert rows["Barnsley"][-3:] == ["96.8%", "40.9%", "3,044"]
        assert rows["Sheffield"][-3:] == ["49.0%", "20.9%", "5,952"]
        assert rows["City of London"][-3:] == ["not published", "0.0%", "26"]
        assert "Source: Department for Education" in text


def test_word_keeps_an_entry_together_and_lets_a_long_table_break(
    svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
) -> None:
    import docx

    target = tmp_path / "kent.docx"
    assert svtool("report", "-a", "Kent", "--output", str(target)).exit_code == 0
    tables = docx.Document(str(target)).tables

    def kept(row: Any) -> bool:
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    facts = [t for t in tables if t.rows[0].cells[0].text == "Entry"]
    assert facts
    for table in facts:
        assert all(kept(r) for r in table.rows[:-1]) and not kept(table.rows[-1])
    target = tmp_path / "all.docx"
    assert svtool("report", "--all", "--output", str(target)).exit_code == 0
    longest = max(docx.Document(str(target)).tables, key=lambda t: len(t.rows))
    assert len(longest.rows) > 100 and not any(kept(r) for r in longest.rows)


class TestOverride:
    def test_a_newer_release_in_the_config_folder_is_used_and_said(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        write_release(ps.override_path(), {("2024", "886", "PC_plans_issued_20_weeks_ex"): "12.5"})
        out = svtool("report", "-a", "Kent").stdout
        assert "| EHC plans issued within 20 weeks (excluding exceptions) | 2024 | **12.5%**" in out
        assert "come from the ehcp-stats.csv in your svtool config folder" in out

    def test_a_bad_release_stops_the_report_with_a_clear_message(
        self, svtool: Svtool, dataset: list[dict[str, Any]]
    ) -> None:
        write_release(ps.override_path(), {("2024", "886", "request_not_assess_pc"): "fifty"})
        for args in (("-a", "Kent"), ("--all",)):
            result = svtool("report", *args)
            assert result.exit_code == 1
            assert "ehcp-stats.csv are not valid" in result.stderr
            assert "request_not_assess_pc 'fifty' is neither a number nor" in result.stderr
            assert "Traceback" not in result.stderr + result.stdout

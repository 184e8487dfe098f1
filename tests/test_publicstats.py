"""DfE's EHC plan figures: the shipped extract, checked by hand against the release; the override.

The expected numbers below were read by hand from the raw CSVs in DfE's zip
(`education-health-and-care-plans_2025.zip`: data/timeliness_20_week.csv, data/requests.csv,
data/caseload.csv, authority-total rows), not produced by svtool's extraction.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool import publicstats as ps
from svtool.errors import SvtoolError
from svtool.paths import data_file
from svtool.report import public

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference" / "dfe-ehcp-2025"
RELEASE_ZIP = SHARED / "education-health-and-care-plans_2025.zip"

W20, REFUSED, PLANS = ps.WITHIN_20_WEEKS, ps.REQUESTS_REFUSED, ps.PLANS_IN_PLACE


def number(measure: ps.Measure, code: str | None, period: str) -> float | None:
    return ps.release().reading(measure, code, period).value.number


def test_the_shipped_file_passes_every_check() -> None:
    """svtool reads its own copy without checking each value (for speed), so check it here."""
    checked = ps.load_csv(data_file(ps.FILENAME), check=True)
    assert checked.rows == ps.release().rows and len(checked.rows) == 1989


class TestFiguresReadByHand:
    def test_england(self) -> None:
        r = ps.release()
        assert r.latest(W20) == "2024" and r.latest(REFUSED) == "2024"
        assert r.latest(PLANS) == "202425"
        w20 = r.reading(W20, None, "2024")
        assert (w20.value.number, w20.numerator.number, w20.denominator.number) == (
            46.4,
            39407,
            84866,
        )
        assert w20.alternative.number == 45.9  # including exceptions
        refused = r.reading(REFUSED, None, "2024")
        assert (refused.value.number, refused.numerator.number, refused.denominator.number) == (
            25.2,
            38889,
            154489,
        )
        assert number(PLANS, None, "202425") == 638745

    def test_kent(self) -> None:
        assert number(W20, "886", "2024") == 33.3
        assert ps.release().reading(W20, "886", "2024").alternative.number == 32.3
        assert number(W20, "886", "2023") == 18
        assert number(REFUSED, "886", "2024") == 55
        refused = ps.release().reading(REFUSED, "886", "2024")
        assert (refused.numerator.number, refused.denominator.number) == (2200, 4001)
        assert number(PLANS, "886", "202425") == 20635
        assert number(PLANS, "886", "201819") == 11763

    def test_devon(self) -> None:
        assert number(W20, "878", "2024") == 3.2
        assert number(W20, "878", "2023") == 4.9
        refused = ps.release().reading(REFUSED, "878", "2024")
        assert (refused.value.number, refused.numerator.number, refused.denominator.number) == (
            36.2,
            819,
            2265,
        )
        assert ps.release().reading(REFUSED, "878", "2022").value == ps.Value(None, "x")
        assert number(PLANS, "878", "202425") == 9848
        assert number(PLANS, "878", "202324") == 8873

    def test_percentage_not_published_before_2023_is_not_computed(self) -> None:
        """Kent 2019: 827 of 2,992 requests not assessed, but DfE publishes no percentage (x)."""
        reading = ps.release().reading(REFUSED, "886", "2019")
        assert reading.value == ps.Value(None, "x")
        assert (reading.numerator.number, reading.denominator.number) == (827, 2992)
        shown = public.value(reading)
        assert shown.text == "not published" and shown.status == "symbol"
        assert shown.detail == ""  # no "827 of 2,992" beside a percentage DfE did not publish

    def test_city_of_london_all_plans_as_exceptions(self) -> None:
        """2024: 80% including exceptions; excluding them DfE publishes x (every plan an exception)."""
        shown = public.value(ps.release().reading(W20, "201", "2024"))
        assert (shown.text, shown.status) == ("not published", "symbol")
        assert shown.detail == "80.0% including exceptions"
        assert number(REFUSED, "201", "2024") == 0
        assert number(PLANS, "201", "202425") == 26

    def test_isles_of_scilly(self) -> None:
        assert number(W20, "420", "2024") == 100
        assert number(REFUSED, "420", "2024") == 50
        assert number(PLANS, "420", "202425") == 17

    def test_joined_on_dfe_codes_not_new_la_code(self) -> None:
        """Barnsley (DfE new_la_code E08000016, ONS now E08000038) and North Yorkshire (new_la_code
        E10000023, now E06000065) are found by their DfE codes 370 and 815."""
        assert number(W20, "370", "2024") == 96.8
        assert number(REFUSED, "370", "2024") == 40.9
        assert number(PLANS, "370", "202425") == 3044
        assert number(W20, "373", "2024") == 49  # Sheffield: ONS code changed in 2025 too
        assert number(REFUSED, "373", "2024") == 20.9
        assert number(PLANS, "373", "202425") == 5952
        assert number(W20, "815", "2024") == 24.6
        assert number(REFUSED, "815", "2024") == 24.8
        assert number(PLANS, "815", "202425") == 5486

    def test_authority_created_in_2023_has_no_earlier_rows(self) -> None:
        assert number(W20, "942", "2024") == 42.6  # Cumberland
        assert number(REFUSED, "942", "2024") == 38.7
        assert number(PLANS, "942", "202425") == 2893
        missing = public.value(ps.release().reading(W20, "942", "2019"))
        assert (missing.text, missing.status) == ("not in this release", "missing")

    def test_every_authority_in_the_list_has_this_years_figures(self) -> None:
        from svtool.authorities import all_authorities

        release = ps.release()
        for a in all_authorities():
            for m in ps.MEASURES:
                period = release.latest(m)
                assert period is not None
                assert release.reading(m, a.la_code, period).value.status != "missing", (a, m.id)


class TestShown:
    def test_authority_figures_in_words(self) -> None:
        figures = public.authority_figures("886")
        w20, refused, plans = figures.figures
        assert (w20.when, w20.value.text, w20.england.text) == ("2024", "33.3%", "46.4%")
        assert w20.value.detail == "783 of 2,354 plans; 32.3% including exceptions"
        assert (refused.value.text, refused.value.detail) == ("55.0%", "2,200 of 4,001 requests")
        assert (plans.when, plans.value.text, plans.england.text) == (
            "January 2025",
            "20,635",
            "638,745",
        )
        assert [p.after_break for p in w20.series] == [False] * 4 + [True] * 2
        years = {y.year: y for y in figures.years}
        assert list(years) == list(range(2019, 2026))
        assert years[2023].first_after_break and not years[2024].first_after_break
        # the calendar year 2025 is not in the release, and the table says so in words
        assert years[2025].values[0].text == "not yet published"
        assert years[2025].values[0].status == "missing"
        assert figures.about.source.startswith(
            "Source: Department for Education, Education, health and care plans (2025)."
        )
        assert "Open Government Licence v3.0" in figures.about.source
        assert "2023" in figures.about.break_note and not figures.about.from_config

    def test_brief_lines(self) -> None:
        lines, source = public.brief_lines("886")
        assert lines == [
            (
                "New EHC plans issued within 20 weeks (2024, excluding exceptions)",
                "33.3%",
                "England: 46.4%",
            ),
            ("Requests for an EHC needs assessment refused (2024)", "55.0%", "England: 25.2%"),
            ("EHC plans in place (January 2025)", "20,635", "England: 638,745"),
        ]
        assert source.startswith(
            "Source: Department for Education, Education, health and care plans (2025)."
        )
        assert "Open Government Licence v3.0" in source and "2023" in source

    def test_suppressed_and_not_applicable_symbols(self) -> None:
        reading = ps.Reading(
            W20, "2024", 2024, ps.Value(None, "c"), ps.MISSING, ps.MISSING, ps.MISSING
        )
        assert public.value(reading).text == "suppressed"
        reading = ps.Reading(
            W20, "2024", 2024, ps.Value(None, "z"), ps.MISSING, ps.MISSING, ps.MISSING
        )
        assert public.value(reading).text == "not applicable"


def write_release(path: Path, edit: dict[tuple[str, str, str], str] | None = None) -> Path:
    """The shipped extract, with some cells changed: {(time_period, code, column): value}."""
    import csv

    with data_file(ps.FILENAME).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for (period, code, column), value in (edit or {}).items():
        for row in rows:
            if row["time_period"] == period and row["old_la_code"] == code:
                row[column] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


class TestOverride:
    def test_config_folder_release_takes_precedence(self) -> None:
        write_release(ps.override_path(), {("2024", "886", "PC_plans_issued_20_weeks_ex"): "12.5"})
        ps.release.cache_clear()
        release = ps.release()
        assert release.from_config and release.path == ps.override_path()
        assert number(W20, "886", "2024") == 12.5
        assert public.authority_figures("886").about.from_config

    def test_a_newer_release_is_found_by_its_latest_year(self, tmp_path: Path) -> None:
        path = write_release(tmp_path / "r.csv")
        text = path.read_text(encoding="utf-8")
        later = [
            line.replace("202425,", "202526,", 1)
            for line in text.splitlines()
            if line.startswith("202425,")
        ]
        path.write_text(text + "\n".join(later) + "\n", encoding="utf-8")
        release = ps.load_csv(path)
        assert release.reporting_year == 2026 and release.latest(PLANS) == "202526"
        assert "(2026)" in release.source_line

    @pytest.mark.parametrize(
        ("edit", "message"),
        [
            ({("2024", "886", "PC_plans_issued_20_weeks_ex"): "33,3"}, "is neither a number nor"),
            ({("2024", "886", "PC_plans_issued_20_weeks_ex"): "133.3"}, "a percentage over 100"),
            ({("2024", "886", "ehcplans"): "-5"}, "is neither a number nor"),
            ({("2024", "886", "time_period"): "24"}, "is not a year"),
            ({("2024", "886", "time_period"): "202426"}, "is not an academic year"),
            ({("2024", "886", "old_la_code"): "E10000016"}, "is not a 3-digit DfE code"),
            (
                {("2024", "886", "old_la_code"): "887"},
                "a second row for DfE code 887 (Medway) in 2024",
            ),
            ({("2024", "886", "geographic_level"): "Region"}, "geographic_level 'Region'"),
        ],
    )
    def test_a_bad_file_is_refused_clearly(
        self, tmp_path: Path, edit: dict[tuple[str, str, str], str], message: str
    ) -> None:
        path = write_release(tmp_path / "bad.csv", edit)
        with pytest.raises(SvtoolError) as e:
            ps.load_csv(path, from_config=True)
        assert message in e.value.message and str(path) in e.value.message
        assert "line " in e.value.message
        assert e.value.hint and "remove it" in e.value.hint

    def test_missing_columns_and_no_england(self, tmp_path: Path) -> None:
        path = tmp_path / "cols.csv"
        path.write_text("time_period,geographic_level,old_la_code,la_name\n", encoding="utf-8")
        with pytest.raises(SvtoolError, match="lack the column"):
            ps.load_csv(path)
        path = write_release(tmp_path / "noeng.csv")
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if ",National," not in x]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(SvtoolError, match="no England figure"):
            ps.load_csv(path)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        path = tmp_path / "bin.csv"
        path.write_bytes(b"\xff\xfe\x00garbage")
        with pytest.raises(SvtoolError, match="Cannot read the EHC plan figures"):
            ps.load_csv(path)

    @settings(max_examples=30, deadline=None)
    @given(st.text(max_size=12))
    def test_any_cell_is_accepted_or_refused_never_crashes(self, cell: str) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = write_release(
                Path(tmp) / "r.csv", {("2024", "886", "request_not_assess_pc"): cell}
            )
            try:
                release = ps.load_csv(path)
            except SvtoolError as e:
                assert "not valid" in e.message or "Cannot read" in e.message
                return
            value = release.reading(REFUSED, "886", "2024").value
            assert value.status in ("number", "symbol", "missing")
            if value.number is not None:
                assert 0 <= value.number <= 100


@pytest.mark.skipif(not RELEASE_ZIP.exists(), reason="shared/reference is not beside this checkout")
def test_the_shipped_extract_is_what_the_script_makes_from_the_release(tmp_path: Path) -> None:
    out = tmp_path / "ehcp-stats.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "extract_ehcp.py"),
            str(RELEASE_ZIP),
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (ROOT / "data" / ps.FILENAME).read_bytes()

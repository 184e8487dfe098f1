"""The hex map: every authority has its shape, joined on codes; shading bands that cannot mislead."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svtool.authorities import Authority, all_authorities
from svtool.report import hexmap

ROOT = Path(__file__).resolve().parents[1]
GEOJSON = ROOT.parent / "shared" / "reference" / "maps" / "utla-2023-hex-cartogram.geojson"
PATH_DATA = re.compile(r"^(M\d+ \d+l(-?\d+[ -]?)+z)+$")


def test_153_shapes_one_per_authority_joined_on_codes() -> None:
    shapes = hexmap.shapes()
    assert len(shapes) == 153 == len({s.ons_code for s in shapes})
    found, missing = hexmap.join(all_authorities())
    assert missing == [] and len(found) == 153
    assert len({id(s) for s in found.values()}) == 153  # no shape used twice
    for code, shape in found.items():
        a = next(x for x in all_authorities() if x.la_code == code)
        assert hexmap.FORMER_ONS_CODES.get(shape.ons_code, shape.ons_code) == a.ons_code, a.name


def test_barnsley_and_sheffield_join_on_their_former_codes_not_their_names() -> None:
    """The cartogram has the pre-2025 codes; a renamed authority would still join on its code."""
    renamed = [
        Authority(a.la_code, a.ons_code, f"Somewhere {i}", a.region, a.la_type, a.programme, "", "")
        for i, a in enumerate(all_authorities())
        if a.name in ("Barnsley", "Sheffield")
    ]
    found, missing = hexmap.join(renamed)
    assert not missing
    assert {s.name for s in found.values()} == {"Barnsley", "Sheffield"}
    assert {s.ons_code for s in found.values()} == {"E08000016", "E08000019"}


def test_an_authority_the_map_lacks_is_reported_not_dropped() -> None:
    stranger = Authority("999", "E06999999", "Nowhere", "London", "", "none", "", "")
    found, missing = hexmap.join([*all_authorities(), stranger])
    assert len(found) == 153 and missing == [stranger]


def test_paths_are_compact_svg_inside_their_boxes() -> None:
    for s in hexmap.shapes():
        assert PATH_DATA.match(s.path), s.name
        x, y = (int(v) for v in s.path[1:].split("l")[0].split())
        assert s.box[0] <= x <= s.box[2] and s.box[1] <= y <= s.box[3]
    size = (ROOT / "data" / hexmap.FILENAME).stat().st_size
    assert size < 60_000


@pytest.mark.skipif(not GEOJSON.exists(), reason="shared/reference is not beside this checkout")
def test_the_shipped_paths_are_what_the_script_makes_from_the_cartogram(tmp_path: Path) -> None:
    out = tmp_path / "hexmap.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "hexmap_paths.py"), str(GEOJSON), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (ROOT / "data" / hexmap.FILENAME).read_bytes()


class TestBands:
    def test_few_values_each_get_their_own_band(self) -> None:
        assert hexmap.bands([0, 1, 1, 2, 7]) == [(1, 1), (2, 2), (7, 7)]
        assert hexmap.bands([0, 0]) == []

    def test_many_values_share_five_bands(self) -> None:
        assert hexmap.bands(range(1, 154)) == [(1, 31), (32, 62), (63, 92), (93, 123), (124, 153)]

    @given(st.lists(st.integers(min_value=0, max_value=5000), max_size=200))
    def test_every_positive_value_in_exactly_one_band(self, values: list[int]) -> None:
        ranges = hexmap.bands(values)
        assert len(ranges) <= hexmap.BANDS
        for (low, high), (next_low, _) in itertools.pairwise(ranges):
            assert low <= high < next_low
        for v in values:
            inside = [r for r in ranges if r[0] <= v <= r[1]]
            assert len(inside) == (1 if v > 0 else 0)
        if any(values):
            assert ranges[-1][1] == max(values) and ranges[0][0] == min(v for v in values if v)

    def test_none_and_outside_are_their_own_bands(self) -> None:
        codes = ["1", "2", "3", "4"]
        view = hexmap.View(
            "v", "Evidence", "All", "All", {"1": 3, "2": 0, "4": 9}, frozenset("123")
        )
        band, legend = hexmap._shade(view, codes)
        assert band == {"1": "b3", "2": "b0", "3": "b0", "4": "bx"}
        assert [(i.band, i.label, i.authorities) for i in legend] == [
            ("b3", "3 entries", 1),
            ("b0", "No evidence", 2),
            ("bx", "Not in this view", 1),
        ]

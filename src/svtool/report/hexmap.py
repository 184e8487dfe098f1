"""England's 153 authorities on a hex map: the shapes, joined to svtool's list, shaded in bands.

The shapes are the House of Commons Library's hex cartogram of upper-tier authorities (2023), each
authority a cluster of hexagons sized by population, shipped as precomputed SVG paths
(data/hexmap-utla23.csv, made by scripts/hexmap_paths.py from the GeoJSON). The map is joined to
svtool's authorities on ONS codes: Barnsley and Sheffield carry their pre-2025 codes in the map, so
those two are mapped; anything still unmatched is joined on its name.

A view shades each authority by a count: authorities outside the view are hatched (band bx),
authorities with none are white (b0), the rest fall in up to five bands (b1 lightest to b5
darkest) chosen so that each holds a similar number of authorities. Templates draw the bands; the
colours are the stylesheet's (a colour-blind-safe sequential scale).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from svtool.authorities import Authority, normalise
from svtool.paths import data_file
from svtool.report.context_national import HexMap, LegendItem, MapShape, MapView

FILENAME = "hexmap-utla23.csv"
ATTRIBUTION = (
    "Hex map of upper-tier local authorities (2023) from the House of Commons Library. "
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)
# ONS gave Barnsley and Sheffield new codes in 2025; the 2023 cartogram has the old ones.
FORMER_ONS_CODES = {"E08000016": "E08000038", "E08000019": "E08000039"}
BANDS = 5
MARGIN = 6  # map units around the selection
NONE, OUTSIDE = "b0", "bx"


@dataclass(frozen=True)
class Shape:
    """One authority's outline, as the map file has it."""

    ons_code: str
    name: str
    region: str
    box: tuple[int, int, int, int]  # min x, min y, max x, max y
    path: str


@dataclass(frozen=True)
class View:
    """What one view of the map shades: a count per authority (DfE code) among its members."""

    id: str
    group: str
    label: str
    title: str
    counts: Mapping[str, int]
    members: frozenset[str]  # DfE codes in the view; the rest are hatched
    unit: tuple[str, str] = ("entry", "entries")
    none_label: str = "No evidence"
    coarse: bool = False  # shared with small numbers suppressed: one band for any count, no numbers


@cache
def shapes() -> tuple[Shape, ...]:
    import csv

    with data_file(FILENAME).open(newline="", encoding="utf-8") as f:
        return tuple(
            Shape(
                ons_code=r["ons_code"],
                name=r["name"],
                region=r["region"],
                box=(int(r["min_x"]), int(r["min_y"]), int(r["max_x"]), int(r["max_y"])),
                path=r["path"],
            )
            for r in csv.DictReader(f)
        )


def join(authorities: Iterable[Authority]) -> tuple[dict[str, Shape], list[Authority]]:
    """Each authority's shape (by DfE code), and the authorities the map has no shape for."""
    by_ons = {FORMER_ONS_CODES.get(s.ons_code, s.ons_code): s for s in shapes()}
    by_name = {normalise(s.name): s for s in shapes()}
    found: dict[str, Shape] = {}
    missing: list[Authority] = []
    for a in authorities:
        shape = by_ons.get(a.ons_code.upper()) or by_name.get(normalise(a.name))
        if shape is None:
            missing.append(a)
        else:
            found[a.la_code] = shape
    return found, missing


def bands(values: Iterable[int]) -> list[tuple[int, int]]:
    """Up to five ranges (low, high) covering the positive values, each with a similar share."""
    positive = sorted(v for v in values if v > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= BANDS:
        return [(v, v) for v in distinct]
    tops: list[int] = []
    for i in range(1, BANDS):
        top = positive[max(0, -(-len(positive) * i // BANDS) - 1)]
        if (not tops or top > tops[-1]) and top < positive[-1]:
            tops.append(top)
    tops.append(positive[-1])
    lows = [positive[0], *(t + 1 for t in tops[:-1])]
    return list(zip(lows, tops, strict=True))


def band_ids(n: int) -> list[str]:
    """Which of the five colours n ranges use, spread from light to dark."""
    spread = {0: [], 1: [3], 2: [2, 4], 3: [1, 3, 5], 4: [1, 2, 4, 5], 5: [1, 2, 3, 4, 5]}
    return [f"b{i}" for i in spread[n]]


def _range_label(low: int, high: int, unit: tuple[str, str]) -> str:
    if low == high:
        return f"{low:,} {unit[0] if low == 1 else unit[1]}"
    return f"{low:,} to {high:,} {unit[1]}"


def _shade(view: View, codes: Sequence[str]) -> tuple[dict[str, str], tuple[LegendItem, ...]]:
    ranges = bands(view.counts.get(c, 0) for c in codes if c in view.members)
    if view.coarse and ranges:
        ranges = [(1, ranges[-1][1])]
    ids = band_ids(len(ranges))
    band: dict[str, str] = {}
    for code in codes:
        n = view.counts.get(code, 0)
        if code not in view.members:
            band[code] = OUTSIDE
        elif n <= 0:
            band[code] = NONE
        else:
            band[code] = next(i for i, (low, high) in zip(ids, ranges, strict=True) if n <= high)
    tally = {b: sum(1 for v in band.values() if v == b) for b in (*ids, NONE, OUTSIDE)}
    legend = [
        LegendItem(
            b,
            f"Some {view.unit[1]}" if view.coarse else _range_label(low, high, view.unit),
            tally[b],
        )
        for b, (low, high) in zip(ids, ranges, strict=True)
    ]
    legend.append(LegendItem(NONE, view.none_label, tally[NONE]))
    if tally[OUTSIDE]:
        legend.append(LegendItem(OUTSIDE, "Not in this view", tally[OUTSIDE]))
    return band, tuple(legend)


def hex_map(
    everyone: Sequence[Authority],
    selection: Sequence[Authority],
    views: Sequence[View],
    titles: Mapping[str, str],
    label: str,
) -> HexMap:
    """The map of every authority, framed on the selection and shaded by each view in turn."""
    found, missing = join(everyone)
    code_of = {id(s): code for code, s in found.items()}
    codes = list(found)
    shaded = [_shade(v, codes) for v in views]
    chosen = {a.la_code for a in selection}
    boxes = [found[c].box for c in chosen if c in found] or [s.box for s in shapes()]
    x0 = min(b[0] for b in boxes) - MARGIN
    y0 = min(b[1] for b in boxes) - MARGIN
    width = max(b[2] for b in boxes) + MARGIN - x0
    height = max(b[3] for b in boxes) + MARGIN - y0
    drawn = []
    for s in shapes():
        code = code_of.get(id(s), "")
        drawn.append(
            MapShape(
                code=code,
                name=s.name,
                path=s.path,
                bands=tuple(band[code] if code else OUTSIDE for band, _ in shaded),
                title=titles.get(code, f"{s.name}: not in this report"),
            )
        )
    return HexMap(
        label=label,
        view_box=f"{x0} {y0} {width} {height}",
        width=width,
        height=height,
        views=tuple(
            MapView(id=v.id, group=v.group, label=v.label, title=v.title, legend=legend)
            for v, (_, legend) in zip(views, shaded, strict=True)
        ),
        shapes=tuple(drawn),
        attribution=ATTRIBUTION,
        not_on_map=tuple(a.name for a in missing if a.la_code in chosen),
    )

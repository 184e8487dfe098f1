"""Turn the House of Commons Library's hex cartogram (GeoJSON) into compact SVG paths.

    python scripts/hexmap_paths.py ../shared/reference/maps/utla-2023-hex-cartogram.geojson \
        --output data/hexmap-utla23.csv

The cartogram draws each of England's 153 upper-tier authorities as a cluster of hexagons sized by
population, in the cartogram's own units (0.1 precision). Each outline becomes one SVG path in
whole tenths of a unit, y pointing down, with repeated and collinear points dropped and relative
moves, so the 177 kB GeoJSON becomes about 45 kB. Nothing else changes: codes and names are the
file's own (Barnsley and Sheffield keep their pre-2025 ONS codes; svtool maps them when it joins).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

Point = tuple[int, int]
COLUMNS = ("ons_code", "name", "region", "min_x", "min_y", "max_x", "max_y", "path")
SCALE = 10  # the source has one decimal place: tenths become whole numbers


def simplify(ring: list[Point]) -> list[Point]:
    """The ring without repeated points, the closing point, or points on a straight line."""
    points: list[Point] = []
    for p in ring:
        if not points or points[-1] != p:
            points.append(p)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    changed = True
    while changed and len(points) > 3:
        kept = []
        for i, b in enumerate(points):
            a, c = points[i - 1], points[(i + 1) % len(points)]
            if (b[0] - a[0]) * (c[1] - b[1]) != (b[1] - a[1]) * (c[0] - b[0]):
                kept.append(b)
        changed = len(kept) != len(points)
        points = kept
    return points


def path_of(rings: list[list[Point]]) -> str:
    """One SVG path: an absolute move to each ring's start, then relative lines, closed."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def convert(geojson: dict) -> list[dict[str, str | int]]:
    top = max(
        y
        for f in geojson["features"]
        for polygon in _polygons(f["geometry"])
        for ring in polygon
        for _, y in ring
    )
    rows: list[dict[str, str | int]] = []
    for f in geojson["features"]:
        props = f["properties"]
        rings = [
            simplify([(round(x * SCALE), round((top - y) * SCALE)) for x, y in ring])
            for polygon in _polygons(f["geometry"])
            for ring in polygon
        ]
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        rows.append(
            {
                "ons_code": props["utla23cd"],
                "name": props["utla23nm"],
                "region": props["region"],
                "min_x": min(xs),
                "min_y": min(ys),
                "max_x": max(xs),
                "max_y": max(ys),
                "path": path_of(rings),
            }
        )
    return sorted(rows, key=lambda r: str(r["ons_code"]))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise SystemExit(f"unexpected geometry {geometry['type']}")


def write(rows: list[dict[str, str | int]], out: io.TextIOBase | io.StringIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("--output", "-o", type=Path, help="default: standard output")
    args = parser.parse_args(argv)
    rows = convert(json.loads(args.geojson.read_text(encoding="utf-8")))
    text = io.StringIO()
    write(rows, text)
    if args.output is None:
        sys.stdout.write(text.getvalue())
    else:
        args.output.write_text(text.getvalue(), encoding="utf-8", newline="")
        print(f"Wrote {len(rows)} authorities to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

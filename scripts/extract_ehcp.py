"""Extract the few EHC plan figures svtool shows from DfE's "Education, health and care plans" zip.

    python scripts/extract_ehcp.py education-health-and-care-plans_2025.zip --output data/ehcp-stats.csv

The release's full CSV set is about 37 MB; svtool needs, for England and for each local authority,
the authority totals of three of its files:

- timeliness_20_week.csv ("All EHC plans issued"): plans issued within 20 weeks, with and without
  the permitted exceptions (numbers and DfE's percentages);
- requests.csv ("All requests for EHC needs assessments"): requests received, requests the
  authority decided not to assess, and DfE's percentage of those (published from 2023 only);
- caseload.csv ("All EHC plans"): EHC plans in place each January.

Values are copied as published (numbers and DfE's symbols x, z, c...): nothing is computed or
rounded here. Rows are keyed by DfE's 3-digit `old_la_code`, never by `new_la_code` (which keeps
retired ONS codes for some authorities in some years). The output is what svtool ships as
`data/ehcp-stats.csv`; head office can make the same file from a newer release and have reps save
it as `ehcp-stats.csv` in their svtool config folder, where it takes precedence.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

# (file in the zip, its authority-total breakdown, the columns taken), in output column order.
SOURCES = (
    (
        "timeliness_20_week.csv",
        "All EHC plans issued",
        (
            "plans_issued_den_ex",
            "plans_issued_20_weeks_ex",
            "PC_plans_issued_20_weeks_ex",
            "plans_issued_den",
            "plans_issued_within_20_weeks",
            "pc_plans_issued_within_20_weeks",
        ),
    ),
    (
        "requests.csv",
        "All requests for EHC needs assessments",
        ("requests_received_in_year", "requests_decided_not_to_assess", "request_not_assess_pc"),
    ),
    ("caseload.csv", "All EHC plans", ("ehcplans",)),
)
KEY_COLUMNS = ("time_period", "geographic_level", "old_la_code", "la_name")
LEVELS = ("National", "Local authority")


def member(archive: zipfile.ZipFile, name: str) -> str:
    """The zip member whose file name is `name` (DfE puts them under data/; allow any folder)."""
    found = [m for m in archive.namelist() if m.rsplit("/", 1)[-1] == name]
    if len(found) != 1:
        raise SystemExit(f"{archive.filename}: expected one {name}, found {found or 'none'}")
    return found[0]


def extract(zip_path: Path) -> list[dict[str, str]]:
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name, breakdown, columns in SOURCES:
            with archive.open(member(archive, name)) as raw:
                reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
                missing = [
                    c
                    for c in (*KEY_COLUMNS, "breakdown", *columns)
                    if c not in (reader.fieldnames or [])
                ]
                if missing:
                    raise SystemExit(f"{name} lacks the column(s) {', '.join(missing)}")
                seen: set[tuple[str, str, str]] = set()
                for r in reader:
                    level = r["geographic_level"]
                    if level not in LEVELS or r["breakdown"] != breakdown:
                        continue
                    if r.get("breakdown_topic", breakdown) != breakdown:
                        continue
                    code = r["old_la_code"].strip() if level == "Local authority" else ""
                    key = (r["time_period"].strip(), level, code)
                    if key in seen:
                        raise SystemExit(f"{name}: two '{breakdown}' rows for {key}")
                    seen.add(key)
                    row = rows.setdefault(
                        key,
                        {
                            "time_period": key[0],
                            "geographic_level": level,
                            "old_la_code": code,
                            "la_name": r["la_name"].strip() if code else "England",
                        },
                    )
                    for c in columns:
                        row[c] = r[c].strip()
                if not seen:
                    raise SystemExit(f"{name}: no '{breakdown}' rows for England or authorities")
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(
        rows.values(),
        key=lambda r: (r["time_period"], order[r["geographic_level"]], r["old_la_code"]),
    )


def columns() -> list[str]:
    return [*KEY_COLUMNS, *(c for _, _, cols in SOURCES for c in cols)]


def write(rows: list[dict[str, str]], out: io.TextIOBase | io.StringIO) -> None:
    writer = csv.DictWriter(out, fieldnames=columns(), restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zip", type=Path, help="DfE's release zip (all data files)")
    parser.add_argument(
        "--output", "-o", type=Path, help="where to write (default: standard output)"
    )
    args = parser.parse_args(argv)
    rows = extract(args.zip)
    text = io.StringIO()
    write(rows, text)
    if args.output is None:
        sys.stdout.write(text.getvalue())
    else:
        args.output.write_text(text.getvalue(), encoding="utf-8", newline="")
        print(f"Wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The national picture of a report across authorities: the hex map and its table.

One row per authority in the selection (evidence, strategies, DfE's latest figures) and one map
of all 153, shaded by all evidence, by each programme group present, and by each 2.1 strategy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from svtool import checklist as cl
from svtool.authorities import Authority, all_authorities
from svtool.report import hexmap, public
from svtool.report.context_national import NationalPicture, NationalRow, PublicColumn, PublicValue

GROUP_NAMES = {
    "safety_valve": "Safety Valve",
    "dbv": "Delivering Better Value",
    "none": "Neither programme",
}
GROUP_TITLES = {
    "safety_valve": "Entries about authorities in the Safety Valve programme",
    "dbv": "Entries about authorities in the Delivering Better Value programme",
    "none": "Entries about authorities in neither programme",
}


def _strategies(counts: Mapping[str, int], numbers: bool = True) -> str:
    return "; ".join(
        f"{c.short} {counts[c.id]:,}" if numbers else c.short
        for c in cl.STRATEGIES
        if counts.get(c.id)
    )


def _title(
    a: Authority,
    entries: str,
    strategies: str,
    figures: Sequence[PublicValue],
    columns: Sequence[PublicColumn],
) -> str:
    count = (
        f"{entries} {'entry' if entries == '1' else 'entries'}"
        if entries[:1].isdigit()
        else f"entries {entries}"  # a shared report's "fewer than 5" or "not shown"
    )
    words = f"{a.name} ({a.programme_name}, {a.region}): {count}"
    if strategies:
        words += f". Strategies reported (2.1): {strategies}"
    published = "; ".join(
        f"{c.short_label}, {c.when}: {f.text} (England {c.england.text})"
        for c, f in zip(columns, figures, strict=True)
    )
    return f"{words}. DfE: {published}."


def national_picture(
    selection: Sequence[Authority],
    entries: Mapping[str, int],
    strategies: Mapping[str, Mapping[str, int]],
    shown: Mapping[str, str] | None = None,
) -> NationalPicture:
    """The map and table for the selection, from entries and 2.1 strategy counts per DfE code.

    `shown`, for a shared report with small numbers suppressed, is each authority's entries as the
    report prints them ("fewer than 5", "not shown"): the table uses it, strategies are named
    without their counts, and the map shades only whether there is evidence, never how much."""
    coarse = shown is not None
    columns = public.columns()
    chosen = frozenset(a.la_code for a in selection)
    rows = []
    titles = {}
    for a in sorted(selection, key=lambda a: a.name):
        reported = _strategies(strategies.get(a.la_code, {}), numbers=not coarse)
        figures = public.latest_values(a.la_code)
        n = entries.get(a.la_code, 0)
        text = shown.get(a.la_code, "0") if shown is not None else f"{n:,}"
        rows.append(
            NationalRow(
                code=a.la_code,
                name=a.name,
                region=a.region,
                programme_name=a.programme_name,
                entries=n if not coarse or text == f"{n:,}" else None,
                strategies=reported,
                public=figures,
                shown=text,
            )
        )
        titles[a.la_code] = _title(a, text, reported, figures, columns)

    views = [
        hexmap.View(
            "all",
            "Evidence",
            "All evidence",
            "Entries per authority",
            entries,
            chosen,
            coarse=coarse,
        )
    ]
    groups = [p for p in GROUP_NAMES if any(a.programme == p for a in selection)]
    if len(groups) > 1:
        views += [
            hexmap.View(
                f"programme-{p}",
                "Programme",
                GROUP_NAMES[p],
                GROUP_TITLES[p],
                entries,
                frozenset(a.la_code for a in selection if a.programme == p),
                coarse=coarse,
            )
            for p in groups
        ]
    views += [
        hexmap.View(
            f"strategy-{c.id}",
            "Strategy (question 2.1)",
            c.short,
            f"Entries reporting “{c.text}”",
            {code: s.get(c.id, 0) for code, s in strategies.items()},
            chosen,
            none_label="None reported",
            coarse=coarse,
        )
        for c in cl.STRATEGIES
    ]
    label = (
        f"Map of England's local authorities (hex cartogram), shaded by the number of entries "
        f"for {len(chosen):,} {'authority' if len(chosen) == 1 else 'authorities'} in this report; "
        "the table after the map gives every figure."
    )
    return NationalPicture(
        map=hexmap.hex_map(all_authorities(), selection, views, titles, label),
        rows=tuple(rows),
        public=columns,
        about=public.about(),
    )

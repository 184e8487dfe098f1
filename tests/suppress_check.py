"""An independent check of small-number suppression, by brute force (no tests here).

Given what an output shows (each count exact, "fewer than 5", "not shown" or withheld) and how the
counts relate, `worked_out` searches every assignment of values consistent with all of it and
returns the suppressed counts that have only one possible value. It shares no code with
svtool.report.suppress beyond reading a Sheet's states and relations.
"""

from __future__ import annotations

from svtool.report.suppress import Sheet, State


def _domains(sheet: Sheet, cap: int) -> list[list[int]]:
    out = []
    for h, (state, value) in enumerate(zip(sheet.states, sheet.values, strict=True)):
        floor = sheet.floors.get(h, 0)
        if state is State.EXACT:
            dom = [value]
        elif state is State.SMALL:
            dom = [1, 2, 3, 4]
        else:  # "not shown": a reader cannot tell a hidden count from a withheld one
            dom = list(range(1 if value else 0, cap + 1))
        out.append([v for v in dom if v >= floor])
    return out


def _ok(rel: object, assign: dict[int, int], final: bool) -> bool:
    kind, total, parts = rel.kind, rel.total, rel.parts  # type: ignore[attr-defined]
    if total not in assign:
        return True
    known = [assign[p] for p in parts if p in assign]
    t = assign[total]
    if kind == "sum":
        if sum(known) > t:
            return False
        return not (len(known) == len(parts) and sum(known) != t)
    if any(v > t for v in known):
        return False
    return not (len(known) == len(parts) and sum(known) < t)


def worked_out(sheet: Sheet, cap: int | None = None) -> list[int]:
    """Suppressed (small) counts whose value is the only one consistent with what is shown."""
    sheet.solve()
    cap = cap if cap is not None else max([*sheet.values, 0]) + 6
    domains = _domains(sheet, cap)
    order = sorted(range(len(domains)), key=lambda h: len(domains[h]))
    possible: dict[int, set[int]] = {
        h: set() for h, s in enumerate(sheet.states) if s is State.SMALL
    }
    rels_of: dict[int, list[object]] = {}
    for rel in sheet.relations:
        for h in (rel.total, *rel.parts):
            rels_of.setdefault(h, []).append(rel)
    assign: dict[int, int] = {}

    def search(i: int) -> None:
        if all(len(v) >= 2 for v in possible.values()):
            return
        if i == len(order):
            for h in possible:
                possible[h].add(assign[h])
            return
        h = order[i]
        for v in domains[h]:
            assign[h] = v
            if all(_ok(r, assign, False) for r in rels_of.get(h, ())):
                search(i + 1)
            del assign[h]

    search(0)
    return [h for h, values in possible.items() if len(values) < 2]

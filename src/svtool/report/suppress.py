"""Small numbers in anything shared: a count of 1 to 4 is shown as "fewer than 5", and nothing shown
beside it (a total, the other rows of its table) lets it be worked out.

A child in a small school can be identified from a count ("3 pupils in Year 5 lost their support"),
so the brief and `report --share` never print one. Zero is shown: it identifies nobody.

A `Sheet` holds every count an output shows and how they relate:
- `sum(total, parts)`: the parts add up to the total (entries per setting add up to the entries);
- `cover(total, parts)`: each entry counts under at least one part, maybe several, so the parts add
  up to at least the total and none is above it (entries per question within a section);
- `at_least(count, n)`: the output says the count is at least n (an authority with evidence in
  3 sections has at least 3 entries).
`solve()` marks counts of 1 to 4 ("primary" suppression), then works out what a reader could
deduce from everything still shown, by narrowing each count's possible range over the relations
until nothing changes. While some suppressed count would be narrowed to one value, it hides one
more count beside it ("secondary" suppression: a total that may be left out, else the smallest
count of 5 or more, shown as "not shown"); when nothing is left to hide, the parts of that table
are withheld (also "not shown"). In working out what a reader could deduce, a hidden count is
taken to be known as 5 or more, which assumes more than the output says, so errs safe.
With `suppress=False` (the rep's own copy) every count is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

THRESHOLD = 5  # counts from 1 up to THRESHOLD - 1 are never shown in shared output
FEWER = f"fewer than {THRESHOLD}"
HIDDEN = "not shown"
_INF = 10**15


class State(Enum):
    EXACT = "exact"
    SMALL = "small"  # 1-4, shown as "fewer than 5"
    HIDDEN = "hidden"  # 5 or more, hidden so that a small count beside it cannot be worked out
    WITHHELD = "withheld"  # not shown at all: its table could not be shown safely


@dataclass(frozen=True)
class Shown:
    """A count as an output shows it."""

    value: int | None  # the count, when shown exactly; None otherwise
    text: str  # "1,234", "fewer than 5" or "not shown"
    short: str  # for chart labels: "1,234", "<5" or "–"

    @property
    def exact(self) -> bool:
        return self.value is not None


def exact(value: int) -> Shown:
    return Shown(value, f"{value:,}", f"{value:,}")


_SMALL = Shown(None, FEWER, f"<{THRESHOLD}")
_HIDDEN = Shown(None, HIDDEN, "–")


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


@dataclass
class _Relation:
    kind: str  # "sum" or "cover"
    total: int
    parts: tuple[int, ...]
    hide_total: bool  # the output can leave the total out (it is not needed elsewhere)


class Sheet:
    """The counts one output shows and how they add up; see the module's docstring."""

    def __init__(self, *, suppress: bool) -> None:
        self.suppress = suppress
        self.values: list[int] = []
        self.states: list[State] = []
        self.relations: list[_Relation] = []
        self.floors: dict[int, int] = {}  # at_least
        self._solved = False

    def add(self, value: int) -> int:
        """A count the output shows; returns its handle."""
        if value < 0:
            raise ValueError("a count cannot be negative")
        self.values.append(value)
        self.states.append(State.EXACT)
        self._solved = False
        return len(self.values) - 1

    def sum(
        self, total: int, parts: list[int] | tuple[int, ...], *, hide_total: bool = False
    ) -> None:
        self._relate("sum", total, parts, hide_total)

    def cover(
        self, total: int, parts: list[int] | tuple[int, ...], *, hide_total: bool = False
    ) -> None:
        self._relate("cover", total, parts, hide_total)

    def at_least(self, handle: int, floor: int) -> None:
        self.floors[handle] = max(floor, self.floors.get(handle, 0))

    def _relate(
        self, kind: str, total: int, parts: list[int] | tuple[int, ...], hide: bool
    ) -> None:
        if parts:
            self.relations.append(_Relation(kind, total, tuple(parts), hide))
            self._solved = False

    # -- what a reader can work out ----------------------------------------------------------

    def _known(self, h: int) -> tuple[int, int]:
        state = self.states[h]
        if state is State.EXACT:
            return self.values[h], self.values[h]
        if state is State.SMALL:
            lo, hi = 1, THRESHOLD - 1
        elif state is State.HIDDEN:
            lo, hi = THRESHOLD, _INF  # a reader may know hidden counts are never small
        else:  # withheld: any count, but not zero (a zero is always shown)
            lo, hi = 1, _INF
        return max(lo, self.floors.get(h, 0)), hi

    def ranges(self) -> list[tuple[int, int]]:
        """Each count's range of values consistent with everything shown (bounds narrowed over
        every relation until nothing changes)."""
        rng = [self._known(h) for h in range(len(self.values))]
        for _ in range(100):
            changed = False
            for rel in self.relations:
                changed |= _narrow(rng, rel)
            if not changed:
                break
        return rng

    def revealed(self) -> list[int]:
        """Suppressed counts a reader could work out exactly from what is shown."""
        rng = self.ranges()
        return [h for h, s in enumerate(self.states) if s is State.SMALL and rng[h][0] >= rng[h][1]]

    # -- deciding what to show ---------------------------------------------------------------

    def solve(self) -> None:
        if self._solved:
            return
        self._solved = True
        if not self.suppress:
            return
        for h, v in enumerate(self.values):
            if is_small(v):
                self.states[h] = State.SMALL
        for _ in range(len(self.values) + len(self.relations) + 1):
            revealed = self.revealed()
            if not revealed:
                break
            self._protect(revealed[0])
        else:  # pragma: no cover - each round hides or withholds one more count
            raise AssertionError("suppression did not settle")
        # Hiding one count at a time can hide more than needed: show again, largest first, every
        # hidden count whose showing gives nothing away.
        hidden = [h for h, state in enumerate(self.states) if state is State.HIDDEN]
        for h in sorted(hidden, key=lambda x: -self.values[x]):
            self.states[h] = State.EXACT
            if self.revealed():
                self.states[h] = State.HIDDEN

    def _protect(self, h: int) -> None:
        """Hide one more count so that `h` can no longer be worked out: a total the output can
        leave out, else the smallest count of 5 or more in a relation with `h`, else in a relation
        next to those (a group's total, say); when there is none, withhold the parts of `h`'s tables."""
        mine = [r for r in self.relations if h == r.total or h in r.parts]
        totals = [
            r.total
            for r in mine
            if r.hide_total and self.states[r.total] is State.EXACT and self.values[r.total]
        ]
        if totals:
            self.states[totals[0]] = State.HIDDEN
            return
        near = {x for r in mine for x in (r.total, *r.parts)}
        nearby = [r for r in self.relations if r not in mine and near & {r.total, *r.parts}]
        for relations in (mine, nearby):
            candidates = sorted(
                {
                    x
                    for r in relations
                    for x in (r.total, *r.parts)
                    if self.states[x] is State.EXACT and self.values[x] >= THRESHOLD
                },
                key=lambda x: (self.values[x], x),
            )
            if candidates:
                self.states[candidates[0]] = State.HIDDEN
                return
        for r in mine:  # nothing left to hide: the table cannot be shown safely
            for x in r.parts:
                if self.values[x]:
                    self.states[x] = State.WITHHELD
        if h not in {x for r in mine for x in r.parts}:
            self.states[h] = State.WITHHELD

    def shown(self, h: int) -> Shown:
        self.solve()
        state = self.states[h]
        if state is State.EXACT:
            return exact(self.values[h])
        return _SMALL if state is State.SMALL else _HIDDEN

    def withheld(self, h: int) -> bool:
        self.solve()
        return self.states[h] is State.WITHHELD


def _narrow(rng: list[tuple[int, int]], rel: _Relation) -> bool:
    """Narrow the ranges of one relation's counts; True if any changed."""
    t_lo, t_hi = rng[rel.total]
    los = [rng[p][0] for p in rel.parts]
    his = [rng[p][1] for p in rel.parts]
    sum_lo, sum_hi = sum(los), sum(his)  # Python ints: several unbounded parts stay unbounded
    changed = False

    def put(h: int, lo: int, hi: int) -> None:
        nonlocal changed
        old = rng[h]
        new = (max(old[0], lo), min(old[1], hi))
        if new != old and new[0] <= new[1]:
            rng[h] = new
            changed = True

    if rel.kind == "sum":
        put(rel.total, sum_lo, sum_hi)
        for i, p in enumerate(rel.parts):
            put(p, t_lo - (sum_hi - his[i]), t_hi - (sum_lo - los[i]))
    else:  # cover: max(parts) <= total <= sum(parts)
        put(rel.total, max(los), sum_hi)
        for i, p in enumerate(rel.parts):
            put(p, t_lo - (sum_hi - his[i]), t_hi)
    return changed


# Small counts of people or cases written in a rep's own words ("Three requests refused", "two TAs").
# "One pupil" or "a pupil" is left: an example about one child says so by being one example.
_NUMBER = r"(?:[2-4]|two|three|four)"
_PEOPLE = (
    r"(?:pupils?|children|child|learners?|students?|young people|boys?|girls?|siblings?|twins|"
    r"famil(?:y|ies)|parents?|carers?|staff|teachers?|TAs?|LSAs?|SENCOs?|assistants?|posts?|"
    r"colleagues?|members?|requests?|applications?|referrals?|cases?|plans?|EHCPs?|appeals?)"
)
_SMALL_TEXT = re.compile(
    rf"(?<![\w:./£$-]){_NUMBER}(?=(?:\s+[\w-]+){{0,2}}?\s+{_PEOPLE}\b)(?![\w:./%-])",
    re.IGNORECASE,
)


def mask_small_counts(text: str) -> str:
    """Counts of 2 to 4 people or cases in free text ("Three requests...", "2 TAs") as "fewer
    than 5". A heuristic for quoted examples: numbers of hours, weeks or pounds are left alone."""

    def swap(m: re.Match[str]) -> str:
        return FEWER.capitalize() if m.group()[:1].isupper() else FEWER

    return _SMALL_TEXT.sub(swap, text)

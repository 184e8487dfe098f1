"""Small-number suppression: counts 1-4 never shown, and never worked out from what is shown."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suppress_check import worked_out
from svtool.report.suppress import FEWER, HIDDEN, Sheet


def table(
    values: list[int], kind: str = "sum", *, hide_total: bool = False
) -> tuple[Sheet, int, list[int]]:
    sheet = Sheet(suppress=True)
    parts = [sheet.add(v) for v in values]
    if kind == "sum":
        total = sheet.add(sum(values))
        sheet.sum(total, parts, hide_total=hide_total)
    else:
        total = sheet.add(max(values) if values else 0)
        sheet.cover(total, parts, hide_total=hide_total)
    return sheet, total, parts


class TestPrimary:
    def test_small_counts_say_fewer_than_5(self) -> None:
        sheet = Sheet(suppress=True)
        handles = [sheet.add(v) for v in (0, 1, 4, 5, 1234)]
        assert [sheet.shown(h).text for h in handles] == ["0", FEWER, FEWER, "5", "1,234"]
        assert [sheet.shown(h).value for h in handles] == [0, None, None, 5, 1234]

    def test_own_copy_shows_everything(self) -> None:
        sheet, total, parts = table([1, 9])
        sheet.suppress = False
        assert [sheet.shown(h).text for h in (*parts, total)] == ["1", "9", "10"]


class TestSecondary:
    def test_one_small_cell_and_a_total_hides_another_cell(self) -> None:
        """9 + 3 = 12: showing 9 and 12 would give the 3 away, so the 9 is not shown either."""
        sheet, total, parts = table([9, 3, 7])
        texts = [sheet.shown(h).text for h in (*parts, total)]
        assert texts[1] == FEWER
        assert HIDDEN in texts
        assert worked_out(sheet) == []

    def test_total_left_out_when_allowed(self) -> None:
        sheet, total, parts = table([9, 3], hide_total=True)
        assert sheet.shown(total).text == HIDDEN
        assert sheet.shown(parts[0]).text == "9"

    def test_all_ones_under_a_small_total_are_withheld(self) -> None:
        """Four 1s under "fewer than 5": each must be 1, and withholding them still says there
        are at least 4, so the total is not shown either."""
        sheet, total, parts = table([1, 1, 1, 1])
        assert all(sheet.withheld(p) for p in parts)
        assert sheet.withheld(total) and sheet.shown(total).text == HIDDEN
        assert worked_out(sheet) == []

    def test_cover_lower_bound(self) -> None:
        """Each entry under at least one question: 9 entries, questions 5 and 'fewer than 5'
        would make the second at least 4, so it would be known to be 4."""
        sheet = Sheet(suppress=True)
        a, b = sheet.add(5), sheet.add(4)
        n = sheet.add(9)
        sheet.cover(n, [a, b], hide_total=True)
        assert worked_out(sheet) == []
        assert sheet.shown(n).text == HIDDEN

    def test_at_least(self) -> None:
        """ "Fewer than 5 entries" in 4 sections would say 4 entries."""
        sheet = Sheet(suppress=True)
        n = sheet.add(4)
        sheet.at_least(n, 4)
        assert sheet.withheld(n)
        assert worked_out(sheet) == []
        other = Sheet(suppress=True)
        m = other.add(4)
        other.at_least(m, 2)
        assert other.shown(m).text == FEWER  # 2, 3 or 4


counts = st.integers(min_value=0, max_value=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=st.lists(st.lists(counts, min_size=1, max_size=3), min_size=1, max_size=3),
    kind=st.sampled_from(["sum", "cover"]),
    hide=st.booleans(),
)
def test_nothing_suppressed_can_be_worked_out(
    groups: list[list[int]], kind: str, hide: bool
) -> None:
    """Rows within groups, groups within a grand total (authorities within programmes), as sums
    or as covers: after suppression, no count of 1-4 has only one value consistent with what
    is shown, by exhaustive search."""
    sheet = Sheet(suppress=True)
    group_totals = []
    for values in groups:
        parts = [sheet.add(v) for v in values]
        t = sheet.add(sum(values) if kind == "sum" else max(values))
        sheet.sum(t, parts) if kind == "sum" else sheet.cover(t, parts)
        group_totals.append(t)
    grand = sheet.add(sum(sheet.values[t] for t in group_totals))
    sheet.sum(grand, group_totals, hide_total=hide)
    sheet.solve()
    for h, v in enumerate(sheet.values):
        shown = sheet.shown(h)
        assert shown.value is None or not 0 < shown.value < 5
        if shown.value is not None:
            assert shown.value == v
    assert worked_out(sheet) == []

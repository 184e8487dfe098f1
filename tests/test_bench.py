"""The benchmark runner judges honestly: a goal it cannot read, a missing or zero floor, or a
figure of zero fails the run instead of passing it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


ROW = {"name": "x", "seconds": 1.0, "floor_name": "f", "floor_seconds": 0.5, "peak_mb": 30.0}


@pytest.mark.parametrize(
    ("changes", "ok", "why"),
    [
        ({"goal": "< 2 s"}, True, "ok"),
        ({"goal": "< 1 s"}, False, "NO"),
        ({"goal": "<= 2x floor"}, True, "ok"),
        ({"goal": "<= 1.5x floor"}, False, "NO"),
        ({"goal": "< 900 ms"}, False, "NO"),
        ({"goal": "< 10 s, peak < 500 MB"}, True, "ok"),
        ({"goal": "< 10 s, peak < 20 MB"}, False, "NO"),
        ({"goal": None}, True, "-"),
        ({"goal": "(first export after an upgrade)"}, False, "unreadable"),
        ({"goal": "fast"}, False, "unreadable"),
        ({"goal": "< 2 s", "floor_seconds": 0.0}, False, "no floor"),
        ({"goal": None, "floor_seconds": 0.0}, False, "no floor"),
        ({"goal": "< 2 s", "seconds": 0.0}, False, "no figure"),
    ],
)
def test_goals_are_read_strictly(changes: dict[str, object], ok: bool, why: str) -> None:
    verdict = _load("run").verdict
    result = verdict(ROW | changes)
    assert result[0] is ok
    assert why in result[1]


def test_pii_notes_are_distinct_and_carry_personal_data() -> None:
    from svtool.pii.detector import find_personal_data

    made = _load("bench_pii").make_notes(300)
    assert len(set(made)) == 300
    assert 40 < sum(bool(find_personal_data(text)) for text in made) < 250

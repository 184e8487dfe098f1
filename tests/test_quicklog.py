"""The quick path of `svtool log` stores exactly what the full command stores, prints what it
prints, and hands everything else over untouched."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svtool import checklist as cl
from svtool import quicklog
from svtool.cli.main import app
from test_startup import HEAVY, modules_after

VOLATILE = {"id", "logged_at", "revised_at"}


def _quick(db: Path, argv: list[str]) -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = quicklog.run(["--db", str(db), "log", *argv])
    return status, out.getvalue(), err.getvalue()


def _stored(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in conn.execute("SELECT * FROM entries ORDER BY seq")]
        snapshots = [json.loads(r[0]) for r in conn.execute("SELECT data FROM entry_revisions")]
    finally:
        conn.close()
    for row, snapshot in zip(rows, snapshots, strict=True):
        del row["seq"]
        row["snapshot"] = {k: v for k, v in snapshot.items() if k not in VOLATILE}
        for key in VOLATILE:
            row[key] = bool(row[key])  # present or not; the values are made at the time
    return rows


def _compare(argv: list[str], *, quick: bool = False) -> None:
    """Run both paths; with `quick`, the quick one must have taken it."""
    with tempfile.TemporaryDirectory() as tmp:
        quick_db, full_db = Path(tmp) / "quick.db", Path(tmp) / "full.db"
        status, out, err = _quick(quick_db, argv)
        full = CliRunner().invoke(app, ["--db", str(full_db), "log", *argv])
        if status is None:
            assert not quick, full.output
            assert (out, err) == ("", "")
            assert _stored(quick_db) == []  # handed over with nothing written
            return
        assert status == 0 and full.exit_code == 0, full.output
        assert _stored(quick_db) == _stored(full_db)
        assert len(out.strip()) == 36 and len(full.stdout.strip()) == 36  # the new id
        assert err == full.stderr


def _spelled(value: str) -> st.SearchStrategy[str]:
    """An id as a rep might type it: as is, in capitals, with spaces for hyphens."""
    return st.sampled_from([value, value.upper(), value.replace("-", " "), f" {value} "])


def _ids(choices: tuple[cl.Choice, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(cl.choice_ids(choices)).flatmap(_spelled) | st.text(max_size=12)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n\t=-@ "),
    max_size=60,
)
OPTION_VALUES: dict[str, st.SearchStrategy[str]] = {
    "--authority": st.sampled_from(["Kent", "886", "kent county council", "Bristol", "Nowhere"]),
    "--section": st.sampled_from(["2", "access", "7", "other", "staff"]),
    "--question": st.sampled_from(["2.1", "2.2", "4.1", "6.2", "1.7.1", "9.9", "2.1,2.2"]),
    "--strategy": _ids(cl.STRATEGIES),
    "--summary": TEXT,
    "--details": TEXT,
    "--date": st.sampled_from(["2025-10-01", "3/11/25", "today", "yesterday", "2099-01-01", "x"]),
    "--setting": _ids(cl.SETTINGS),
    "--source": _ids(cl.SOURCES),
    "--learners": st.sampled_from(["4", "1,200", "-1", "lots", "10000001"]),
    "--staff": st.sampled_from(["0", "2"]),
    "--impact": _ids(cl.IMPACTS),
    "--tag": TEXT,
    "--timescale-extended": st.sampled_from(["yes", "No", "maybe"]),
    "--posts-cut": st.sampled_from(["3", "x"]),
    "--role-cut": _ids(cl.ROLES),
    "--consulted": _ids(cl.CONSULTEES),
    "--status": _ids(cl.FOLLOW_UP_STATUSES),
    "--outcome": TEXT,
}
COMPLETE = [
    "--authority", "Kent", "--question", "2.1", "--strategy", "hours-cap", "--summary",
    "Outreach capped at 10 hours", "--date", "2025-10-01", "--setting", "mainstream-primary",
    "--source", "first-hand",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(sorted(OPTION_VALUES)), st.just(None), max_size=8).flatmap(
        lambda chosen: st.fixed_dictionaries({k: OPTION_VALUES[k] for k in chosen})
    )
)
def test_quick_and_full_paths_agree(changes: dict[str, str]) -> None:
    argv = list(COMPLETE)
    for option, value in changes.items():
        if option in argv:
            argv[argv.index(option) + 1] = value
        else:
            argv += [option, value]
    _compare(argv)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"--strategy": "HOURS CAP", "--setting": "Mainstream Primary", "--authority": "886"},
        {"--date": "3/11/25", "--impact": "workload,wellbeing", "--tag": "a,b,a"},
        {"--question=2.1,2.2": None, "--learners": "1,200", "--status": "Raised with LA"},
        {"-a": "kent county council", "-s": "access", "-y": None, "--outcome": "=SUM(A1)"},
        {"--summary": "Crèche’s class: \u200fRTL text\u200f and 😀", "--details": "a\nb\tc"},
    ],
)
def test_spellings_people_type_take_the_quick_path_and_agree(
    changes: dict[str, str | None],
) -> None:
    given = dict(zip(COMPLETE[::2], COMPLETE[1::2], strict=True))
    if "-a" in changes:
        del given["--authority"]
    for option, value in changes.items():
        given.pop(option.partition("=")[0], None)
        given[option] = value
    argv = [token for option, value in given.items() for token in (option, value) if token]
    _compare(argv, quick=True)


def test_a_complete_entry_takes_the_quick_path(tmp_path: Path) -> None:
    status, out, err = _quick(tmp_path / "q.db", [*COMPLETE, "--learners", "4", "--yes"])
    assert status == 0 and len(out) == 37
    assert err == "Saved evidence for Kent (section 2).\n"
    (row,) = _stored(tmp_path / "q.db")
    assert row["summary"] == "Outreach capped at 10 hours" and row["learners_affected"] == 4
    assert row["pii_scan"]  # scanned, so exports need not scan it again


@pytest.mark.parametrize(
    "extra",
    [
        ["--summary", "Outreach for Jamie Smith (UPN A123456789012) was cut"],  # personal data
        ["--json"],
        ["--redact"],
        ["--attach", "plan.pdf"],
        ["--details", "-"],
        ["--summary", "-dash first"],
        ["--authority", "Kent"],  # given twice
        ["positional"],
        ["--date", "2099-01-01"],  # a problem: the full command explains it
    ],
)
def test_anything_unusual_is_handed_over(tmp_path: Path, extra: list[str]) -> None:
    assert _quick(tmp_path / "q.db", [*COMPLETE, *extra]) == (None, "", "")
    assert _stored(tmp_path / "q.db") == []


def test_missing_options_are_handed_over(tmp_path: Path) -> None:
    assert _quick(tmp_path / "q.db", ["--authority", "Kent"]) == (None, "", "")


def test_the_options_table_matches_the_log_command() -> None:
    """Every option Typer declares for `log` is read the same way here, or declined."""
    import typer.main

    from svtool.cli.entry_options import EntryOptions, draft_from_options

    command = typer.main.get_command(app).commands["log"]  # type: ignore[attr-defined]
    declared: set[str] = set()
    for param in command.params:
        names = [*param.opts, *param.secondary_opts]
        declared.update(names)
        for name in names:
            if name in quicklog.DECLINED:
                continue
            field, kind = quicklog.OPTIONS[name]
            expected_kind = "flag" if param.is_flag else "many" if param.multiple else "one"
            assert kind == expected_kind, name
            if kind == "flag":
                assert field == param.name
                continue
            options: dict[str, Any] = {p.name: None for p in command.params}
            options[param.name] = ["x"] if kind == "many" else "x"
            draft = draft_from_options(EntryOptions(**options))
            assert getattr(draft, field) == options[param.name], name
    assert declared == set(quicklog.OPTIONS) | quicklog.DECLINED - {"--help", "-h"}


def test_a_complete_log_loads_no_heavy_library(tmp_path: Path) -> None:
    from svtool.store import Store

    Store(tmp_path / "q.db").close()  # made and migrated (sqlite-utils) once, as on first use
    loaded = modules_after("--db", str(tmp_path / "q.db"), "log", *COMPLETE)
    assert not loaded & (HEAVY | {"typer", "rich", "click"})
    assert [r["summary"] for r in _stored(tmp_path / "q.db")] == ["Outreach capped at 10 hours"]

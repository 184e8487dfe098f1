"""Fuzzing: whatever a rep types and whatever arrives as a bundle, svtool either
stores it exactly as given or refuses it with a clear message: never a traceback, never half a change.

`log` and `edit` are driven in-process (CliRunner passes Python strings straight through, so NUL and
lone surrogates reach svtool's own checks); bundles are real exports, mutated byte by byte and
member by member, then imported with the real CLI into a fresh head-office database each time.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sqlite3
import warnings
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import VALID_LOG
from svtool import checklist as cl
from svtool.cli.main import app
from test_exchange_support import count_records

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPTION_ERROR = re.compile(r"^Error: --[a-z-]+(: | is | goes )", re.MULTILINE)

# Text a rep (or a copy-paste) can produce, and text nobody should.
ODD_PIECES = [
    "\x00",
    "\ud800",
    "\udfff",
    "\u202e",  # right-to-left override
    "\u200f",
    "\u2067",
    "مرحبا بالعالم",
    "עברית",
    "\ufeff",
    "Zoë 🙂",
    "e\u0301",
    "\r\n",
    "\n",
    "\t",
    "\x1b[31m",
    "'; DROP TABLE entries; --",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "[bold]rich markup[/]",
    "%s%n{0}",
    "\\",
    ",",
    " ",
    "-",
    "--yes",
]
any_char = st.characters(exclude_categories=())  # includes lone surrogates (Cs)
TEXT = st.one_of(
    st.text(any_char, max_size=40),
    st.text(max_size=300),
    st.lists(st.sampled_from(ODD_PIECES), max_size=8).map("".join),
    st.builds(
        lambda piece, n: (piece * n)[:n],
        st.sampled_from(["a", "é", "🙂", "\u202e", "ب", "x\x00", "ab "]),
        st.integers(19_990, 20_010),
    ),
)
ODD_DATES = [
    "0000-00-00",
    "2025-02-29",
    "2024-02-29",
    "29/02/2024",
    "31/31/2031",
    "١٢/١٢/٢٠٢٥",
    "٢٠٢٥-٠١-٠١",
    "9999-12-31",
    "2014-08-31",
    "2014-09-01",
    "today",
    " TODAY ",
    "yesterday",
    "1 January 2020",
    "20250101",
    "2025-1-1",
    "\x002025-01-01",
    "2025-01-01\x00",
    "",
    "   ",
]
KNOWN_DATES = {  # what a correct parser makes of them (None: must be refused)
    "0000-00-00": None,
    "2025-02-29": None,
    "31/31/2031": None,
    "9999-12-31": None,
    "2014-08-31": None,
    "2024-02-29": "2024-02-29",
    "29/02/2024": "2024-02-29",
    "2014-09-01": "2014-09-01",
    "1 January 2020": "2020-01-01",
    "": None,
    "   ": None,
}
COUNT = st.one_of(
    st.integers(-5, 20_000_000).map(str),
    st.sampled_from(["", " 3 ", "1,000", "1_000", "٣", "3.0", "1e3", "9" * 5000, "0x10", "-0"]),
    st.text(any_char, max_size=10),
)


def choice(values: tuple[cl.Choice, ...]) -> st.SearchStrategy[str]:
    ids = cl.choice_ids(values)
    return st.one_of(
        st.sampled_from(ids), st.sampled_from(ids).map(str.upper), st.text(any_char, max_size=20)
    )


def expected_tags(value: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))


def expected_count(value: str) -> int | None:
    return int(value.strip().replace(",", "")) if value.strip() else None


def assert_refused_cleanly(result: Any) -> None:
    assert result.exit_code == 2, result.output
    assert OPTION_ERROR.search(result.stderr), result.stderr
    assert "Traceback" not in result.output


def show(svtool: Callable[..., Any], entry_id: str) -> dict[str, Any]:
    result = svtool("show", entry_id, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def count_rows(db: Path) -> tuple[int, int]:
    if not db.exists():
        return 0, 0
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "entries" not in tables:
            return 0, 0
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        revisions = conn.execute("SELECT count(*) FROM entry_revisions").fetchone()[0]
        return int(entries), int(revisions)
    finally:
        conn.close()


def log_args(option: str, value: str, base: list[str] = VALID_LOG) -> list[str]:
    args = list(base)
    if f"--{option}" in args:
        at = args.index(f"--{option}")
        del args[at : at + 2]
    return ["log", *args, f"--{option}={value}", "--yes"]


# -- log -------------------------------------------------------------------------------------


@FUZZ
@given(option=st.sampled_from(["summary", "details", "outcome", "tag"]), value=TEXT)
@example(option="summary", value="\x00")
@example(option="summary", value="\ud800 lone surrogate")
@example(option="details", value="ب" * 20_000)
@example(option="details", value="ب" * 20_001)
@example(option="outcome", value="\u202eevil.exe")
@example(option="tag", value=" , ,a,a, b ")
def test_log_text_stored_exactly_or_refused(
    svtool: Callable[..., Any], db_path: Path, option: str, value: str
) -> None:
    if option == "details" and value == "-":
        return  # documented: '-' reads the details from standard input
    before = count_rows(db_path)
    result = svtool(*log_args(option, value))
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        entry = show(svtool, result.stdout.strip())
        if option == "tag":
            assert entry["tags"] == expected_tags(value)
        else:
            assert entry[option] == value
        assert count_rows(db_path) == (before[0] + 1, before[1] + 1)
    else:
        assert_refused_cleanly(result)
        assert count_rows(db_path) == before


@FUZZ
@given(
    option_value=st.one_of(
        st.tuples(st.just("date"), st.one_of(st.sampled_from(ODD_DATES), st.text(any_char))),
        st.tuples(st.just("learners"), COUNT),
        st.tuples(st.just("staff"), COUNT),
        st.tuples(st.just("setting"), choice(cl.SETTINGS)),
        st.tuples(st.just("source"), choice(cl.SOURCES)),
        st.tuples(st.just("status"), choice(cl.FOLLOW_UP_STATUSES)),
        st.tuples(st.just("impact"), choice(cl.IMPACTS)),
        st.tuples(st.just("authority"), st.one_of(st.sampled_from(["Kent", "886"]), TEXT)),
        st.tuples(st.just("section"), st.one_of(st.sampled_from(["2", "access"]), TEXT)),
        st.tuples(st.just("question"), st.one_of(st.sampled_from(["2.1", "q2.1"]), TEXT)),
    )
)
@example(option_value=("date", "١٢/١٢/٢٠٢٥"))
@example(option_value=("date", "0000-00-00"))
@example(option_value=("learners", "9" * 5000))
def test_log_other_options_stored_or_refused(
    svtool: Callable[..., Any], db_path: Path, option_value: tuple[str, str]
) -> None:
    option, value = option_value
    before = count_rows(db_path)
    result = svtool(*log_args(option, value))
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert_refused_cleanly(result)
        assert count_rows(db_path) == before
        if option == "date" and KNOWN_DATES.get(value, "?") is not None and value in KNOWN_DATES:
            pytest.fail(f"{value!r} is a real date but was refused: {result.stderr}")
        return
    entry = show(svtool, result.stdout.strip())
    assert count_rows(db_path) == (before[0] + 1, before[1] + 1)
    if option == "date":
        stored = date.fromisoformat(entry["occurred_on"])
        assert date(2014, 9, 1) <= stored <= date.today()
        if value in KNOWN_DATES:
            assert entry["occurred_on"] == KNOWN_DATES[value], value
    elif option in ("learners", "staff"):
        assert entry[f"{option}_affected"] == expected_count(value)
    elif option in ("setting", "source", "status"):
        allowed = {"setting": cl.SETTINGS, "source": cl.SOURCES, "status": cl.FOLLOW_UP_STATUSES}
        assert entry[option] in cl.choice_ids(allowed[option])
        if value in cl.choice_ids(allowed[option]):
            assert entry[option] == value
    elif option == "impact":
        assert set(entry["impacts"]) <= set(cl.choice_ids(cl.IMPACTS))
    elif option == "authority":
        assert re.fullmatch(r"\d{3}", entry["authority_code"])
    else:
        assert entry["section"] == "2" and entry["questions"] == ["2.1"]


# -- edit ------------------------------------------------------------------------------------


@pytest.fixture
def entry_id(log_entry: Callable[..., dict[str, Any]]) -> str:
    return str(log_entry(details="Original details", outcome="", learners="4")["id"])


@FUZZ
@given(
    option_value=st.one_of(
        st.tuples(st.sampled_from(["summary", "details", "outcome", "tag"]), TEXT),
        st.tuples(st.just("date"), st.one_of(st.sampled_from(ODD_DATES), st.text(any_char))),
        st.tuples(st.sampled_from(["learners", "staff"]), COUNT),
        st.tuples(st.just("status"), choice(cl.FOLLOW_UP_STATUSES)),
    )
)
@example(option_value=("summary", ""))
@example(option_value=("learners", ""))
@example(option_value=("details", "\udc80"))
@example(option_value=("outcome", "x" * 20_000))
def test_edit_stored_exactly_or_changes_nothing(
    svtool: Callable[..., Any], db_path: Path, entry_id: str, option_value: tuple[str, str]
) -> None:
    option, value = option_value
    if option == "details" and value == "-":
        return
    before = show(svtool, entry_id)
    rows_before = count_rows(db_path)
    result = svtool("edit", entry_id, f"--{option}={value}", "--yes")
    assert "Traceback" not in result.output
    after = show(svtool, entry_id)
    if result.exit_code != 0:
        assert_refused_cleanly(result)
        assert after == before
        assert count_rows(db_path) == rows_before
        return
    if option == "tag":
        assert after["tags"] == expected_tags(value)
    elif option in ("learners", "staff"):
        assert after[f"{option}_affected"] == expected_count(value)
    elif option == "date":
        assert date(2014, 9, 1) <= date.fromisoformat(after["occurred_on"]) <= date.today()
        if value in KNOWN_DATES:
            assert after["occurred_on"] == KNOWN_DATES[value]
    elif option == "status":
        assert after["status"] in cl.choice_ids(cl.FOLLOW_UP_STATUSES)
    else:
        assert after[option] == value
    changed = after != before
    assert after["revision"] == before["revision"] + (1 if changed else 0)
    assert count_rows(db_path) == (rows_before[0], rows_before[1] + (1 if changed else 0))


# -- import ----------------------------------------------------------------------------------


class Bundle:
    """One real export, its members, and an empty head-office database to copy for each try."""

    def __init__(self, folder: Path, data: bytes, template: Path, entries: int) -> None:
        self.folder = folder
        self.data = data
        self.template = template
        self.entries = entries
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.members = [(i.filename, zf.read(i)) for i in zf.infolist()]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    folder = tmp_path_factory.mktemp("bundle")
    runner = CliRunner()
    env = {"SVTOOL_CONFIG_DIR": str(folder / "config"), "SVTOOL_DB": str(folder / "rep.db")}

    def run(*args: str) -> Any:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result

    note = folder / "minutes.txt"
    note.write_text("Schools Forum minutes: the cap was agreed.\n", encoding="utf-8")
    run(*log_args("summary", "Zoë's school: outreach capped 🙂"), "--attach", str(note))
    run(*log_args("details", '=HYPERLINK("x")\n<b>bold</b>\n\u202eevil'))
    first = run(*log_args("tag", "a,b")).stdout.strip()
    run("edit", first, "--status", "raised-with-la", "--outcome", "Under review")
    run("export", "--output", str(folder / "b.zip"))
    template = folder / "head-office.db"
    run("--db", str(template), "list")
    data = (folder / "b.zip").read_bytes()
    return Bundle(folder, data, template, entries=3)


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, raw in members:
                zf.writestr(name, raw)
    return buf.getvalue()


def reseal(members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Rewrite the manifest's checksums, sizes and count so deeper checks are reached."""
    manifest_raw = dict(members).get("manifest.json")
    try:
        manifest = json.loads(manifest_raw or b"")
        files = manifest["files"]
        assert isinstance(files, dict)
    except Exception:
        return members
    for name, raw in members:
        if name != "manifest.json":
            files[name] = {"sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
    entries = dict(members).get("entries.jsonl")
    if entries is not None:
        try:
            count_records(manifest, entries)
        except ValueError:  # lines that are not JSON: refused before the counts matter
            manifest["entry_count"] = len([x for x in entries.split(b"\n") if x])
    raw = json.dumps(manifest).encode()
    return [(n, raw if n == "manifest.json" else r) for n, r in members]


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just("x" * 200_000),
    st.just("9" * 5000),
    TEXT,
)


@st.composite
def mutated(draw: st.DrawFn, members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    out = list(members)
    kind = draw(
        st.sampled_from(
            ["drop", "duplicate", "reorder", "field", "add", "truncate-member", "rename"]
        )
    )
    at = draw(st.integers(0, len(out) - 1))
    name, raw = out[at]
    if kind == "drop":
        del out[at]
    elif kind == "duplicate":
        out.insert(draw(st.integers(0, len(out))), (name, draw(st.sampled_from([raw, raw[:-1]]))))
    elif kind == "add":
        extra = draw(st.sampled_from(["../evil.txt", "/abs", "attachments/" + "0" * 64, "x.json"]))
        out.append((extra, b"hello"))
    elif kind == "rename":
        out[at] = (draw(st.sampled_from(["Manifest.json", "entries.JSONL", name + "/"])), raw)
    elif kind == "truncate-member":
        out[at] = (name, raw[: draw(st.integers(0, max(0, len(raw) - 1)))])
    else:
        names = [n for n, _ in out]
        target = "entries.jsonl" if kind == "reorder" or draw(st.booleans()) else "manifest.json"
        if target not in names:
            return out
        at = names.index(target)
        raw = out[at][1]
        if kind == "reorder":
            lines = [x for x in raw.split(b"\n") if x]
            lines = draw(st.permutations(lines))
            if draw(st.booleans()) and lines:
                lines = [*lines, lines[0]]  # a line twice
            out[at] = (target, b"\n".join(lines) + b"\n")
        else:
            docs = (
                [json.loads(x) for x in raw.split(b"\n") if x]
                if target == "entries.jsonl"
                else [json.loads(raw)]
            )
            doc = draw(st.sampled_from(docs))
            key = draw(st.sampled_from(sorted(doc)))
            doc[key] = draw(WRONG)
            text = (
                b"".join(json.dumps(d).encode() + b"\n" for d in docs)
                if target == "entries.jsonl"
                else json.dumps(docs[0]).encode()
            )
            out[at] = (target, text)
    return reseal(out) if draw(st.booleans()) else out


@st.composite
def damaged_bundle(draw: st.DrawFn, original: Bundle) -> bytes:
    how = draw(st.sampled_from(["flip", "truncate", "members"]))
    data = bytearray(original.data)
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    if how == "truncate":
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    return rezip(draw(mutated(original.members)))


def import_into_fresh(original: Bundle, payload: bytes, n: int) -> tuple[Any, int]:
    db = original.folder / f"ho-{n}.db"
    shutil.copy(original.template, db)
    path = original.folder / f"try-{n}.zip"
    path.write_bytes(payload)
    result = CliRunner().invoke(
        app,
        ["--db", str(db), "import", str(path)],
        env={"SVTOOL_CONFIG_DIR": str(original.folder / "config")},
    )
    entries, _ = count_rows(db)
    db.unlink()
    path.unlink()
    return result, entries


def test_import_of_the_intact_bundle_brings_every_entry(bundle: Bundle) -> None:
    result, entries = import_into_fresh(bundle, bundle.data, 0)
    assert result.exit_code == 0, result.output
    assert entries == bundle.entries
    assert f"{bundle.entries} new" in result.stdout


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damaged_bundle_all_or_nothing_with_a_clear_message(bundle: Bundle, data: Any) -> None:
    payload = data.draw(damaged_bundle(bundle))
    result, entries = import_into_fresh(bundle, payload, 1)
    assert "Traceback" not in result.output
    assert "unexpected problem" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert entries == bundle.entries, result.output
    else:
        assert entries == 0, result.output
        assert "refused:" in result.stderr, result.stderr
        assert "nothing was imported" in result.stderr


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("authority_name", "\ud800"),  # valid JSON ('"\\ud800"'), but no text SQLite can store
        ("authority_name", ""),
        ("logged_at", "\ud800"),
        ("logged_at", "yesterday"),
        ("revised_at", "9" * 5000),
    ],
)
def test_every_text_field_of_an_imported_entry_is_checked(
    bundle: Bundle, field: str, value: str
) -> None:
    """The fields the rep never types are read from bundles too: a value the store cannot hold
    is refused with the rest, not met as an unexpected problem half way through."""
    members = dict(bundle.members)
    docs = [json.loads(x) for x in members["entries.jsonl"].split(b"\n") if x]
    docs[0][field] = value
    members["entries.jsonl"] = b"".join(json.dumps(d).encode() + b"\n" for d in docs)
    result, entries = import_into_fresh(bundle, rezip(reseal(list(members.items()))), 2)
    assert result.exit_code == 1, result.output
    assert entries == 0
    assert "refused:" in result.stderr and f"{field}: " in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("option", "value", "stored"),
    [
        ("details", "ب" * 20_000, True),
        ("details", "ب" * 20_001, False),
        ("summary", "\u202eevil.exe \u2067مرحبا\u2069 Zoë 🙂", True),
        ("summary", "bad\x00byte", False),
        ("summary", "lone \ud800 surrogate", False),
        ("outcome", "x" * 20_000, True),
        ("date", "١٢/١٢/٢٠٢٥", None),
        ("date", "2025-02-29", False),
        ("date", "31/31/2031", False),
        ("date", "0000-00-00", False),
    ],
)
def test_edge_values_have_a_definite_answer(
    svtool: Callable[..., Any], db_path: Path, option: str, value: str, stored: bool | None
) -> None:
    result = svtool(*log_args(option, value))
    if stored is None:
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 0:  # Arabic-Indic digits are digits: 12 December 2025
            assert show(svtool, result.stdout.strip())["occurred_on"] == "2025-12-12"
        return
    if stored:
        assert result.exit_code == 0, result.output
        assert show(svtool, result.stdout.strip())[option] == value
    else:
        assert_refused_cleanly(result)
        assert f"Error: --{option}: " in result.stderr or f"Error: --{option} " in result.stderr
        assert count_rows(db_path) == (0, 0)

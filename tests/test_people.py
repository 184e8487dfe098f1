"""The people register: kept privately, found in any case and in part, replaced by role."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool import people, privacy
from svtool.errors import BadInput
from svtool.pii.detector import find_personal_data, redact


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return people.register_path(tmp_path / "svtool.db")


def test_add_list_remove(register: Path) -> None:
    assert people.load(register) == []
    added = people.add(register, "  Jayden   Okafor ", "child")
    assert added.changed and added.person == people.Person("Jayden Okafor", "child")
    assert people.add(register, "jayden okafor", "child").changed is False  # any case
    people.add(register, "Grace Okafor", "parent")
    changed = people.add(register, "Jayden Okafor", "other")  # a new role replaces the old one
    assert changed.changed and changed.old_role == "child"
    assert people.load(register) == [
        people.Person("Grace Okafor", "parent"),
        people.Person("Jayden Okafor", "other"),
    ]
    assert people.remove(register, "GRACE okafor") == people.Person("Grace Okafor", "parent")
    assert people.remove(register, "Nobody") is None
    assert [p.name for p in people.load(register)] == ["Jayden Okafor"]


def test_register_file_is_private_and_plain_json(register: Path) -> None:
    people.add(register, "Zoë Lake", "staff")
    if os.name == "posix":
        assert stat.S_IMODE(register.stat().st_mode) == 0o600
    body = json.loads(register.read_text(encoding="utf-8"))
    assert body == {"format": 1, "people": [{"name": "Zoë Lake", "role": "staff"}]}
    assert people.forget(register) and not register.exists()


@pytest.mark.parametrize(
    ("name", "role", "problem"),
    [("", "child", "NAME"), ("x" * 81, "child", "NAME"), ("R2-D2", "child", "NAME"),
     ("Jayden", "pupil", "--role")],
)  # fmt: skip
def test_bad_input_names_the_problem(register: Path, name: str, role: str, problem: str) -> None:
    with pytest.raises(BadInput) as e:
        people.add(register, name, role)
    assert problem in str(e.value.problems[0].option)


def _register(*entries: tuple[str, str]) -> people.Register:
    compiled = people.compiled([people.Person(n, r) for n, r in entries])
    assert compiled is not None
    return compiled


REGISTER = [("Jayden Okafor", "child"), ("Grace Okafor", "parent"), ("Zoë Lake", "staff")]


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("jayden came in late", "[child] came in late"),
        ("Okafor's mum rang", "[child]'s mum rang"),
        ("JAYDEN OKAFOR (Y4)", "[child] (Y4)"),
        ("spoke to grace about the taxi", "spoke to [parent] about the taxi"),
        ("Zoe Lake said no", "[staff] said no"),
        ("Zoë was off", "[staff] was off"),
        ("Jaydens mum rang", "[child] mum rang"),  # a possessive typed without apostrophe
        ("the lakeside path", "the lakeside path"),  # only whole words are names
    ],
)
def test_register_names_found_in_any_case_and_part(text: str, redacted: str) -> None:
    assert redact(text, register=_register(*REGISTER)) == redacted


def test_scan_records_carry_role_and_register(tmp_path: Path) -> None:
    reg = _register(*REGISTER)
    values = {"summary": "Grace rang about Jayden", "details": "", "outcome": "", "tags": []}
    spans = privacy.scan_spans(values, reg)
    assert privacy.apply_spans(values["summary"], spans["summary"]) == "[parent] rang about [child]"
    record = json.loads(privacy.scan_json(values, reg, people.digest(people.load(tmp_path / "x"))))
    assert record["v"] == privacy.detector_version()
    digest = people.digest([people.Person("Grace Okafor", "parent")])
    record = json.loads(privacy.scan_json(values, reg, digest))
    assert record["v"] == f"{privacy.detector_version()}+{digest}"


def test_digest_follows_the_register() -> None:
    one = [people.Person("Jayden Okafor", "child")]
    assert people.digest(one) != people.digest([*one, people.Person("Ali", "child")])
    assert people.digest(one) == people.digest([people.Person("JAYDEN OKAFOR", "child")])
    assert people.digest([]) == ""


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["jayden", "Okafor", "GRACE", "zoe lake", "Zoë's", "the LA", "(Y4)",
                              "rang", "mum", "said no", "Okafor-Smith", "\n"]), max_size=10)
)  # fmt: skip
def test_with_a_register_redacted_text_scans_clean(words: list[str]) -> None:
    reg = _register(*REGISTER)
    text = " ".join(words)
    assert find_personal_data(redact(text, register=reg), reg) == []


# --- through the command line: entry, scan, export, doctor, purge ----------------------------


def test_people_commands(svtool: Any, db_path: Path) -> None:
    assert "empty" in svtool("people", "list").output
    result = svtool("people", "add", "Precious Mbeki", "--role", "child")
    assert result.exit_code == 0 and "[child]" in result.output
    assert svtool("people", "add", "Grace Okafor", "--role", "parent").exit_code == 0
    assert svtool("people", "add", "Jo", "--role", "pupil").exit_code == 2
    listed = json.loads(svtool("people", "list", "--json").stdout)
    assert listed == [
        {"name": "Grace Okafor", "role": "parent"},
        {"name": "Precious Mbeki", "role": "child"},
    ]
    assert svtool("people", "remove", "nobody").exit_code == 1
    assert svtool("people", "remove", "grace okafor").exit_code == 0
    assert [p["name"] for p in json.loads(svtool("people", "list", "--json").stdout)] == [
        "Precious Mbeki"
    ]
    assert people.register_path(db_path).exists()


def test_register_names_are_found_at_entry_in_scan_and_export(
    svtool: Any, log_entry: Any, db_path: Path, tmp_path: Path
) -> None:
    from test_exchange_support import jsonl, members

    svtool("people", "add", "Precious Mbeki", "--role", "child")
    svtool("people", "add", "Grace Okafor", "--role", "parent")
    # 'precious' in lower case is a word to the detector: only the register says it is a name
    result = svtool(
        "log", *VALID, "--summary", "spoke to precious: no 1:1", "--details", "mbeki's mum rang"
    )
    assert result.exit_code == 0
    assert "summary: possible child's name at characters 10–17" in result.stderr
    redacted = log_entry("--redact", summary="grace rang: precious mbeki still has no 1:1")
    assert redacted["summary"] == "[parent] rang: [child] still has no 1:1"
    scan = json.loads(svtool("scan", "--json").stdout)
    assert {f["text"] for f in scan} >= {"precious", "mbeki"}
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    got = members(out)
    summaries = sorted(e["summary"] for e in jsonl(got["entries.jsonl"]))
    assert summaries == ["[parent] rang: [child] still has no 1:1", "spoke to [child]: no 1:1"]
    every_byte = b"".join(got.values()).lower()
    for word in (b"precious", b"mbeki", b"okafor", b"people.json"):
        assert word not in every_byte


def test_a_name_added_later_makes_old_scans_stale(
    svtool: Any, log_entry: Any, tmp_path: Path
) -> None:
    from test_exchange_support import jsonl, members

    log_entry(summary="Zebulon still has no 1:1")  # stored with a scan made before the register
    svtool("people", "add", "Zebulon", "--role", "child")
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    [entry] = jsonl(members(out)["entries.jsonl"])
    assert entry["summary"] == "[child] still has no 1:1"


def test_doctor_and_purge_know_the_register(svtool: Any, db_path: Path) -> None:
    svtool("people", "add", "Precious Mbeki")
    checks = {c["name"]: c for c in json.loads(svtool("doctor", "--json").stdout)}
    assert checks["people register"]["status"] == "ok"
    assert "1 name in" in checks["people register"]["detail"]
    assert svtool("purge", "--people", "--yes").exit_code == 0
    assert not people.register_path(db_path).exists()
    assert svtool("purge").exit_code == 2


def test_backup_copies_the_register_and_purge_deletes_the_copies(
    svtool: Any, log_entry: Any, db_path: Path, tmp_path: Path
) -> None:
    log_entry()
    svtool("people", "add", "Precious Mbeki", "--role", "child")
    result = svtool("backup")
    assert result.exit_code == 0, result.output
    [copy] = (db_path.parent / "backups").glob("svtool-*.db")
    register = people.register_path(copy)
    assert f"people register copied to {register}" in " ".join(result.stderr.split())
    assert register.read_bytes() == people.register_path(db_path).read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(register.stat().st_mode) == 0o600
    # restored by pointing --db at the copy: its names are still found
    listed = svtool("--db", str(copy), "people", "list", "--json")
    assert json.loads(listed.stdout) == [{"name": "Precious Mbeki", "role": "child"}]
    checks = {c["name"]: c for c in json.loads(svtool("doctor", "--json").stdout)}
    assert checks["people register backups"]["status"] == "ok"
    assert "1 copy beside the backups" in checks["people register backups"]["detail"]
    if os.name == "posix":
        register.chmod(0o644)
        checks = {c["name"]: c for c in json.loads(svtool("doctor", "--json").stdout)}
        assert checks["people register backups"]["status"] == "problem"
    purged = svtool("purge", "--people", "--yes")
    assert purged.exit_code == 0
    assert "and 1 copy in the backups folder" in purged.stderr
    assert not register.exists() and not people.register_path(db_path).exists()
    assert copy.exists()  # the backup itself is kept


def test_a_backup_without_a_register_makes_none(
    svtool: Any, log_entry: Any, tmp_path: Path
) -> None:
    log_entry()
    target = tmp_path / "copy.db"
    result = svtool("backup", str(target))
    assert result.exit_code == 0 and "people register" not in result.stderr
    assert not people.register_path(target).exists()


VALID = [
    "--authority", "Kent", "--question", "2.1", "--strategy", "hours-cap",
    "--date", "2025-10-01", "--setting", "mainstream-primary", "--source", "first-hand",
    "--yes",
]  # fmt: skip

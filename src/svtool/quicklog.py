"""`svtool log` with the whole entry on the command line, without loading Typer, rich or pydantic.

Scripts, and reps who type everything at once, get their entry stored in about a third of the
time. This path only ever accepts: whenever it would not do exactly what the full command does
(a question to ask, a problem or personal data to report, an option it does not read, a
database to warn about) it returns None before writing anything, and the full command runs from
the start, so every message and every refusal comes from one place. The entry is checked by the
schema's own rules (`rules.apply`); tests give both paths the same random input and compare
what they store and print.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

# Option → (Draft field, kind): "one" value, "many" (repeatable, commas allowed) or a "flag".
# A test checks this against the options Typer declares for `log`: every one is here or DECLINED.
OPTIONS: dict[str, tuple[str, str]] = {
    "--authority": ("authority", "one"),
    "-a": ("authority", "one"),
    "--section": ("section", "one"),
    "-s": ("section", "one"),
    "--question": ("questions", "many"),
    "-q": ("questions", "many"),
    "--strategy": ("strategies", "many"),
    "--summary": ("summary", "one"),
    "--details": ("details", "one"),
    "--date": ("date", "one"),
    "--setting": ("setting", "one"),
    "--source": ("source", "one"),
    "--learners": ("learners", "one"),
    "--staff": ("staff", "one"),
    "--impact": ("impacts", "many"),
    "--tag": ("tags", "many"),
    "--timescale-extended": ("timescale_extended", "one"),
    "--stricter-targets": ("stricter_targets", "one"),
    "--posts-cut": ("posts_cut", "one"),
    "--role-cut": ("roles_cut", "many"),
    "--staff-left": ("staff_left", "one"),
    "--consulted": ("consulted", "many"),
    "--status": ("status", "one"),
    "--outcome": ("outcome", "one"),
    "--yes": ("yes", "flag"),
    "-y": ("yes", "flag"),
}
DECLINED = frozenset({"--details-file", "--attach", "--redact", "--json", "--help", "-h"})

_REQUIRED = (
    "id", "authority_code", "authority_name", "programme", "section", "questions", "summary",
    "occurred_on", "setting", "source", "logged_at",
)  # fmt: skip
_DEFAULTS: dict[str, Any] = {
    "revision": 1,
    "strategies": [],
    "details": "",
    "learners_affected": None,
    "staff_affected": None,
    "impacts": [],
    "tags": [],
    "timescale_extended": None,
    "stricter_targets": None,
    "posts_cut": None,
    "roles_cut": [],
    "staff_left": None,
    "consulted": [],
    "status": "not-raised",
    "outcome": "",
    "revised_at": None,
}
_COUNTS = ("learners_affected", "staff_affected", "posts_cut", "staff_left")
_LISTS = ("questions", "strategies", "impacts", "tags", "roles_cut", "consulted")
_FLAGS = ("timescale_extended", "stricter_targets")
_TEXTS = (
    "id", "authority_code", "authority_name", "section", "summary", "details", "setting",
    "source", "logged_at", "status", "outcome",
)  # fmt: skip


def parse(args: list[str]) -> tuple[str | None, dict[str, Any]] | None:
    """`[--db PATH] log OPTIONS` as Typer would read it, or None for anything else."""
    db: str | None = None
    i = 0
    while i < len(args) and args[i] != "log":
        if args[i] == "--db" and i + 1 < len(args) and db is None:
            db, i = args[i + 1], i + 2
        elif args[i].startswith("--db=") and db is None:
            db, i = args[i].removeprefix("--db="), i + 1
        else:
            return None
    if i == len(args) or db == "" or (db or "x").startswith("-"):
        return None
    values: dict[str, Any] = {}
    i += 1
    while i < len(args):
        name, eq, inline = args[i].partition("=") if args[i].startswith("--") else (args[i], "", "")
        spec = OPTIONS.get(name)
        if spec is None:
            return None
        field, kind = spec
        if kind == "flag":
            if eq:
                return None
            values[field] = True
            i += 1
            continue
        if eq:
            value, i = inline, i + 1
        elif i + 1 < len(args):
            value, i = args[i + 1], i + 2
        else:
            return None
        if value.startswith("-"):
            return None  # Typer would take it as the value; rare enough to leave to it
        if kind == "many":
            values.setdefault(field, []).append(value)
        elif field in values:
            return None  # given twice: Typer keeps the last; leave that to it
        else:
            values[field] = value
    return db, values


def checked(data: dict[str, Any]) -> dict[str, Any] | None:
    """The entry's JSON values, exactly as `models.Entry(**data).as_json()` would give them, or
    None if the schema might see it differently (it then says why).

    The rules are the schema's own (`rules.apply`); what is checked here is only that every value
    already has the type the schema would give it, so that pydantic would not convert anything."""
    from svtool import rules
    from svtool.store import ENTRY_COLUMNS

    if set(data) - set(ENTRY_COLUMNS) or any(name not in data for name in _REQUIRED):
        return None
    values: dict[str, Any] = {name: data.get(name, _DEFAULTS.get(name)) for name in ENTRY_COLUMNS}
    typed = (
        all(isinstance(values[n], str) for n in _TEXTS)
        and all(
            isinstance(values[n], list) and all(isinstance(x, str) for x in values[n])
            for n in _LISTS
        )
        and all(values[n] is None or type(values[n]) is int for n in _COUNTS)
        and all(values[n] is None or isinstance(values[n], bool) for n in _FLAGS)
        and type(values["revision"]) is int
        and type(values["occurred_on"]) is date
        and (values["revised_at"] is None or isinstance(values["revised_at"], str))
    )
    if not typed:
        return None
    try:
        values = rules.apply(values)
    except ValueError:
        return None
    values["occurred_on"] = values["occurred_on"].isoformat()
    return values


class Record:
    """A checked entry, in the shape the store takes (`store.EntryLike`)."""

    def __init__(self, values: dict[str, Any], scan: str) -> None:
        self._values = values
        self.scan = scan  # its personal-data scan, as `privacy.scan_json` makes it
        self.id: str = values["id"]
        self.revision: int = values["revision"]
        self.logged_at: str = values["logged_at"]
        self.revised_at: str | None = values["revised_at"]
        self.questions: list[str] = values["questions"]
        self.strategies: list[str] = values["strategies"]
        self.impacts: list[str] = values["impacts"]
        self.tags: list[str] = values["tags"]

    def as_json(self) -> dict[str, Any]:
        return dict(self._values)


def run(args: list[str]) -> int | None:
    """Log the entry and return the exit status, or None to hand over to the full command."""
    parsed = parse(args)
    if parsed is None:
        return None
    db_option, values = parsed
    try:
        from svtool import people
        from svtool.paths import resolve_db_path

        people.activate(resolve_db_path(db_option))  # its names are personal data too
        prepared = _prepare(values)
    except Exception:
        return None  # nothing was written: the full command says what is wrong
    if prepared is None:
        return None
    record, authority_name = prepared
    if not _store(db_option, record):
        return None
    sys.stdout.write(record.id + "\n")
    from svtool import console

    section = record.as_json()["section"]
    console.note(f"Saved evidence for {authority_name} (section {section}).")
    return 0


def _prepare(values: dict[str, Any]) -> tuple[Record, str] | None:
    from svtool import config
    from svtool.evidence import Draft, entry_data, missing_options, split_values
    from svtool.privacy import scan_record, scan_spans

    fields: dict[str, Any] = {
        k: split_values(v) if isinstance(v, list) else v for k, v in values.items()
    }
    fields.pop("yes", None)
    draft = Draft(**fields)
    if draft.details == "-":
        return None
    settings = config.load()
    draft.setting = draft.setting or settings.get("default_setting")
    draft.authority = draft.authority or settings.get("default_authority")
    if missing_options(draft):
        return None  # a walk in a terminal, or a list of what is missing
    data, problems = entry_data(draft)
    if problems:
        return None
    entry = checked(data)
    if entry is None:
        return None
    spans = scan_spans(entry)
    if spans:
        return None  # the full command warns about personal data (or replaces it)
    return Record(entry, scan_record(entry, spans)), entry["authority_name"]


def _store(db_option: str | None, record: Record) -> bool:
    """Whether the entry was stored; False when the full command should try (nothing stored)."""
    from svtool import console
    from svtool.health import check_folder, location_warning, upgraded_note
    from svtool.paths import resolve_db_path
    from svtool.store import Store

    try:
        db = resolve_db_path(db_option)
        if location_warning(db):
            return False
        check_folder(db)
        store = Store(db)
    except Exception:
        return False
    with store:
        note = upgraded_note(store)
        if note:
            console.note(note)
        try:
            store.add(record, scan=record.scan)  # one transaction: on any failure it is rolled back
        except KeyboardInterrupt:
            console.note("\nCancelled; nothing was saved.")
            raise SystemExit(130) from None
        except Exception:
            return False
    return True

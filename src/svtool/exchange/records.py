"""The records in a bundle's entries.jsonl: entries, deletions (tombstones) and attachment records.

Every line says what it is in its `kind` (format version 2; in version 1 an entry had no `kind`):

- `{"kind": "entry", ...}`: an entry, with exactly the fields of `svtool.models.Entry`.
- `{"kind": "deletion", "id", "revision", "deleted_at", "reason"}`: the entry was deleted by its
  rep at that revision. No text travels with it (a deletion may be made for privacy).
- `{"kind": "attachment", "entry_id", "sha256", "name", "size", "media_type", "attached_at"}`:
  a document attached to an entry carried by the same bundle; its bytes are the member
  `attachments/<sha256>`.

Any other kind is refused (so an older svtool never silently drops a record it cannot apply).
For each id the record with the highest revision wins, whether an entry or a deletion.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from svtool.rules import DETAILS_MAX

if TYPE_CHECKING:
    from svtool.models import Entry

MAX_PROBLEMS_SHOWN = 5
NAME_MAX = 255
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\]|[\ud800-\udfff]")
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class Deletion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["deletion"]
    id: str = Field(pattern=_UUID)
    revision: int = Field(ge=1)
    deleted_at: str = Field(min_length=1, max_length=40)
    reason: str | None = Field(default=None, max_length=DETAILS_MAX)


class AttachmentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["attachment"]
    entry_id: str = Field(pattern=_UUID)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(min_length=1, max_length=NAME_MAX)
    size: int = Field(ge=0)
    media_type: str = Field(min_length=1, max_length=200)
    attached_at: str = Field(min_length=1, max_length=40)

    @field_validator("name")
    @classmethod
    def _plain_file_name(cls, v: str) -> str:
        # The name is used when head office copies the file out: never a path.
        if _BAD_NAME.search(v) or v in (".", "..") or v.startswith("."):
            raise ValueError(f"{v[:40]!r} is not a plain file name")
        return v


@dataclass
class Records:
    entries: list[Entry] = field(default_factory=list)  # the newest revision of each id
    deletions: list[Deletion] = field(default_factory=list)  # ids whose newest record is one
    attachments: list[AttachmentRecord] = field(default_factory=list)
    lines: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # lines of each kind: entry, deletion...


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in svtool JSON")


def strict_json(text: str | bytes) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


class RecordProblems(ValueError):
    """The first problems found, one line each."""


ENTRY_KIND_FROM = 2  # the first bundle format version whose entry lines carry "kind": "entry"
KINDS = ("entry", "deletion", "attachment")


def parse(text: str, format_version: int = ENTRY_KIND_FROM) -> Records:
    from svtool.models import Entry

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems: list[str] = []
    newest: dict[str, Entry | Deletion] = {}
    seen: set[tuple[str, int]] = set()
    with_entry: set[str] = set()
    attachments: list[AttachmentRecord] = []
    kinds = dict.fromkeys(KINDS, 0)
    validate = Entry.model_validate
    entry_kind = format_version >= ENTRY_KIND_FROM
    for number, line in enumerate(lines, 1):
        try:
            obj = strict_json(line)
        except ValueError as e:
            problems.append(f"line {number} is not valid JSON ({e})")
            obj = None
        if obj is None:
            pass
        elif not isinstance(obj, dict):
            problems.append(f"line {number} is not a JSON object")
        else:
            has_kind = "kind" in obj
            kind = obj.pop("kind", None)
            is_entry = kind == "entry" if entry_kind else not has_kind
            try:
                if is_entry:
                    record: Entry | Deletion = validate(obj)
                    with_entry.add(record.id)
                elif kind == "deletion":
                    record = Deletion.model_validate({"kind": kind, **obj})
                elif kind == "attachment":
                    attachments.append(AttachmentRecord.model_validate({"kind": kind, **obj}))
                    kinds["attachment"] += 1
                    continue
                elif not has_kind:
                    problems.append(f"line {number} has no kind (entry, deletion or attachment)")
                    continue
                else:
                    problems.append(
                        f"line {number} is a {str(kind)[:30]!r} record, which this svtool "
                        "cannot apply; upgrade svtool to import this bundle"
                    )
                    continue
            except ValidationError as e:
                what = "entry" if is_entry else f"{kind} record"
                problems.append(f"line {number} is not a valid {what} ({describe(e)})")
                continue
            kinds["entry" if is_entry else "deletion"] += 1
            key = (record.id, record.revision)
            if key in seen:
                problems.append(
                    f"line {number} repeats entry {record.id} revision {record.revision}"
                )
            seen.add(key)
            held = newest.get(record.id)
            if held is None or record.revision > held.revision:
                newest[record.id] = record
        if len(problems) >= MAX_PROBLEMS_SHOWN:
            break
    for a in attachments:
        if len(problems) >= MAX_PROBLEMS_SHOWN:
            break
        if a.entry_id not in with_entry:
            problems.append(f"an attachment record names entry {a.entry_id}, which is not in it")
    if problems:
        more = " (and perhaps more)" if len(problems) >= MAX_PROBLEMS_SHOWN else ""
        raise RecordProblems(
            "its entries.jsonl has problems" + more + ":\n  " + "\n  ".join(problems)
        )
    result = Records(attachments=attachments, lines=len(lines), kinds=kinds)
    for record in newest.values():
        if isinstance(record, Deletion):
            result.deletions.append(record)
        else:
            result.entries.append(record)
    return result


def describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ())) or "entry"
        parts.append(
            f"{where}: {str(err.get('msg', 'is not valid')).removeprefix('Value error, ')}"
        )
    return "; ".join(parts)


def deletion_line(values: dict[str, Any]) -> dict[str, Any]:
    """A tombstone as written: only what head office needs to apply it."""
    return {
        "kind": "deletion",
        "id": values["id"],
        "revision": values["revision"],
        "deleted_at": values["deleted_at"],
        "reason": values.get("reason"),
    }

"""The bundle format: a zip that a rep sends to head office, and the checks made before importing one.

Format `svtool-bundle`, version 2. Members:

- `manifest.json` — a `Manifest`: format, format_version, bundle_id (UUID), svtool_version,
  checklist_version, created_at (UTC ISO 8601), reporter (name, local_association, email, each
  optional; null when none configured), entry_count, deletion_count and attachment_count (the
  lines of each kind in entries.jsonl; entry_count is what the export said it exported),
  selection (the filters used), redaction (what was redacted and how many findings of each
  kind, or that the rep chose not to redact; see `exchange.redaction`), and `files`: the sha256
  and size of every other member.
- `entries.jsonl` — UTF-8, one JSON object per line, each saying what it is in `kind` (see
  `exchange.records`): `"entry"` (the fields of `svtool.models.Entry`), `"deletion"` (id,
  revision, deleted_at, reason; no text) or `"attachment"`.
- `entries.csv` — the entries for spreadsheets (see `csvsafe`); never read on import.
- `attachments/<sha256>` — the bytes of each attached document, named by its own sha256 (the only
  folder allowed; 64 lowercase hex characters, nothing else).

Version 1 (still read) differed only in that: entry lines had no `kind`, and entry_count counted
every line (there were no deletion_count or attachment_count). An older svtool refuses a version
2 bundle as made by a newer svtool, rather than misreading it.

A bundle someone unzipped and zipped again with ordinary tools (`zip -r`, `python -m zipfile -c`,
a file manager's "compress") is still read: folder entries (`attachments/`), one folder wrapping
every member, the metadata macOS adds (`__MACOSX/`, `.DS_Store`), another compression or order,
and extra timestamps change nothing that is checked, because the checksums are of the members'
bytes, not of the zip.

Reading trusts nothing: member names, counts, sizes and compression ratios are checked from the
zip directory and again while decompressing (attachments count towards the limits), every
checksum is verified before anything is parsed, JSON may not contain NaN or Infinity, and every
record is validated against the schema. Any problem raises `BundleError` and nothing from that
file is used.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from svtool.config import NAME_MAX
from svtool.errors import SvtoolError
from svtool.exchange.records import strict_json

if TYPE_CHECKING:
    from svtool.exchange.records import AttachmentRecord, Deletion
    from svtool.models import Entry

__all__ = ["strict_json"]

FORMAT = "svtool-bundle"
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
ENTRIES = "entries.jsonl"
CSV = "entries.csv"
MEMBERS = (MANIFEST, ENTRIES, CSV)
REQUIRED = (MANIFEST, ENTRIES)
ATTACHMENTS = "attachments/"
# What file managers add when they zip a folder: never read, but still within every limit.
MACOS_METADATA = "__MACOSX/"
FOLDER_METADATA = frozenset({".DS_Store"})
_ATTACHMENT_NAME = re.compile(r"attachments/[0-9a-f]{64}")

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # decompressed, all members together
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_RATIO = 200  # decompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024


class BundleError(SvtoolError):
    """A file that is not a bundle svtool can import safely; nothing from it is imported."""

    rejected = 0  # how many entries the refused file said it carried, once its manifest was read


class FileInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


class Reporter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(default=None, max_length=NAME_MAX)
    local_association: str | None = Field(default=None, max_length=NAME_MAX)
    email: str | None = Field(default=None, max_length=NAME_MAX)


class Selection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: str | None = None
    since: str | None = None
    until: str | None = None
    new_only: bool = False


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["svtool-bundle"]
    format_version: Literal[1, 2]
    bundle_id: str = Field(
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )
    svtool_version: str = Field(max_length=50)
    checklist_version: int = Field(ge=1)
    created_at: str = Field(max_length=40)
    reporter: Reporter | None = None
    entry_count: int = Field(ge=0)  # version 1: every line; version 2: the entries
    deletion_count: int | None = Field(default=None, ge=0)  # version 2 on
    attachment_count: int | None = Field(default=None, ge=0)  # version 2 on
    selection: Selection = Field(default_factory=Selection)
    redaction: dict[str, Any] | None = None
    files: dict[str, FileInfo]


@dataclass
class Bundle:
    """A verified bundle: its manifest, the newest record of each id, attachments and their bytes."""

    manifest: Manifest
    entries: list[Entry] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)  # sha256 -> verified bytes
    lines: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # lines of each kind


# -- reading -------------------------------------------------------------------------------------


def _safe_name(name: str) -> str | None:
    """Why a member name is unsafe wherever it is, or None."""
    if not name:
        return "an empty name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in name:
        return "a '..' path"
    if "\\" in name:
        return "a folder path"
    if any(ord(c) < 32 for c in name):
        return "a control character"
    return None


def _is_metadata(name: str) -> bool:
    return name.startswith(MACOS_METADATA) or name.rsplit("/", 1)[-1] in FOLDER_METADATA


def _wrapping_folder(names: list[str]) -> str:
    """The one folder every member sits in ("bundle/"), when a file manager zipped the folder."""
    if MANIFEST in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        return tops.pop() + "/"
    return ""


def _check_directory(
    zf: zipfile.ZipFile, max_total: int, max_ratio: int
) -> dict[str, zipfile.ZipInfo]:
    """The members by their names within the bundle, after every check of the zip's directory."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BundleError(f"it has {len(infos)} members; a bundle has at most {MAX_MEMBERS:,}")
    seen: set[str] = set()
    for info in infos:
        why = _safe_name(info.filename)
        if why:
            raise BundleError(f"it has a member with {why} ({info.filename!r}); refused as unsafe")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise BundleError(f"its member {info.filename!r} is a symbolic link; refused as unsafe")
        if info.filename in seen:
            raise BundleError(f"it has two members called {info.filename!r}")
        if info.flag_bits & 0x1:
            raise BundleError(
                f"its member {info.filename!r} uses zip encryption, which svtool never writes"
            )
        if info.is_dir() and info.file_size:
            raise BundleError(f"its folder entry {info.filename!r} has content; refused")
        seen.add(info.filename)
    kept = [i for i in infos if not _is_metadata(i.filename)]
    prefix = _wrapping_folder([i.filename for i in kept])
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in kept:
        name = info.filename[len(prefix) :]
        if info.is_dir():
            if name in ("", ATTACHMENTS):
                continue
            raise BundleError(
                f"it has a folder {info.filename!r}; a bundle has no folder but {ATTACHMENTS}"
            )
        if "/" in name and not _ATTACHMENT_NAME.fullmatch(name):
            raise BundleError(
                f"it has a member with a folder path ({info.filename!r}); refused as unsafe"
            )
        by_name[name] = info
    unknown = sorted(n for n in by_name if n not in MEMBERS and not n.startswith(ATTACHMENTS))
    if unknown:
        raise BundleError(
            f"it has unknown members ({', '.join(map(repr, unknown))}); a bundle holds only "
            f"{', '.join(MEMBERS)} and {ATTACHMENTS}<sha256>"
        )
    missing = [m for m in REQUIRED if m not in by_name]
    if missing:
        raise BundleError(f"it is not an svtool bundle (no {' or '.join(missing)})")
    total = sum(i.file_size for i in infos)
    if total > max_total:
        raise BundleError(
            f"it would decompress to {total:,} bytes, over the limit of {max_total:,}"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise BundleError(
                f"its member {info.filename!r} is compressed more than {max_ratio}:1 "
                "(a zip bomb?); refused"
            )
    return by_name


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    import zlib

    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    # ValueError: a directory that puts the member before the start of the file.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
    ) as e:
        raise BundleError(f"its member {info.filename!r} is damaged ({e})") from None
    if len(data) > limit:
        raise BundleError(f"its member {info.filename!r} decompresses beyond the size limit")
    return data


def read_manifest(raw: bytes) -> Manifest:
    try:
        data = strict_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise BundleError(f"its manifest.json is not valid JSON ({e})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError(f"it is not an svtool bundle (manifest format is not {FORMAT!r})")
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise BundleError(
            f"it was made by a newer svtool (bundle format version {version}; this svtool reads "
            f"versions {' and '.join(map(str, READ_VERSIONS))})",
            hint="Upgrade svtool (pip install --upgrade svtool) to import it.",
        )
    try:
        return Manifest.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "manifest"
        raise BundleError(f"its manifest.json is not valid ({where}: {first.get('msg')})") from None


def read(data: bytes, *, max_total: int = MAX_TOTAL_BYTES, max_ratio: int = MAX_RATIO) -> Bundle:
    """Verify a (decrypted) bundle completely and return its entries, or raise BundleError."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError("it is not an svtool bundle (not a zip file, or cut short)") from None
    except (OSError, ValueError, EOFError, NotImplementedError) as e:
        # NotImplementedError: a directory asking for a zip version or feature Python lacks.
        raise BundleError(f"it is not a readable zip file ({e})") from None
    with zf:
        infos = _check_directory(zf, max_total, max_ratio)
        manifest = read_manifest(_read_member(zf, infos[MANIFEST], MAX_MANIFEST_BYTES))
        try:
            return _read_rest(zf, infos, manifest, max_total)
        except BundleError as e:
            e.rejected = manifest.entry_count
            raise


def _read_rest(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], manifest: Manifest, max_total: int
) -> Bundle:
    expected = set(infos) - {MANIFEST}
    if set(manifest.files) != expected:
        raise BundleError(
            "its manifest does not list exactly the members present "
            f"(listed: {', '.join(sorted(manifest.files)) or 'none'}; "
            f"present: {', '.join(sorted(expected))})"
        )
    contents: dict[str, bytes] = {}
    budget = max_total
    for name in sorted(expected):
        raw = _read_member(zf, infos[name], budget)
        budget -= len(raw)
        listed = manifest.files[name]
        if len(raw) != listed.size or hashlib.sha256(raw).hexdigest() != listed.sha256:
            raise BundleError(
                f"its member {name!r} does not match its checksum (altered or damaged)"
            )
        contents[name] = raw
    for name, raw in contents.items():
        if (
            name.startswith(ATTACHMENTS)
            and hashlib.sha256(raw).hexdigest() != name[len(ATTACHMENTS) :]
        ):
            raise BundleError(f"its member {name!r} is not named by its own checksum")
    bundle = parse_entries(contents[ENTRIES], manifest)
    _check_counts(bundle, manifest)
    blobs = {
        name[len(ATTACHMENTS) :]: raw
        for name, raw in contents.items()
        if name.startswith(ATTACHMENTS)
    }
    named = {a.sha256 for a in bundle.attachments}
    for a in bundle.attachments:
        if a.sha256 not in blobs:
            raise BundleError(f"it lists an attachment ({a.sha256[:12]}…) that it does not carry")
        if len(blobs[a.sha256]) != a.size:
            raise BundleError(f"its attachment {a.name!r} is not the size its record says")
    unused = sorted(set(blobs) - named)
    if unused:
        raise BundleError(f"it carries a file no attachment record names ({unused[0][:12]}…)")
    bundle.blobs = blobs
    return bundle


def _check_counts(bundle: Bundle, manifest: Manifest) -> None:
    if manifest.format_version == 1:
        if bundle.lines != manifest.entry_count:
            from svtool.words import count

            raise BundleError(
                f"its manifest says {count(manifest.entry_count, 'entry', 'entries')} but entries.jsonl has "
                f"{bundle.lines}"
            )
        return
    for kind, said in (
        ("entry", manifest.entry_count),
        ("deletion", manifest.deletion_count),
        ("attachment", manifest.attachment_count),
    ):
        found = bundle.kinds.get(kind, 0)
        if said != found:
            plural = "entries" if kind == "entry" else f"{kind}s"
            raise BundleError(
                f"its manifest says {said} {plural} but entries.jsonl has {found}"
                if said is not None
                else f"its manifest.json does not say how many {plural} it carries"
            )


def parse_entries(raw: bytes, manifest: Manifest) -> Bundle:
    """Every line validated; the newest record of each id. BundleError lists the first problems."""
    from svtool.exchange.records import RecordProblems, parse

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BundleError(f"its entries.jsonl is not UTF-8 text (byte {e.start})") from None
    try:
        records = parse(text, manifest.format_version)
    except RecordProblems as e:
        raise BundleError(str(e)) from None
    return Bundle(
        manifest=manifest,
        entries=records.entries,
        deletions=records.deletions,
        attachments=records.attachments,
        lines=records.lines,
        kinds=records.kinds,
    )

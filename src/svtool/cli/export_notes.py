"""What `svtool export` tells the rep once the file is written (or when there is nothing to write).

These notes are where a rep learns what left their hands: how much personal data was replaced,
which documents went as they are or were held back, and whether the file is encrypted. They live
apart from exchange.py so that the command there stays a matter of options and one library call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from svtool.exchange.crypto import Recipient
    from svtool.exchange.export import ExportResult


def short_recipient(recipient: str) -> str:
    """Head office's public key, shortened to what a person compares by eye."""
    return f"{recipient[:10]}…{recipient[-6:]}"


def describe(authority: str | None, since: str | None, until: str | None, new: bool) -> str:
    """What was chosen, in words: 'Kent, 2025-09-01 to 2025-12-01, new since earlier bundles'."""
    from svtool.dates import span_words

    parts = [authority or "all authorities"]
    span = span_words(since, until, show=str)
    if span:
        parts.append(span)
    if new:
        parts.append("new since earlier bundles")
    return ", ".join(parts)


def nothing_exported(what: str, new: bool) -> None:
    from svtool import console

    console.note(f"No evidence to export ({what}); nothing was written.")
    if new:
        console.note(
            "Everything chosen was in an earlier bundle; leave out --new to export it all again."
        )


def exported(
    result: ExportResult, fmt: str, what: str, key: Recipient | None, *, key_saved: bool = False
) -> None:
    """What was written, what was redacted, which documents went, and how it is encrypted.
    `key_saved`: head office's key is in the settings (only bundles use it unasked)."""
    from svtool import console
    from svtool.words import count

    kind = "a bundle" if fmt == "bundle" else f"{fmt.upper()}"
    extra = ""
    if result.deletions:
        extra += f", {count(result.deletions, 'deletion')}"
    if result.attachments:
        extra += f", {count(result.attachments, 'attachment')}"
    entries = count(result.count, "entry", "entries")
    console.note(f"Exported {entries}{extra} ({what}) as {kind} to {result.path}.")
    console.note(_redaction_note(result.redaction))
    _attachments_note(result)
    if key is not None:
        console.note(
            f"Encrypted to head office's key {key.fingerprint} ({short_recipient(key.text)})."
        )
        _encrypted_note(result.path, fmt)
    elif fmt == "bundle":
        console.warn(
            "The bundle is not encrypted. Set head office's key with "
            "`svtool config set recipient age1…` or give --recipient."
        )
    else:
        # A CSV or JSONL is for the rep's own spreadsheet, so it is not encrypted unless asked;
        # a rep who saved head office's key may expect otherwise, so say so every time.
        saved = " (your saved head-office key is used for bundles only)" if key_saved else ""
        console.warn(
            f"The {kind} is not encrypted{saved}: keep it on this computer. To send evidence "
            "to head office, export a bundle or give --recipient."
        )


def _attachments_note(result: ExportResult) -> None:
    """Say plainly that documents go as they are, and which ones may hold personal data."""
    from svtool import console
    from svtool.privacy import kind_words
    from svtool.words import count

    def found(item: dict[str, Any]) -> str:
        return ", ".join(f"{n} {kind_words(k, n)}" for k, n in sorted(item["found"].items()))

    if result.attachment_names:
        names = ", ".join(result.attachment_names)
        console.note(
            f"{count(len(result.attachment_names), 'attachment')} ({names}) "
            f"{'goes' if len(result.attachment_names) == 1 else 'go'} as attached: svtool never "
            f"redacts documents, so check {'it' if len(result.attachment_names) == 1 else 'them'} "
            "for names before you send the bundle."
        )
    for item in result.sent_with_personal_data:
        console.warn(
            f"{item['name']} (entry {item['entry_id'][:8]}) may contain personal data "
            f"({found(item)}) and was sent as it is."
        )
    for item in result.left_out:
        console.warn(
            f"Left out {item['name']} (entry {item['entry_id'][:8]}): it may contain personal "
            f"data ({found(item)}), and svtool never redacts documents. Take it out of the file "
            "and attach the clean copy, or send it as it is with --attachments-as-they-are."
        )


def _encrypted_note(path: Path, fmt: str) -> None:
    from svtool import console
    from svtool.exchange.opened import AGE_SUFFIX

    if fmt != "bundle":
        console.note(
            f"Head office opens it with: svtool decrypt {path.name} --identity KEY --output FILE"
        )
    if not path.name.lower().endswith(AGE_SUFFIX):
        console.note(
            f"It is encrypted whatever its name: {path.name}{AGE_SUFFIX} would say so to whoever "
            "receives it."
        )


def _redaction_note(redaction: dict[str, object] | None) -> str:
    if not redaction or not redaction.get("redacted"):
        return "Not redacted (--no-redact): personal data in the text was kept, as you confirmed."
    found = redaction.get("findings") or {}
    assert isinstance(found, dict)
    if not found:
        return "No personal data was found in the text."
    from svtool.privacy import kind_words, placeholder

    parts = ", ".join(f"{n:,} {kind_words(k, n)}" for k, n in found.items())
    most = max(found, key=lambda k: found[k])  # the first of the most found kinds
    return (
        f"Redacted personal data: {parts} (replaced by placeholders such as {placeholder(most)})."
    )

"""Redaction on export (nothing findable leaves unless the rep says so) and the cached personal-data scans behind it."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_exchange_support import jsonl, members, unredacted

Run = Callable[..., Any]
Log = Callable[..., dict[str, Any]]

PLANTED = {
    "child_name": "Jayden Smith",
    "date_of_birth": "14/03/2015",
    "upn": "U201001234567",
    "uln": "1000000019",
    "nhs_number": "999 000 1006",
    "postcode": "BS1 4DJ",
    "phone": "07700 900123",
    "email": "jayden.mum@example.com",
    "ni_number": "JT 12 34 56 B",
}
SUMMARY = f"Jayden Smith (born {PLANTED['date_of_birth']}) refused an EHCP assessment"
DETAILS = (
    f"Jayden Smith, UPN {PLANTED['upn']}, ULN {PLANTED['uln']}, NHS number "
    f"{PLANTED['nhs_number']}, lives at {PLANTED['postcode']}. His mum is on {PLANTED['phone']} "
    f"or {PLANTED['email']}; her NI number is {PLANTED['ni_number']}. Outreach was cut to 2 hours."
)


def forms(value: str) -> set[bytes]:
    squashed = re.sub(r"[\s-]", "", value)
    found = {value, squashed, value.casefold(), squashed.casefold()}
    found |= set(re.findall(r"\d{4,}", squashed))  # no run of 4+ digits survives
    return {f.encode() for f in found}


def squash(data: bytes) -> bytes:
    return re.sub(rb"[\s-]", b"", data).lower()


# Values svtool makes itself (ids, timestamps, checksums) can hold any run of digits, e.g. the
# microseconds "…52.492015Z" hold "2015": only what the rep wrote is checked.
MACHINE_MADE = re.compile(
    rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    rb"|\d{4}-\d\d-\d\d(?:T[\d:.]+(?:Z|[+-]\d\d:\d\d)?)?"
    rb"|[0-9a-f]{64}"
)


def assert_clean(got: dict[str, bytes]) -> None:
    for name, raw in got.items():
        data = MACHINE_MADE.sub(b"", raw)
        for kind, value in PLANTED.items():
            for form in forms(value):
                assert form not in data, f"{kind} ({form!r}) in {name}"
                assert form.lower() not in squash(data), f"{kind} ({form!r}) in {name}"
        assert b"Jayden" not in data


def test_default_bundle_contains_no_planted_identifier(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    entry = log_entry(summary=SUMMARY, details=DETAILS, outcome="Raised with Jayden Smith's SENCO")
    out = tmp_path / "b.zip"
    result = svtool("export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "Redacted personal data:" in result.stderr
    got = members(out)
    assert_clean(got)
    [line] = jsonl(got["entries.jsonl"])
    assert line["summary"].startswith("[child] (born [date of birth]) refused")
    assert "[UPN]" in line["details"] and "[NHS number]" in line["details"]
    assert "Outreach was cut to 2 hours." in line["details"]
    redaction = json.loads(got["manifest.json"])["redaction"]
    assert redaction["redacted"] is True
    assert set(redaction["findings"]) >= set(PLANTED)
    names = redaction["findings"]["child_name"] + redaction["findings"].get("adult_name", 0)
    assert names == 3  # summary, details and outcome
    # The rep's own database keeps the text as entered.
    shown = json.loads(svtool("show", entry["id"], "--json").stdout)
    assert shown["details"] == DETAILS
    # And the redacted bundle imports (it validates against the same schema).
    hq = tmp_path / "hq.db"
    assert svtool("--db", str(hq), "import", str(out)).exit_code == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_plain_exports_are_redacted_too(
    svtool: Run, log_entry: Log, tmp_path: Path, fmt: str
) -> None:
    log_entry(summary=SUMMARY, details=DETAILS)
    out = tmp_path / f"e.{fmt}"
    assert svtool("export", "--format", fmt, "--output", str(out)).exit_code == 0
    assert_clean({out.name: out.read_bytes()})


def test_tags_deletion_reasons_and_attachment_names_are_redacted(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    doc = tmp_path / "Jayden Smith EHCP.pdf"
    doc.write_bytes(b"%PDF-1.4 plan")
    entry = log_entry(tag="jayden.mum@example.com")
    assert svtool("attach", entry["id"], str(doc)).exit_code == 0
    gone = log_entry()
    reason = f"named {PLANTED['child_name']}, UPN {PLANTED['upn']}"
    assert svtool("delete", gone["id"], "--yes", "--reason", reason).exit_code == 0
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    got = members(out)
    assert_clean({n: d for n, d in got.items() if not n.startswith("attachments/")})
    lines = jsonl(got["entries.jsonl"])
    assert [x["tags"] for x in lines if x["kind"] == "entry" and x["id"] == entry["id"]] == [
        ["[email]"]
    ]
    [name] = [x["name"] for x in lines if x.get("kind") == "attachment"]
    assert name in ("[child] EHCP.pdf", "[name] EHCP.pdf")


def test_long_redacted_summary_is_cut_and_still_imports(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    summary = " ".join([PLANTED["postcode"]] * 25)[:200]
    log_entry(summary=summary)
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    [line] = jsonl(members(out)["entries.jsonl"])
    assert len(line["summary"]) == 200 and line["summary"].endswith("…")
    assert svtool("--db", str(tmp_path / "hq.db"), "import", str(out)).exit_code == 0


def test_no_redact_needs_encryption_and_confirmation(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    log_entry(summary=SUMMARY, details=DETAILS)
    out = tmp_path / "b.zip"
    result = svtool("export", "--output", str(out), "--no-redact", "--yes")
    assert result.exit_code == 2
    assert "--no-redact" in result.stderr and "encrypted" in result.stderr
    assert not out.exists()
    key = tmp_path / "k"
    public = svtool("keygen", "--output", str(key)).stdout.strip()
    result = svtool("export", "--output", str(out), "--no-redact", "--recipient", public)
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert not out.exists()
    plain = unredacted(svtool, tmp_path, tmp_path / "u.zip")
    got = members(plain)
    [line] = jsonl(got["entries.jsonl"])
    assert line["details"] == DETAILS
    redaction = json.loads(got["manifest.json"])["redaction"]
    assert redaction["redacted"] is False and redaction["confirmed"] is True
    assert redaction["encrypted_to"].startswith("SHA256:")


def test_scans_are_cached_and_checked(
    svtool: Run, log_entry: Log, tmp_path: Path, db_path: Path
) -> None:
    entry = log_entry(summary=SUMMARY)
    conn = sqlite3.connect(db_path)
    [(scan,)] = conn.execute("SELECT pii_scan FROM entries").fetchall()
    assert json.loads(scan)["spans"]["summary"][0][2] == "child_name"
    # A scan that does not match the text (changed behind svtool's back) is not trusted.
    with conn:
        conn.execute(
            "UPDATE entries SET summary = ? WHERE id = ?", ["Call 07700 900123", entry["id"]]
        )
    out = tmp_path / "b.zip"
    assert svtool("export", "--output", str(out)).exit_code == 0
    [line] = jsonl(members(out)["entries.jsonl"])
    assert line["summary"] == "Call [phone]"
    # Imported rows have no scan until an export makes one, which it stores.
    [(scan,)] = conn.execute("SELECT pii_scan FROM entries").fetchall()
    assert json.loads(scan)["spans"]["summary"] == [[5, 17, "phone"]]
    # An edit stores the scan of the new text.
    assert svtool("edit", entry["id"], "--summary", "Nothing personal here").exit_code == 0
    [(scan,)] = conn.execute("SELECT pii_scan FROM entries").fetchall()
    assert json.loads(scan)["spans"] == {}
    conn.close()


def test_import_records_no_scan_it_did_not_make(svtool, log_entry, tmp_path):
    """A bundle's word that it was redacted is no scan: head office scans for itself."""
    import sqlite3

    log_entry(details="Mrs Jones rang on 07700 900123.")
    bundle = tmp_path / "b.zip"
    assert svtool("export", "--output", str(bundle)).exit_code == 0
    head = tmp_path / "head.db"
    assert svtool("--db", str(head), "import", str(bundle)).exit_code == 0
    conn = sqlite3.connect(head)
    (scan,) = conn.execute("SELECT pii_scan FROM entries").fetchone()
    conn.close()
    assert scan is None


def test_the_summary_names_a_placeholder_of_a_kind_found(
    svtool: Run, log_entry: Log, tmp_path: Path
) -> None:
    log_entry(details="The parents live at SW1A 1AA and asked for a meeting.")
    result = svtool("export", "--format", "csv", "--output", str(tmp_path / "a.csv"))
    assert result.exit_code == 0, result.output
    assert "Redacted personal data: 1 postcode" in result.stderr
    assert "[postcode]" in result.stderr
    assert "[UPN]" not in result.stderr

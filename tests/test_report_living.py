"""Reports on living evidence: deleted entries, follow-up, question-specific facts, attachments, and
personal data (a warning on stderr, `--redact` replacing it everywhere the report shows user text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_report_data import log_dataset

Svtool = Callable[..., Any]
LogEntry = Callable[..., dict[str, Any]]

# Planted identifiers (all from ranges kept for tests or drama: no real person).
CHILD = "Jack Smith"
UPN = "B801200005001"
NHS = "999 000 0018"
PHONE = "07700 900123"
EMAIL = "jack.parent@example.com"
POSTCODE = "CT1 1AA"
PLANTED = (CHILD, UPN, NHS, PHONE, EMAIL, POSTCODE)
SUMMARY = f"{CHILD} in Year 4 has had no support since September"
DETAILS = (
    f"UPN {UPN}, NHS number {NHS}. Mum rang from {PHONE} and wrote from {EMAIL}; near {POSTCODE}."
)
OUTCOME = f"LA agreed to review; reply to {EMAIL} or {PHONE}"


def forms(value: str) -> set[str]:
    """The value as written, and without spaces, hyphens or dots, case-folded: how someone
    would look for a leaked value."""
    bare = re.sub(r"[\s\-.]", "", value).casefold()
    return {value.casefold(), bare}


def normalised(text: str) -> str:
    return re.sub(r"[\s\-.]", "", text).casefold()


def leaks(text: str) -> list[str]:
    folded, bare = text.casefold(), normalised(text)
    return [v for v in PLANTED if v.casefold() in folded or normalised(v) in bare]


def report(svtool: Svtool, tmp_path: Path, *args: str, fmt: str = "md") -> tuple[str, str]:
    target = tmp_path / f"r.{fmt}"
    result = svtool("report", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8"), result.stderr


@pytest.fixture
def dataset(log_entry: LogEntry) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


@pytest.fixture
def personal(
    svtool: Svtool, log_entry: LogEntry, tmp_path: Path, dataset: list[dict[str, Any]]
) -> dict[str, Any]:
    """A Kent entry with personal data in every user-text field a report shows."""
    entry = log_entry(summary=SUMMARY, details=DETAILS, date="2025-07-01", tag=f"call {PHONE}")
    edited = svtool("edit", entry["id"][:8], "--status", "raised-with-la", "--outcome", OUTCOME)
    assert edited.exit_code == 0, edited.output
    doc = tmp_path / f"{CHILD} EHCP.txt"
    doc.write_text(f"Private letter about {CHILD}, UPN {UPN}", encoding="utf-8")
    attached = svtool("attach", entry["id"][:8], str(doc))
    assert attached.exit_code == 0, attached.output
    # A section 6 entry, so the cross-authority report quotes its summary.
    log_entry(question="6.3", strategy="", summary=f"{CHILD}'s mum ({PHONE}) heard of cuts",
              date="2025-07-02")  # fmt: skip
    return entry


class TestDeleted:
    def test_deleted_entries_never_appear(
        self, svtool: Svtool, log_entry: LogEntry, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        """A deleted entry is in no count, list, chart or summary, in either report or format."""
        gone = log_entry(
            question="6.4", strategy="", summary="Deleted claim about cuts", date="2025-08-01",
            learners="500",
        )  # fmt: skip
        kept_before, _ = report(svtool, tmp_path, "-a", "Kent")
        assert "Deleted claim about cuts" in kept_before and "7 entries" in kept_before
        result = svtool("delete", gone["id"][:8], "--yes", "--reason", "wrong authority")
        assert result.exit_code == 0, result.output

        for fmt in ("md", "html"):
            text, err = report(svtool, tmp_path, "-a", "Kent", fmt=fmt)
            assert "Deleted claim about cuts" not in text
            assert gone["id"][:8] not in text
            # Its learners are not in the totals ("500" as a word: an id such as 44e5003e is not it).
            assert not re.search(r"\b500\b", text)
            assert "6 entries" in text and "(6 entries, all dates)" in err
            assert "Aug 2025" not in text  # nor in the timeline

            across, err = report(svtool, tmp_path, "--all", fmt=fmt)
            assert "Deleted claim about cuts" not in across
            assert "10 entries" in across and "(10 entries, all dates)" in err
        md, _ = report(svtool, tmp_path, "--all")
        # Kent's latest section 6 entry is the one still there.
        assert "latest 2025-05-21: Schools Forum told of Safety Valve proposals" in md

    def test_restored_entry_comes_back(
        self, svtool: Svtool, log_entry: LogEntry, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        gone = log_entry(summary="Back again", date="2025-08-01")
        assert svtool("delete", gone["id"][:8], "--yes").exit_code == 0
        assert "Back again" not in report(svtool, tmp_path, "-a", "Kent")[0]
        assert svtool("restore", gone["id"][:8]).exit_code == 0
        assert "Back again" in report(svtool, tmp_path, "-a", "Kent")[0]


class TestFollowUp:
    def test_status_outcome_and_table(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        first, second = dataset[0]["id"][:8], dataset[1]["id"][:8]
        assert svtool("edit", first, "--status", "raised-with-la", "--outcome",
                      "LA agreed to review the cap\nin the spring").exit_code == 0  # fmt: skip
        assert svtool("edit", second, "--status", "resolved").exit_code == 0
        md, _ = report(svtool, tmp_path, "-a", "Kent")
        entry = md[md.index("Outreach support capped at 10 hours a term\n\n- Entry") :]
        entry = entry[: entry.index("#####")]
        assert "- Follow-up: Raised with the local authority\n" in entry
        assert "- Outcome: LA agreed to review the cap\\\n  in the spring\n" in entry
        assert "- Follow-up: Not raised yet" in md  # every entry says where it stands
        table = md[md.index("### Follow-up\n") : md.index("### Impacts on staff")]
        for line in (
            "| Not raised yet | 4 |",
            "| Raised with the school | 0 |",
            "| Raised with the local authority | 1 |",
            "| Escalated | 0 |",
            "| Resolved | 1 |",
        ):
            assert line in table

        html, _ = report(svtool, tmp_path, "-a", "Kent", fmt="html")
        assert "<dt>Follow-up</dt><dd>Raised with the local authority</dd>" in html
        assert '<dd class="details">LA agreed to review the cap\nin the spring</dd>' in html
        assert "Entries per follow-up status" in html

    def test_section_facts_in_the_checklist_words(
        self, svtool: Svtool, log_entry: LogEntry, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        log_entry("--role-cut", "senco,teaching-assistant", question="4.1,4.2", strategy="",
                  summary="Cuts and leavers", date="2025-07-03", posts_cut="3", staff_left="2")  # fmt: skip
        log_entry(question="1.7.2", strategy="", summary="Told to cut harder", date="2025-07-04",
                  stricter_targets="no")  # fmt: skip
        md, _ = report(svtool, tmp_path, "-a", "Kent")
        assert "- DfE extended the timescale: yes" in md
        assert "- Forced to set stricter targets: no" in md
        assert "- Posts cut: 3" in md and "- Posts cut: 2" in md
        assert "- Roles cut: Teaching assistant or learning support assistant; SENCO" in md
        assert "- Staff who left to earn more: 2" in md
        assert "- Consulted: Schools Forum" in md
        html, _ = report(svtool, tmp_path, "-a", "Kent", fmt="html")
        assert "<dt>Staff who left to earn more</dt><dd>2</dd>" in html

    def test_attachment_names_not_content(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        doc = tmp_path / "forum minutes.txt"
        doc.write_text("SECRET-CONTENT of the minutes", encoding="utf-8")
        other = tmp_path / "plan.txt"
        other.write_text("more SECRET-CONTENT", encoding="utf-8")
        assert svtool("attach", dataset[4]["id"][:8], str(doc), str(other)).exit_code == 0
        for fmt in ("md", "html"):
            text, _ = report(svtool, tmp_path, "-a", "Kent", fmt=fmt)
            assert "forum minutes.txt, plan.txt" in text
            assert "SECRET-CONTENT" not in text

    def test_staff_not_recorded(self, svtool: Svtool, log_entry: LogEntry, tmp_path: Path) -> None:
        log_entry(authority="Devon")
        md, _ = report(svtool, tmp_path, "-a", "Devon")
        assert "- **Staff affected:** not recorded\n" in md
        assert "- **Learners affected:** not recorded\n" in md
        assert "0 (from 0 entries" not in md
        html, _ = report(svtool, tmp_path, "-a", "Devon", fmt="html")
        assert '<td class="n">not recorded</td>' in html


class TestPersonalData:
    def test_warning_line(self, svtool: Svtool, personal: dict[str, Any], tmp_path: Path) -> None:
        """One line on stderr: how many entries, what kinds; the report itself is as entered."""
        text, err = report(svtool, tmp_path, "-a", "Kent")
        warnings = [line for line in err.splitlines() if line.startswith("Warning:")]
        assert len(warnings) == 1
        assert warnings[0].startswith(
            "Warning: 2 entries in this report may contain personal data ("
        )
        assert "phone numbers" in warnings[0] and "names" in warnings[0]
        assert "`svtool scan` lists them, `--redact` replaces them" in warnings[0]
        assert not any(v in err for v in (UPN, PHONE, EMAIL))  # what, not where: no values
        assert UPN in text and PHONE in text  # shown as entered without --redact

    def test_clean_report_has_no_warning(
        self, svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
    ) -> None:
        _, err = report(svtool, tmp_path, "-a", "Kent")
        assert "Warning" not in err and "personal data" not in err

    @pytest.mark.parametrize("fmt", ["md", "html"])
    @pytest.mark.parametrize("args", [("-a", "Kent"), ("--all",), ("--programme", "safety-valve")])
    def test_redact_leaves_no_identifier(
        self,
        svtool: Svtool,
        personal: dict[str, Any],
        tmp_path: Path,
        fmt: str,
        args: tuple[str, ...],
    ) -> None:
        """With --redact, none of the planted values is left in any form."""
        plain, _ = report(svtool, tmp_path, *args, fmt=fmt)
        assert leaks(plain)  # the search does find them when they are there
        text, err = report(svtool, tmp_path, *args, "--redact", fmt=fmt)
        assert leaks(text) == []
        assert "[phone]" in text
        assert "Warning" not in err
        assert "with placeholders" in err

    def test_redact_covers_every_field(
        self, svtool: Svtool, personal: dict[str, Any], tmp_path: Path
    ) -> None:
        text, err = report(svtool, tmp_path, "-a", "Kent", "--redact")
        assert "##### 2025-07-01: [child] in Year 4 has had no support since September" in text
        assert "UPN [UPN], NHS number [NHS number]. Mum rang from [phone]" in text
        assert "- Outcome: LA agreed to review; reply to [email] or [phone]" in text
        assert "- Tags: call [phone]" in text
        assert "- Attachments: [name] EHCP.txt" in text
        assert "Replaced " in err and "possible items of personal data" in err

    def test_cross_authority_scans_only_what_it_prints(
        self,
        svtool: Svtool,
        personal: dict[str, Any],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--all prints no entry text but section 6 summaries, so only those are scanned."""
        from svtool import privacy

        scanned: list[dict[str, Any]] = []
        real = privacy.scan_fields

        def counting(values: dict[str, Any]) -> list[Any]:
            scanned.append(values)
            return real(values)

        monkeypatch.setattr(privacy, "scan_fields", counting)
        _, err = report(svtool, tmp_path, "--all")
        assert len(scanned) == 2  # Devon's and Kent's latest section 6 summaries, no more
        assert all(set(v) == {"summary"} for v in scanned)
        assert "Warning: 1 entry in this report may contain personal data" in err


class TestCachedScans:
    """`log` and `edit` keep each entry's scan; reports use it only when it fits the text exactly."""

    def count_scans(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        from svtool.pii import detector

        calls: list[int] = []
        real = detector.find_personal_data

        def counting(text: str, *args: Any) -> Any:
            calls.append(len(text))
            return real(text, *args)

        monkeypatch.setattr(detector, "find_personal_data", counting)
        monkeypatch.setattr("svtool.pii.detector.find_personal_data", counting, raising=False)
        return calls

    def test_cached_scans_spare_the_detector(
        self,
        svtool: Svtool,
        personal: dict[str, Any],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        calls = self.count_scans(monkeypatch)
        text, _ = report(svtool, tmp_path, "-a", "Kent", "--redact")
        assert leaks(text) == []
        assert "[UPN]" in text and "- Tags: call [phone]" in text
        # Only the attachment names were scanned: every entry's text had a valid cached scan.
        assert calls == [len(f"{CHILD} EHCP.txt")], calls

    @pytest.mark.parametrize("cache", ["NULL", '\'{"v":"old","h":1,"spans":{}}\'', "'not json'"])
    def test_missing_or_stale_scans_are_redone(
        self,
        svtool: Svtool,
        personal: dict[str, Any],
        tmp_path: Path,
        db_path: Path,
        cache: str,
    ) -> None:
        """An imported entry (no scan), an older detector's scan or a damaged one: scanned now."""
        import sqlite3

        conn = sqlite3.connect(db_path)
        with conn:
            conn.execute(f"UPDATE entries SET pii_scan = {cache}")
        conn.close()
        _, err = report(svtool, tmp_path, "-a", "Kent")
        assert "Warning: 2 entries in this report may contain personal data" in err
        text, _ = report(svtool, tmp_path, "-a", "Kent", "--redact")
        assert leaks(text) == []

    def test_text_changed_behind_the_cache(
        self, svtool: Svtool, personal: dict[str, Any], tmp_path: Path, db_path: Path
    ) -> None:
        """A scan is for exactly its own text: if the text differs, it is not trusted."""
        import sqlite3

        conn = sqlite3.connect(db_path)
        with conn:  # a clean entry's (empty) scan, then personal data written behind its back
            clean = conn.execute(
                "SELECT pii_scan FROM entries WHERE summary LIKE 'Outreach%'"
            ).fetchone()[0]
            conn.execute(
                "UPDATE entries SET pii_scan = ?, details = ? WHERE summary LIKE 'Outreach%'",
                [clean, f"Call {PHONE}"],
            )
        conn.close()
        _, err = report(svtool, tmp_path, "-a", "Kent")
        assert "Warning: 3 entries in this report may contain personal data" in err
        text, _ = report(svtool, tmp_path, "-a", "Kent", "--redact")
        assert leaks(text) == []

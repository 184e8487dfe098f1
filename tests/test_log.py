"""`svtool log`, `list` and `show` through the real CLI, against real SQLite files."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest

from conftest import VALID_LOG

ENTRY_FIELDS = {
    "id", "authority_code", "authority_name", "programme", "section", "questions", "strategies",
    "summary", "details", "occurred_on", "setting", "source", "learners_affected", "staff_affected",
    "impacts", "tags", "logged_at",
}  # fmt: skip


def test_log_with_all_options_stores_the_entry_and_prints_its_id(svtool, rows):
    result = svtool(
        "log", *VALID_LOG, "--learners", "4", "--impact", "workload,wellbeing", "--tag", "outreach"
    )
    assert result.exit_code == 0, result.output
    entry_id = result.stdout.strip()
    assert str(uuid.UUID(entry_id)) == entry_id
    stored = rows()
    assert len(stored) == 1
    row = stored[0]
    assert row["id"] == entry_id
    assert row["authority_code"] == "886" and row["programme"] == "safety_valve"
    assert json.loads(row["strategies"]) == ["hours-cap"]
    assert json.loads(row["impacts"]) == ["workload", "wellbeing"]
    assert row["learners_affected"] == 4
    assert "Saved evidence for Kent" in result.stderr


def test_log_json_has_the_stable_field_names(log_entry):
    entry = log_entry("--details", "Line one\nLine two", "--staff", "2")
    assert set(entry) >= ENTRY_FIELDS
    assert entry["occurred_on"] == "2025-10-01"
    assert entry["logged_at"].endswith("Z")
    assert entry["details"] == "Line one\nLine two"
    assert entry["section"] == "2" and entry["questions"] == ["2.1"]
    assert entry["staff_affected"] == 2 and entry["learners_affected"] is None


def test_section_words_and_inference(log_entry):
    assert log_entry(question="4.1", strategy="", section="staffing")["section"] == "4"
    only = log_entry("--section", "health", question="5.1", strategy="")
    assert only["questions"] == ["5.1"]


def test_section_with_one_question_needs_no_question(svtool):
    args = [a for a in VALID_LOG if a not in ("--question", "2.1", "--strategy", "hours-cap")]
    result = svtool("log", *args, "--section", "health", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["questions"] == ["5.1"]


def test_section_specific_fields(log_entry):
    e = log_entry(
        "--posts-cut", "3", "--role-cut", "teaching-assistant,senco", question="4.1", strategy=""
    )
    assert e["posts_cut"] == 3 and e["roles_cut"] == ["teaching-assistant", "senco"]
    e = log_entry("--timescale-extended", "yes", question="1.7.1", strategy="")
    assert e["timescale_extended"] is True and e["section"] == "1"
    e = log_entry(
        "--consulted", "schools-forum", "--consulted", "headteachers", question="6.2", strategy=""
    )
    assert e["consulted"] == ["schools-forum", "headteachers"]


def test_dates_in_forgiving_forms(log_entry):
    today = date.today()
    assert log_entry(date="today")["occurred_on"] == today.isoformat()
    assert log_entry(date="yesterday")["occurred_on"] == (today - timedelta(days=1)).isoformat()
    assert log_entry(date="03/11/2025")["occurred_on"] == "2025-11-03"
    assert log_entry(date="3 November 2025")["occurred_on"] == "2025-11-03"


def test_details_from_stdin_and_file(svtool, tmp_path):
    result = svtool("log", *VALID_LOG, "--details", "-", "--json", input="From standard input\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["details"] == "From standard input\n"
    f = tmp_path / "notes.txt"
    f.write_text("From a file", encoding="utf-8")
    result = svtool("log", *VALID_LOG, "--details-file", str(f), "--json")
    assert json.loads(result.stdout)["details"] == "From a file"


BAD_INPUTS = [
    (["--authority", "Kentt"], "--authority", "did you mean Kent"),
    (["--authority", "Sussex"], "--authority", "East Sussex (845), West Sussex (938)"),
    (["--section", "acess"], "--section", "did you mean access"),
    (["--question", "2.9"], "--question", "'2.9' is not a checklist question; did you mean"),
    (
        ["--question", "3.1", "--section", "2"],
        "--question",
        "question 3.1 belongs to section 3, not 2",
    ),
    (["--strategy", "hours-capp"], "--strategy", "did you mean hours-cap"),
    (["--summary", ""], "--summary", "is required"),
    (["--summary", "x" * 201], "--summary", "at most 200"),
    (["--summary", "two\nlines"], "--summary", "must be one line"),
    (["--date", "2025-02-30"], "--date", "is not a date"),
    (["--date", (date.today() + timedelta(days=2)).isoformat()], "--date", "is in the future"),
    (["--date", "2014-08-31"], "--date", "before the SEND reforms began on 2014-09-01"),
    (["--setting", "primary"], "--setting", "did you mean mainstream-primary"),
    (["--setting", "primery"], "--setting", "did you mean mainstream-primary"),
    (["--setting", "secondry"], "--setting", "did you mean mainstream-secondary"),
    (["--source", "newspaper"], "--source", "is not a source"),
    (["--learners", "-3"], "--learners", "negative"),
    (["--learners", "lots"], "--learners", "not a whole number"),
    (["--staff", "1.5"], "--staff", "not a whole number"),
    (["--impact", "stress"], "--impact", "is not an impact"),
    (["--posts-cut", "2"], "--posts-cut", "goes with question 4.1"),
    (["--timescale-extended", "maybe"], "--timescale-extended", "not yes or no"),
    (["--details", "x" * 20_001], "--details", "at most 20000"),
    (["--summary", "nul\x00here"], "--summary", "U+0000"),
    (["--tag", "x" * 51], "--tag", "keep tags under 50"),
]


@pytest.mark.parametrize(("change", "option", "message"), BAD_INPUTS)
def test_bad_input_exits_2_names_the_option_and_writes_nothing(
    svtool, rows, change, option, message
):
    args = list(VALID_LOG)
    for flag, value in zip(change[::2], change[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    result = svtool("log", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert any(
        line.startswith((f"Error: {option}:", f"Error: {option} ")) and message in line
        for line in lines
    ), lines
    assert "Traceback" not in result.output
    assert rows() == []


def test_every_problem_is_reported_at_once(svtool, rows):
    result = svtool(
        "log", "-a", "knt", "-q", "2.1", "--strategy", "capp", "--summary", "ok", "--date", "2031-01-01",
        "--setting", "primary", "--source", "foo", "--learners", "x",
    )  # fmt: skip
    assert result.exit_code == 2
    options = [line.split()[1].rstrip(":") for line in result.stderr.strip().splitlines()]
    assert sorted(options) == sorted(
        ["--authority", "--learners", "--date", "--setting", "--source", "--strategy"]
    )
    assert rows() == []


def test_missing_options_without_a_terminal_are_all_named(svtool, rows):
    result = svtool("log", "--authority", "Kent", "--summary", "Something")
    assert result.exit_code == 2
    for option in ("--section", "--question", "--date", "--setting", "--source"):
        assert f"Error: {option} is required when svtool cannot ask" in result.stderr
    assert "--authority is required" not in result.stderr
    assert rows() == []


def test_strategy_is_required_for_2_1(svtool):
    args = [a for a in VALID_LOG if a not in ("--strategy", "hours-cap")]
    result = svtool("log", *args)
    assert result.exit_code == 2
    assert "Error: --strategy is required" in result.stderr


def test_unicode_text_is_stored_exactly(log_entry, svtool):
    text = "Zoë’s class — \u202eright-to-left\u202c, emoji 🙂, tabs\tand\r\nnewlines"
    entry = log_entry("--details", text)
    shown = json.loads(svtool("show", entry["id"], "--json").stdout)
    assert shown["details"] == text


def test_list_filters_and_json(svtool, log_entry):
    a = log_entry()
    b = log_entry(authority="Devon", strategy="delays", date="2025-09-12", tag="ehcp")
    c = log_entry(question="4.1", strategy="", summary="Two TA posts cut", date="2024-07-03")

    def ids(*args):
        result = svtool("list", *args, "--json")
        assert result.exit_code == 0, result.output
        return [e["id"] for e in json.loads(result.stdout)]

    assert ids() == [c["id"], b["id"], a["id"]]
    assert ids("--authority", "kent") == [c["id"], a["id"]]
    assert ids("--section", "access") == [b["id"], a["id"]]
    assert ids("--question", "4.1") == [c["id"]]
    assert ids("--strategy", "delays") == [b["id"]]
    assert ids("--since", "2025-01-01", "--until", "2025-09-30") == [b["id"]]
    assert ids("--tag", "ehcp") == [b["id"]]
    d = log_entry(date="2025-09-12")  # the same day as b, logged after it
    # --limit keeps the newest (by date, then the order they were logged), oldest first.
    assert ids("--limit", "2") == [d["id"], a["id"]]
    assert ids("--limit", "3") == [b["id"], d["id"], a["id"]]
    assert ids("--limit", "9", "--authority", "devon") == [b["id"]]
    table = svtool("list").stdout
    assert "Two TA posts cut" in table and a["id"][:8] in table


def test_list_bad_filters(svtool):
    result = svtool("list", "--since", "2025-13-01", "--strategy", "dely", "--until", "2020-01-01")
    assert result.exit_code == 2
    assert "Error: --since: '2025-13-01' is not a date" in result.stderr
    assert "Error: --strategy: 'dely' is not a strategy; did you mean delays?" in result.stderr


def test_show_by_prefix_and_errors(svtool, log_entry):
    entry = log_entry(summary="Assessment refused for three pupils")
    result = svtool("show", entry["id"][:6])
    assert result.exit_code == 0
    assert "Assessment refused for three pupils" in result.stdout
    assert json.loads(svtool("show", entry["id"][:8], "--json").stdout) == entry | {
        "attachments": []
    }
    short = svtool("show", entry["id"][:3])
    assert short.exit_code == 2 and "at least 6 characters" in short.stderr
    missing = svtool("show", "ffffffff")
    assert missing.exit_code == 1 and "No entry has an id starting 'ffffffff'" in missing.stderr


def test_show_reports_an_ambiguous_prefix(svtool, db_path, log_entry):
    import sqlite3

    log_entry()
    log_entry()
    conn = sqlite3.connect(db_path)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM entries")]
        conn.execute("UPDATE entries SET id = ? WHERE id = ?", ["abcdef01" + ids[0][8:], ids[0]])
        conn.execute("UPDATE entries SET id = ? WHERE id = ?", ["abcdef02" + ids[1][8:], ids[1]])
    conn.close()
    result = svtool("show", "abcdef")
    assert result.exit_code == 2 and "matches several entries" in result.stderr


def test_configured_defaults_spare_typing(svtool):
    assert svtool("config", "set", "default_authority", "Devon").exit_code == 0
    assert svtool("config", "set", "default_setting", "special-school").exit_code == 0
    args = [
        a for a in VALID_LOG if a not in ("--authority", "Kent", "--setting", "mainstream-primary")
    ]
    result = svtool("log", *args, "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert entry["authority_name"] == "Devon" and entry["setting"] == "special-school"
    explicit = json.loads(svtool("log", *VALID_LOG, "--json").stdout)
    assert explicit["authority_name"] == "Kent" and explicit["setting"] == "mainstream-primary"


def test_list_says_when_filters_match_nothing(svtool, log_entry):
    assert "No evidence recorded yet" in svtool("list").stderr
    log_entry()
    result = svtool("list", "--authority", "Devon")
    assert "Nothing matches these filters (1 entry in all)" in result.stderr

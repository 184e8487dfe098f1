"""Edit, history, delete, restore, follow-up and search: evidence that develops."""

from __future__ import annotations

import json
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_LOG


def show(svtool, entry_id):
    result = svtool("show", entry_id, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_edit_makes_a_new_revision_and_history_shows_both(svtool, log_entry):
    entry = log_entry(summary="Outreach capped", learners="4")
    result = svtool(
        "edit", entry["id"][:8], "--summary", "Outreach capped at 10 hours", "--learners", "6"
    )
    assert result.exit_code == 0, result.output
    assert "Saved revision 2" in result.stderr
    now = show(svtool, entry["id"])
    assert now["revision"] == 2 and now["summary"] == "Outreach capped at 10 hours"
    assert now["learners_affected"] == 6 and now["logged_at"] == entry["logged_at"]
    assert now["questions"] == ["2.1"] and now["strategies"] == ["hours-cap"]
    hist = json.loads(svtool("history", entry["id"], "--json").stdout)
    assert [h["revision"] for h in hist] == [1, 2]
    assert hist[0]["entry"]["summary"] == "Outreach capped"
    changed = {c["field"]: (c["old"], c["new"]) for c in hist[1]["changes"]}
    assert changed == {
        "summary": ("Outreach capped", "Outreach capped at 10 hours"),
        "learners_affected": (4, 6),
    }
    text = svtool("history", entry["id"]).stdout
    assert (
        "Revision 2 edited" in text
        and "summary: Outreach capped → Outreach capped at 10 hours" in text
    )


def test_an_invalid_edit_changes_nothing(svtool, log_entry, rows):
    entry = log_entry()
    before = rows()
    result = svtool("edit", entry["id"], "--date", "2099-01-01", "--setting", "primry")
    assert result.exit_code == 2
    assert "Error: --date:" in result.stderr and "Error: --setting:" in result.stderr
    assert rows() == before
    assert len(json.loads(svtool("history", entry["id"], "--json").stdout)) == 1


def test_edit_with_no_change_makes_no_revision(svtool, log_entry):
    entry = log_entry()
    result = svtool("edit", entry["id"], "--summary", entry["summary"])
    assert result.exit_code == 0 and "Nothing changed" in result.stderr
    assert show(svtool, entry["id"])["revision"] == 1


def test_edit_to_another_question_drops_what_no_longer_applies(svtool, log_entry):
    entry = log_entry()
    result = svtool("edit", entry["id"], "--question", "4.1", "--posts-cut", "2", "--json")
    assert result.exit_code == 0, result.output
    new = json.loads(result.stdout)
    assert new["section"] == "4" and new["questions"] == ["4.1"]
    assert new["strategies"] == [] and new["posts_cut"] == 2


def test_clearing_an_optional_count(svtool, log_entry):
    entry = log_entry(learners="3")
    assert svtool("edit", entry["id"], "--learners", "").exit_code == 0
    assert show(svtool, entry["id"])["learners_affected"] is None


def test_follow_up_status_and_outcome(svtool, log_entry):
    a = log_entry("--status", "raised-with-la")
    b = log_entry()
    assert b["status"] == "not-raised" and b["outcome"] == ""
    result = svtool("edit", b["id"], "--status", "resolved", "--outcome", "LA reinstated the hours")
    assert result.exit_code == 0, result.output
    ids = lambda *args: [e["id"] for e in json.loads(svtool("list", *args, "--json").stdout)]  # noqa: E731
    assert ids("--status", "raised-with-la") == [a["id"]]
    assert ids("--status", "resolved") == [b["id"]]
    bad = svtool("list", "--status", "resolvd")
    assert bad.exit_code == 2 and "did you mean resolved" in bad.stderr
    assert "LA reinstated the hours" in svtool("show", b["id"]).stdout


def test_delete_hides_and_restore_brings_back(svtool, log_entry):
    keep = log_entry(summary="Kept entry")
    gone = log_entry(summary="Logged by mistake about refusals")
    result = svtool("delete", gone["id"][:8], "--reason", "duplicate", "--yes")
    assert result.exit_code == 0, result.output
    listed = [e["id"] for e in json.loads(svtool("list", "--json").stdout)]
    assert listed == [keep["id"]]
    assert json.loads(svtool("search", "refusals", "--json").stdout) == []
    missing = svtool("show", gone["id"])
    assert (
        missing.exit_code == 1
        and "was deleted" in missing.stderr
        and "svtool restore" in missing.stderr
    )
    again = svtool("delete", gone["id"], "--yes")
    assert again.exit_code == 1
    hist = json.loads(svtool("history", gone["id"], "--json").stdout)
    assert hist[-1]["change"] == "deleted" and hist[-1]["reason"] == "duplicate"
    assert svtool("restore", gone["id"][:8]).exit_code == 0
    assert show(svtool, gone["id"])["revision"] == 3
    assert len(json.loads(svtool("list", "--json").stdout)) == 2


def test_delete_needs_yes_without_a_terminal(svtool, log_entry, rows):
    entry = log_entry()
    result = svtool("delete", entry["id"])
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert rows()[0]["deleted_at"] is None


def test_search_ranks_highlights_and_filters(svtool, log_entry):
    a = log_entry(
        summary="Assessment refused", details="The LA refused the EHC needs assessment again."
    )
    b = log_entry(
        summary="Transport delays", details="Assessment mentioned once.", authority="Devon"
    )
    log_entry(summary="Nothing relevant", details="Staffing cuts at the primary.")
    found = json.loads(svtool("search", "assessment", "--json").stdout)
    assert [f["id"] for f in found] == [a["id"], b["id"]]
    assert "«" in found[0]["snippet"] and "»" in found[0]["snippet"]
    assert [
        f["id"]
        for f in json.loads(svtool("search", "assessment", "--authority", "devon", "--json").stdout)
    ] == [b["id"]]
    assert [
        e["id"] for e in json.loads(svtool("list", "--search", "refused", "--json").stdout)
    ] == [a["id"]]
    assert json.loads(svtool("search", '"needs assessment"', "--json").stdout)[0]["id"] == a["id"]
    table = svtool("search", "assessment").stdout
    assert a["id"][:8] in table
    odd = svtool("search", 'AND OR NOT ( " * -x', "--json")
    assert odd.exit_code == 0


def test_search_follows_edits(svtool, log_entry):
    entry = log_entry(summary="Speech therapy withdrawn")
    assert svtool("edit", entry["id"], "--summary", "Occupational therapy withdrawn").exit_code == 0
    assert json.loads(svtool("search", "speech", "--json").stdout) == []
    assert len(json.loads(svtool("search", "occupational", "--json").stdout)) == 1


WORDS = [
    "refused",
    "assessment",
    "hours",
    "cap",
    "delay",
    "ehcp",
    "staff",
    "cuts",
    "forum",
    "therapy",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), min_size=1, max_size=6
    ),
    edits=st.lists(
        st.tuples(st.integers(0, 5), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)),
        max_size=4,
    ),
    deletes=st.sets(st.integers(0, 5), max_size=2),
    word=st.sampled_from(WORDS),
)
def test_fts_agrees_with_a_like_scan(svtool, db_path, texts, edits, deletes, word):
    """After any mix of logs, edits and deletions, search finds exactly what a LIKE scan finds."""
    if db_path.exists():
        for suffix in ("", "-wal", "-shm"):
            p = db_path.with_name(db_path.name + suffix)
            if p.exists():
                p.unlink()
    ids = []
    for words in texts:
        args = list(VALID_LOG)
        args[args.index("--summary") + 1] = "Entry"
        result = svtool("log", *args, "--details", " ".join(words), "--json")
        ids.append(json.loads(result.stdout)["id"])
    for index, words in edits:
        if index < len(ids):
            svtool("edit", ids[index], "--details", " ".join(words))
    for index in deletes:
        if index < len(ids):
            svtool("delete", ids[index], "--yes")
    found = {e["id"] for e in json.loads(svtool("search", word, "--json", "--limit", "100").stdout)}
    conn = sqlite3.connect(db_path)
    expected = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM entries WHERE deleted_at IS NULL AND (summary LIKE ? OR details LIKE ? OR outcome LIKE ?)",
            [f"%{word}%"] * 3,
        )
    }
    conn.close()
    assert found == expected


def test_search_takes_several_words_without_quotes(svtool, log_entry):
    entry = log_entry(summary="Assessment refused again", details="The LA refused the assessment.")
    log_entry(summary="Assessment agreed")
    found = json.loads(svtool("search", "assessment", "refused", "--json").stdout)
    assert [f["id"] for f in found] == [entry["id"]]


def test_a_search_word_finds_what_its_prefix_finds(log_entry, db_path):
    """A word stands for every indexed word it begins ('assess' for assessment, assessments...);
    searching for those words exactly must find the same entries as the prefix query would."""
    from svtool.living import search
    from svtool.store import PREFIX_WORDS_MAX, Store, fts_query

    for summary in ("Assessment refused", "Two assessments refused", "The assessor refuses",
                    "Assess again", "Zoë's plan", "Nothing of the kind"):  # fmt: skip
        log_entry(summary=summary)
    many = " ".join(f"zz{n:02d}" for n in range(PREFIX_WORDS_MAX + 1))
    log_entry(summary="Many words", details=many)
    with Store(db_path, read_only=True) as store:
        assert store.words_beginning("assess") == [
            "assess",
            "assessment",
            "assessments",
            "assessor",
        ]
        assert store.words_beginning("ZZ0") is not None and store.words_beginning("zz") is None
        for query in ("assess", "ASSESSMENT refused", "refus assess", "zz", "zz1", "zz05",
                      "Zo", "zoë", "as", "nothing", "absent", '"assessment refused" two'):  # fmt: skip
            by_prefix = {
                row[0]
                for row in store.conn.execute(
                    "SELECT e.id FROM evidence_fts JOIN entries e ON e.seq = evidence_fts.rowid "
                    "WHERE evidence_fts MATCH ?",
                    [fts_query(query)],
                )
            }
            assert {r["id"] for r in search(store, query, limit=1000)} == by_prefix, query

"""`svtool browse`: Datasette on the database, with svtool's metadata, read-only, localhost only."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_analysis_readme import analysts_db, readme_pages  # noqa: F401 - a fixture

Run = Callable[..., Any]


def get(db: Path, path: str) -> Any:
    """A page as Datasette serves it for `svtool browse` (datasette --get, no server)."""
    pytest.importorskip("datasette")
    from svtool.analysis.browse import datasette_args, metadata

    meta = db.with_name("metadata.json")
    meta.write_text(json.dumps(metadata(db)))
    done = subprocess.run(
        [*datasette_args(db, meta), "--get", path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout) if ".json" in path else done.stdout


def json_page(path: str) -> str:
    page, _, query = path.partition("?")
    return f"{page}.json?{query}&_shape=objects" if query else f"{page}.json?_shape=objects"


def test_each_readme_page_answers_its_question(analysts_db: Path) -> None:  # noqa: F811
    by_authority, by_programme, by_strategy, search = readme_pages()
    facets = get(analysts_db, json_page(by_authority))["facet_results"]
    assert {f["value"]: f["count"] for f in facets["authority_name"]["results"]} == {
        "Devon": 2, "Essex": 1, "Hampshire": 1, "Kent": 1,
    }  # fmt: skip
    facets = get(analysts_db, json_page(by_programme))["facet_results"]
    assert {f["value"]: f["count"] for f in facets["programme"]["results"]} == {
        "safety-valve": 3, "dbv": 1, "none": 1,
    }  # fmt: skip
    page = get(analysts_db, json_page(by_strategy))
    pairs = sorted((r["strategy"], r["authority_name"]) for r in page["rows"])
    assert pairs == [
        ("delays", "Hampshire"), ("delays", "Kent"), ("hours-cap", "Kent"),
        ("refusing-assessments", "Devon"),
    ]  # fmt: skip
    found = get(analysts_db, json_page(search))["rows"]
    assert sorted(r["authority_name"] for r in found) == ["Devon", "Kent"]


def test_search_works_on_the_views_too(analysts_db: Path) -> None:  # noqa: F811
    rows = get(analysts_db, "/svtool/evidence_strategies.json?_search=therapy&_shape=objects")
    assert [(r["strategy"], r["authority_name"]) for r in rows["rows"]] == [("delays", "Hampshire")]


def test_pages_have_svtool_titles_and_descriptions(analysts_db: Path) -> None:  # noqa: F811
    index = get(analysts_db, "/svtool")
    for name in ("evidence", "authorities", "checklist_questions", "evidence_strategies"):
        assert f'href="/svtool/{name}"' in index
    for internal in ("entries", "tombstones", "entry_revisions", "svtool_reference"):
        assert f'href="/svtool/{internal}"' not in index  # hidden: svtool's own storage
    assert "hidden tables" in index
    page = get(analysts_db, "/svtool/evidence?_search=outreach")
    assert "<h1" in page and "Evidence" in page and "start here" in page
    assert "The checklist section: 1 to 6, or other" in page  # column descriptions
    assert "Assessment requests refused for outreach pupils" in page
    assert "Securing provision and support" in page


def test_it_cannot_write(analysts_db: Path) -> None:  # noqa: F811
    pytest.importorskip("datasette")
    from svtool.analysis.browse import datasette_args, metadata

    meta = analysts_db.with_name("metadata.json")
    meta.write_text(json.dumps(metadata(analysts_db)))
    done = subprocess.run(
        [*datasette_args(analysts_db, meta), "--get", "/svtool.json?sql=DELETE+FROM+evidence"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Statement must be a SELECT" in done.stdout + done.stderr
    download = subprocess.run(
        [*datasette_args(analysts_db, meta), "--get", "/svtool.db"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert download.returncode != 0 or "SQLite format 3" not in download.stdout


def test_a_clear_message_without_datasette(
    svtool: Run, log_entry: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_entry()
    from svtool.analysis import browse

    monkeypatch.setattr(browse, "datasette_installed", lambda: False)
    result = svtool("browse")
    assert result.exit_code == 1
    assert "svtool browse needs Datasette, which is not installed" in result.stderr
    assert 'pip install "svtool[browse]"' in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_server_listens_on_this_computer_only(log_entry: Any, db_path: Path) -> None:
    """The real command, in its own process: it answers on 127.0.0.1 and not on other addresses."""
    pytest.importorskip("datasette")
    log_entry()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "svtool", "--db", str(db_path), "browse", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    probe = (
        "import sys, urllib.request\n"
        "print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())\n"
    )
    url = f"http://127.0.0.1:{port}/{db_path.stem}/evidence.json?_shape=array"
    try:
        for _ in range(120):
            got = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True)
            if got.returncode == 0:
                break
            time.sleep(0.5)
        assert got.returncode == 0, got.stderr
        assert [r["authority_name"] for r in json.loads(got.stdout)] == ["Kent"]
        # A write query is refused (400) without a traceback in the terminal.
        write = f"http://127.0.0.1:{port}/{db_path.stem}?sql=DELETE+FROM+entries"
        refused = subprocess.run(
            [sys.executable, "-c", probe, write], capture_output=True, text=True
        )
        assert "HTTP Error 400" in refused.stderr
        listening = subprocess.run(
            ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True
        ).stdout
        for line in listening.splitlines():  # State Recv-Q Send-Q Local Peer
            assert line.split()[3] == f"127.0.0.1:{port}"
    finally:
        server.terminate()
        out, err = server.communicate(timeout=60)
    assert "read-only at http://127.0.0.1:" in err
    assert "Traceback" not in out + err
    assert "Statement must be a SELECT" not in out
    # Stopping svtool stopped Datasette too: nothing listens any more.
    gone = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True)
    assert gone.returncode != 0


def test_a_port_in_use_is_one_plain_line(svtool: Run, log_entry: Any) -> None:
    pytest.importorskip("datasette")
    log_entry()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = svtool("browse", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"port {port}" in result.stderr and "--port" in result.stderr
    assert "Serving" not in result.stderr

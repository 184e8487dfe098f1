"""Shell completion offers authorities, checklist ids, choices and entry ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SVTOOL = Path(sys.executable).parent / ("svtool.exe" if os.name == "nt" else "svtool")


def complete(words: str, cword: int, db: Path) -> list[str]:
    env = {
        **os.environ,
        "_SVTOOL_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    env["SVTOOL_DB"] = str(db)
    out = subprocess.run([str(SVTOOL)], env=env, capture_output=True, text=True, timeout=60)
    return [line for line in out.stdout.splitlines() if line]


pytestmark = pytest.mark.skipif(not SVTOOL.exists(), reason="needs the installed svtool script")


def test_completes_authorities_in_any_case(db_path):
    assert "Kent" in complete("svtool log --authority Ken", 3, db_path)
    assert "kent" in complete("svtool log --authority ken", 3, db_path)
    assert "886" in complete("svtool log --authority 88", 3, db_path)
    assert "Kensington-and-Chelsea" in complete("svtool log --authority Kensi", 3, db_path)


def test_completes_checklist_ids_and_choices(db_path):
    assert "1.7.1" in complete("svtool log --question 1.7", 3, db_path)
    assert complete("svtool log --strategy hou", 3, db_path) == ["hours-cap"]
    assert "special-school" in complete("svtool log --setting spe", 3, db_path)
    assert "raised-with-la" in complete("svtool list --status raised", 3, db_path)
    assert "access" in complete("svtool log --section acc", 3, db_path)


def test_completes_entry_ids(log_entry, db_path):
    entry = log_entry()
    assert complete(f"svtool show {entry['id'][:2]}", 2, db_path) == [entry["id"][:8]]
    assert complete(f"svtool edit {entry['id'][:3]}", 2, db_path) == [entry["id"][:8]]

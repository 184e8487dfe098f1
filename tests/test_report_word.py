"""Word reports as a reader sees them: what README says they hold, and tables laid out so that
names and dates read whole. Read back with python-docx (LibreOffice is not needed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_report_data import log_dataset

Svtool = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dataset(log_entry: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return log_dataset(log_entry)


def word(svtool: Svtool, tmp_path: Path, *args: str) -> Any:
    import docx

    target = tmp_path / "report.docx"
    result = svtool("report", *args, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return docx.Document(str(target))


def readme_sentence(starting: str) -> str:
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(re.escape(starting) + r".*?\.(?= [A-Z`]|$)", text)
    assert found, starting
    return found.group(0)


def test_readme_says_whether_the_word_report_has_the_map(
    svtool: Svtool, dataset: list[dict[str, Any]], tmp_path: Path
) -> None:
    document = word(svtool, tmp_path, "--all")
    pictures = len(document.inline_shapes)
    text = "\n".join(p.text for p in document.paragraphs)
    claim = readme_sentence("A Word document (`.docx`")
    if pictures:
        assert "no map" not in claim, claim
    else:
        assert "no map" in claim, claim
        # ...and the document itself says where the map is.
        assert "The HTML report (--output report.html) draws these authorities on a hex map" in text
    assert readme_sentence("**The national picture and the public figures.**").startswith(
        "**The national picture and the public figures.** A report across authorities as a web "
        "page (HTML) opens with a map"
    )

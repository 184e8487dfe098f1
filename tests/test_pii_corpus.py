"""The detector meets the issue's bar on the project's annotated corpus (dev and test parts)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "pii_corpus" / "notes.jsonl"


def _load_eval() -> Any:
    spec = importlib.util.spec_from_file_location("pii_eval", ROOT / "bench" / "pii_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_eval"] = module
    spec.loader.exec_module(module)
    return module


def _rows(prefix: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    return [r for r in rows if prefix is None or r["id"].startswith(prefix)]


def test_corpus_is_large_and_mixed() -> None:
    rows = _rows()
    assert len(rows) >= 300
    clean = [r for r in rows if not r["spans"]]
    assert 0.3 * len(rows) <= len(clean) <= 0.7 * len(rows)
    kinds = {s["kind"] for r in rows for s in r["spans"]}
    assert kinds == set(_load_eval().KINDS)
    for r in rows:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


@pytest.mark.parametrize("split", [None, "dev", "test"])
def test_bar_on_corpus(split: str | None) -> None:
    ev = _load_eval()
    res = ev.evaluate(_rows(split))
    assert res["recall_structured"] >= 0.98
    assert res["recall_names"] >= 0.92
    assert res["clean_fp_share"] <= 0.02
    for kind in ev.STRUCTURED:
        assert res["per_kind"][kind]["recall"] >= 0.95, kind

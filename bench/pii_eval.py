"""Measure the personal-data detector on a JSON-lines corpus of annotated notes.

Usage: python bench/pii_eval.py [CORPUS.jsonl] [--split dev|test] [--no-timing] [--check]
                                [--show-misses] [--notes N]

Each line is {"id": ..., "text": ..., "spans": [{"start", "end", "kind"}]}. A gold span counts as
found when a finding of the same kind overlaps it; for the bar, child_name and adult_name count as
one "name" kind (the confusion between them is reported separately).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from svtool.pii import KINDS, Finding, find_personal_data  # noqa: E402

STRUCTURED = ("upn", "uln", "nhs_number", "ni_number", "postcode", "email", "phone")
NAMES = ("child_name", "adult_name")
BAR = {"structured": 0.95, "names": 0.85, "clean_fp": 0.05}


def _group(kind: str) -> str:
    return "name" if kind in NAMES else kind


def _overlaps(a_start: int, a_end: int, b: Finding) -> bool:
    return b.start < a_end and a_start < b.end


def evaluate(rows: list[dict[str, Any]], show_misses: bool = False) -> dict[str, Any]:
    strict: Counter[str] = Counter()
    grouped: Counter[str] = Counter()
    any_kind: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    findings_total = findings_true = clean = clean_flagged = 0
    for row in rows:
        text = row["text"]
        found = find_personal_data(text)
        gold = row["spans"]
        findings_total += len(found)
        findings_true += sum(
            1 for f in found if any(_overlaps(g["start"], g["end"], f) for g in gold)
        )
        if not gold:
            clean += 1
            if found:
                clean_flagged += 1
                if show_misses:
                    print(f"FP  {row['id']}: {[(f.text, f.kind) for f in found]}")
        for g in gold:
            kind = g["kind"]
            totals[kind] += 1
            hits = [f for f in found if _overlaps(g["start"], g["end"], f)]
            if any(f.kind == kind for f in hits):
                strict[kind] += 1
            if any(_group(f.kind) == _group(kind) for f in hits):
                grouped[kind] += 1
            if hits:
                any_kind[kind] += 1
            if kind in NAMES:
                for f in hits:
                    if f.kind in NAMES and f.kind != kind:
                        confusion[(kind, f.kind)] += 1
            if show_misses and not any(_group(f.kind) == _group(kind) for f in hits):
                snippet = text[max(0, g["start"] - 40) : g["end"] + 30].replace("\n", " ")
                print(f"MISS {kind:13s} {text[g['start'] : g['end']]!r:28s} …{snippet}…")
        if show_misses and gold:
            for f in found:
                if not any(_overlaps(g["start"], g["end"], f) for g in gold):
                    print(f"FP  {row['id']}: {f.text!r} ({f.kind})")

    def ratio(num: int, den: int) -> float:
        return num / den if den else 1.0

    def pooled(counter: Counter[str], kinds: tuple[str, ...]) -> float:
        return ratio(sum(counter[k] for k in kinds), sum(totals[k] for k in kinds))

    return {
        "notes": len(rows),
        "clean_notes": clean,
        "per_kind": {
            k: {
                "gold": totals[k],
                "recall": ratio(strict[k], totals[k]),
                "recall_name_group": ratio(grouped[k], totals[k]),
                "recall_any_kind": ratio(any_kind[k], totals[k]),
            }
            for k in KINDS
        },
        "recall_structured": pooled(grouped, STRUCTURED),
        "recall_names": pooled(grouped, NAMES),
        "recall_overall": pooled(grouped, KINDS),
        "recall_overall_strict": pooled(strict, KINDS),
        "recall_overall_any_kind": pooled(any_kind, KINDS),
        "precision": ratio(findings_true, findings_total),
        "clean_fp_share": clean_flagged / clean if clean else 0.0,
        "name_confusion": {f"{a}->{b}": n for (a, b), n in confusion.items()},
    }


def build_notes(rows: list[dict[str, Any]], n_notes: int = 10_000, size: int = 1000) -> list[str]:
    """``n_notes`` notes of about ``size`` characters, each stitched from several corpus notes."""
    texts = [r["text"] for r in rows]
    notes: list[str] = []
    i = 0
    while len(notes) < n_notes:
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(texts[i % len(texts)])
            i += 7
        notes.append(" ".join(parts)[:size])
    return notes


def timing(
    rows: list[dict[str, Any]], n_notes: int = 10_000, size: int = 1000
) -> tuple[float, float, int]:
    """Wall and CPU seconds to scan ``n_notes`` notes of about ``size`` characters."""
    notes = build_notes(rows, n_notes, size)
    find_personal_data(notes[0])  # load data files once, as a long-running scan would
    start, cpu = time.perf_counter(), time.process_time()
    for note in notes:
        find_personal_data(note)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, sum(len(n) for n in notes) // len(notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "tests/pii_corpus/notes.jsonl"))
    parser.add_argument("--split", choices=["dev", "test"], help="only ids starting with this")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--notes", type=int, default=10_000, help="notes for the timing run")
    parser.add_argument("--check", action="store_true", help="exit 1 if the bar is not met")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    with Path(args.corpus).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if args.split:
        rows = [r for r in rows if str(r["id"]).startswith(args.split)]
    res = evaluate(rows, args.show_misses)
    print(
        f"corpus: {args.corpus} ({res['notes']} notes, {res['clean_notes']} without personal data)"
    )
    print(f"{'kind':14s} {'gold':>5s} {'recall':>7s} {'name-grp':>9s} {'any-kind':>9s}")
    for kind, r in res["per_kind"].items():
        print(
            f"{kind:14s} {r['gold']:5d} {r['recall']:7.3f} "
            f"{r['recall_name_group']:9.3f} {r['recall_any_kind']:9.3f}"
        )
    print(
        f"recall structured identifiers (bar {BAR['structured']}): {res['recall_structured']:.3f}"
    )
    print(f"recall names, child/adult either (bar {BAR['names']}): {res['recall_names']:.3f}")
    print(
        f"recall overall: {res['recall_overall']:.3f} (strict kind {res['recall_overall_strict']:.3f},"
        f" any kind {res['recall_overall_any_kind']:.3f})"
    )
    print(f"precision: {res['precision']:.3f}")
    print(f"clean notes with any finding (bar <= {BAR['clean_fp']}): {res['clean_fp_share']:.3f}")
    print(f"child/adult confusion: {res['name_confusion'] or 'none'}")
    if not args.no_timing:
        secs, cpu, avg = timing(rows, args.notes)
        print(
            f"scan time: {secs:.2f} s ({cpu:.2f} s CPU) for {args.notes} notes of ~{avg} characters"
        )
    ok = (
        res["recall_structured"] >= BAR["structured"]
        and res["recall_names"] >= BAR["names"]
        and res["clean_fp_share"] <= BAR["clean_fp"]
    )
    print("bar met" if ok else "BAR NOT MET")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())

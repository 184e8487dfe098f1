"""Realistic svtool databases for benchmarks: `ensure_db(n)` builds one of n entries once and caches it.

Entries are spread over all the authorities in svtool's list and over 2019-2026, with plausible
proportions of sections, questions, strategies, settings, sources and impacts, and evidence notes
of about 300-1,000 characters (`notes.py`). About one entry in ten carries personal data that slipped
in (a child's name, a phone number, a UPN...), and every entry's stored personal-data scan is the
detector's real answer for its text (each distinct text is scanned once), as `log` would store it;
so reports and exports find, count and redact real findings. The schema comes from opening
`svtool.store.Store` (so migrations run); rows then go in with plain sqlite3 executemany, in large
transactions. Deterministic for a given n.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from svtool import checklist as cl
from svtool.authorities import all_authorities
from svtool.migrations import KNOWN
from svtool.privacy import detector_version, scan_record, scan_spans
from svtool.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notes

CACHE = Path(__file__).resolve().parent / ".cache"
DATA_VERSION = 4  # changes whenever the generated data does, so the cache is rebuilt
BATCH = 50_000
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 6, 30)

SECTION_WEIGHTS = {"1": 15, "2": 34, "3": 20, "4": 12, "5": 7, "6": 6, "other": 6}
SETTING_WEIGHTS = (30, 26, 3, 12, 6, 5, 4, 4, 8, 2)
SOURCE_WEIGHTS = (35, 25, 10, 9, 4, 8, 6, 3)
STRATEGY_WEIGHTS = (22, 24, 16, 26, 10, 2)
SUMMARIES, DETAILS = 2_000, 4_000  # distinct texts, each scanned once by the detector
PERSONAL_SUMMARIES, PERSONAL_DETAILS = 0.03, 0.10  # how many carry personal data
RARE_DETAILS = 2  # details that mention a tribunal: a rare word for the search benchmark


def _rows(n: int, seed: int = 20190101) -> object:
    """Yield batches of (entry rows, question links, strategy links, impact links, tag links)."""
    rng = random.Random(seed)
    las = list(all_authorities())
    # Some authorities have more active reps than others (up to 4 times as many entries).
    la_weights = [0.5 + 1.5 * rng.random() for _ in las]
    sections = list(SECTION_WEIGHTS)
    section_w = list(SECTION_WEIGHTS.values())
    by_section = {s.id: [q.id for q in s.questions] for s in cl.SECTIONS}
    settings = cl.choice_ids(cl.SETTINGS)
    sources = cl.choice_ids(cl.SOURCES)
    strategies = cl.choice_ids(cl.STRATEGIES)
    impacts = cl.choice_ids(cl.IMPACTS)
    days = (LAST_DAY - FIRST_DAY).days
    summaries = [
        notes.summary(rng, personal=rng.random() < PERSONAL_SUMMARIES) for _ in range(SUMMARIES)
    ]
    details = [
        notes.note(rng, 300, 1_000, personal=rng.random() < PERSONAL_DETAILS, rare=i < RARE_DETAILS)
        for i in range(DETAILS)
    ]
    # The detector's real findings for each distinct text (per field, as privacy.scan_spans).
    summary_spans = [scan_spans({"summary": t}).get("summary") for t in summaries]
    details_spans = [scan_spans({"details": t}).get("details") for t in details]
    tag_spans = scan_spans({"tags": ["bench"]}).get("tags")
    seq = 0
    while seq < n:
        size = min(BATCH, n - seq)
        entries, qs, ss, ims, tags = [], [], [], [], []
        chosen = rng.choices(las, weights=la_weights, k=size)
        secs = rng.choices(sections, weights=section_w, k=size)
        for a, section in zip(chosen, secs, strict=True):
            seq += 1
            own = by_section[section]
            questions = sorted(
                set(rng.choices(own, k=1 if rng.random() < 0.75 else 2)), key=own.index
            )
            strats = (
                sorted(set(rng.choices(strategies, weights=STRATEGY_WEIGHTS, k=rng.randint(1, 2))))
                if "2.1" in questions
                else []
            )
            imps = sorted(set(rng.choices(impacts, k=rng.randint(0, 3))))
            tag = ["bench"] if rng.random() < 0.1 else []
            when = FIRST_DAY + timedelta(days=int(days * rng.random() ** 0.7))
            row = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "revision": 1,
                "authority_code": a.la_code,
                "authority_name": a.name,
                "programme": a.programme,
                "section": section,
                "questions": _json(questions),
                "strategies": _json(strats),
                "summary": summaries[(s_at := rng.randrange(SUMMARIES))],
                "details": details[(d_at := rng.randrange(DETAILS))],
                "occurred_on": when.isoformat(),
                "setting": rng.choices(settings, weights=SETTING_WEIGHTS)[0],
                "source": rng.choices(sources, weights=SOURCE_WEIGHTS)[0],
                "learners_affected": rng.randint(1, 40) if rng.random() < 0.4 else None,
                "staff_affected": rng.randint(1, 12) if rng.random() < 0.3 else None,
                "impacts": _json(imps),
                "tags": _json(tag),
                "logged_at": f"{when.isoformat()}T12:00:00.000000Z",
                "timescale_extended": None,
                "stricter_targets": None,
                "posts_cut": None,
                "roles_cut": "[]",
                "staff_left": None,
                "consulted": "[]",
            }
            # What `log` stores: the detector's scan of exactly this text.
            spans = {
                name: found
                for name, found in (
                    ("summary", summary_spans[s_at]),
                    ("details", details_spans[d_at]),
                    ("tags", tag_spans if tag else None),
                )
                if found
            }
            values = {
                "summary": row["summary"],
                "details": row["details"],
                "outcome": "",
                "tags": tag,
            }
            row["pii_scan"] = scan_record(values, spans)
            entries.append((seq, *row.values()))
            qs.extend((seq, q) for q in questions)
            ss.extend((seq, s) for s in strats)
            ims.extend((seq, i) for i in imps)
            tags.extend((seq, t) for t in tag)
        yield entries, qs, ss, ims, tags


COLUMNS = (
    "id", "revision", "authority_code", "authority_name", "programme", "section", "questions",
    "strategies", "summary", "details", "occurred_on", "setting", "source", "learners_affected",
    "staff_affected", "impacts", "tags", "logged_at", "timescale_extended", "stricter_targets",
    "posts_cut", "roles_cut", "staff_left", "consulted", "pii_scan",
)  # fmt: skip
# The cache is rebuilt when the schema or the detector changes, so a benchmark never times a
# migration, nor a rescan of scans made by another detector.
SCHEMA = KNOWN[-1]


def _json(values: list[str]) -> str:
    return "[" + ",".join(f'"{v}"' for v in values) + "]"


def build(path: Path, n: int) -> None:
    Store(path).close()  # creates the schema through svtool's own migrations
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    cols = ",".join(("seq", *COLUMNS))
    marks = ",".join("?" * (len(COLUMNS) + 1))
    started = time.monotonic()
    done = 0
    for entries, qs, ss, ims, tags in _rows(n):  # type: ignore[attr-defined]
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO entries ({cols}) VALUES ({marks})", entries)
        for table, column, links in (
            ("entry_questions", "question", qs),
            ("entry_strategies", "strategy", ss),
            ("entry_impacts", "impact", ims),
            ("entry_tags", "tag", tags),
        ):
            conn.executemany(f"INSERT INTO {table} (entry_seq, {column}) VALUES (?, ?)", links)
        conn.execute("COMMIT")
        done += len(entries)
        rate = done / max(time.monotonic() - started, 1e-9)
        print(
            f"\rbench data: {done:,}/{n:,} entries ({rate:,.0f}/s)",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _entries(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def ensure_db(n: int) -> Path:
    """The cached database of n entries, built first if needed (under bench/.cache/)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    # The stored scans are only used by the detector that made them: a new one means new data.
    path = CACHE / f"svtool-{n}-{SCHEMA}-v{DATA_VERSION}-{detector_version()}.db"
    if path.exists():
        if _entries(path) == n:
            return path
        # A benchmark that writes to the cache (start-up's `log`) removes what it added; if it
        # could not, or removed more, the figures would not be for n entries: build it again.
        print(f"bench data: {path.name} no longer holds {n:,} entries", file=sys.stderr)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    tmp = CACHE / f".building-{os.getpid()}-{path.name}"
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    print(f"bench data: building {path.name} (once; cached in {CACHE})", file=sys.stderr)
    build(tmp, n)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.replace(path)
    return path


if __name__ == "__main__":
    print(ensure_db(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000))

"""Shell completion: the values a rep can type, offered on Tab (`svtool --install-completion`).

Kept cheap: reference lists come from the checklist and authorities modules; entry ids come from
one indexed query on the database, opened read-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import typer

from svtool import checklist as cl


def _matching(values: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Case-insensitive; typed in lower case, values are offered in lower case (svtool accepts any)."""
    folded = incomplete.casefold()
    lower = incomplete == folded
    return [(v.casefold() if lower else v, h) for v, h in values if v.casefold().startswith(folded)]


def authorities(incomplete: str) -> list[tuple[str, str]]:
    from svtool.authorities import all_authorities

    # Hyphens for spaces: a shell completes one word, and svtool reads "Kensington-and-Chelsea" fine.
    values = [
        (a.name.replace(" ", "-").replace(",", ""), f"{a.la_code} {a.programme_name}")
        for a in all_authorities()
    ]
    values += [(a.la_code, a.name) for a in all_authorities()]
    return _matching(values, incomplete)


def sections(incomplete: str) -> list[tuple[str, str]]:
    values = [(s.id, s.short_title) for s in cl.SECTIONS]
    values += [(w, s.short_title) for s in cl.SECTIONS for w in s.words]
    return _matching(values, incomplete)


def questions(incomplete: str) -> list[tuple[str, str]]:
    return _matching([(q.id, q.text[:60]) for s in cl.SECTIONS for q in s.questions], incomplete)


def _choices(choices: tuple[cl.Choice, ...]) -> Callable[[str], list[tuple[str, str]]]:
    def complete(incomplete: str) -> list[tuple[str, str]]:
        return _matching([(c.id, c.text[:60]) for c in choices], incomplete)

    return complete


strategies = _choices(cl.STRATEGIES)
settings = _choices(cl.SETTINGS)
sources = _choices(cl.SOURCES)
impacts = _choices(cl.IMPACTS)
statuses = _choices(cl.FOLLOW_UP_STATUSES)
roles = _choices(cl.ROLES)
consultees = _choices(cl.CONSULTEES)


def entry_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from svtool.paths import resolve_db_path

    root = ctx.find_root()
    db = resolve_db_path(root.params.get("db") if root.params else None)
    if not db.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute(
                "SELECT id, summary FROM entries WHERE id LIKE ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT 50",
                [incomplete.lower() + "%"],
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [(r[0][:8] if len(incomplete) < 8 else r[0], r[1][:60]) for r in rows]


def entry_id_argument(help_text: str = "The entry's id, or its first 6 or more characters.") -> Any:
    """The ID argument every entry command takes, declared once."""
    return typer.Argument(..., metavar="ID", help=help_text, autocompletion=entry_ids)

"""Shell completion: the values a rep can type, offered on Tab (`svtool --install-completion`).

Kept cheap: reference lists come from the checklist and authorities modules; entry ids come from
the store's one indexed query on the database, opened read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from svtool import checklist as cl
from svtool.quickcomplete import matching


def authority_values() -> list[tuple[str, str]]:
    from svtool.authorities import all_authorities

    # Hyphens for spaces: a shell completes one word, and svtool reads "Kensington-and-Chelsea" fine.
    values = [
        (a.name.replace(" ", "-").replace(",", ""), f"{a.la_code} {a.programme_name}")
        for a in all_authorities()
    ]
    return values + [(a.la_code, a.name) for a in all_authorities()]


def section_values() -> list[tuple[str, str]]:
    values = [(s.id, s.short_title) for s in cl.SECTIONS]
    return values + [(w, s.short_title) for s in cl.SECTIONS for w in s.words]


def question_values() -> list[tuple[str, str]]:
    return [(q.id, q.text[:60]) for s in cl.SECTIONS for q in s.questions]


def _choice_values(choices: tuple[cl.Choice, ...]) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(c.id, c.text[:60]) for c in choices]


# Every fixed list offered on Tab, by completer name (also stored in svtool/_completion.py).
VALUES: dict[str, Callable[[], list[tuple[str, str]]]] = {
    "authorities": authority_values,
    "sections": section_values,
    "questions": question_values,
    "strategies": _choice_values(cl.STRATEGIES),
    "settings": _choice_values(cl.SETTINGS),
    "sources": _choice_values(cl.SOURCES),
    "impacts": _choice_values(cl.IMPACTS),
    "statuses": _choice_values(cl.FOLLOW_UP_STATUSES),
    "roles": _choice_values(cl.ROLES),
    "consultees": _choice_values(cl.CONSULTEES),
}


def _completer(name: str) -> Callable[[str], list[tuple[str, str]]]:
    def complete(incomplete: str) -> list[tuple[str, str]]:
        return matching(VALUES[name](), incomplete)

    complete.__name__ = name
    return complete


authorities = _completer("authorities")
sections = _completer("sections")
questions = _completer("questions")
strategies = _completer("strategies")
settings = _completer("settings")
sources = _completer("sources")
impacts = _completer("impacts")
statuses = _completer("statuses")
roles = _completer("roles")
consultees = _completer("consultees")


def entry_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from svtool.paths import resolve_db_path
    from svtool.store import ids_starting

    root = ctx.find_root()
    db = resolve_db_path(root.params.get("db") if root.params else None)
    rows = ids_starting(db, incomplete)
    return [(i[:8] if len(incomplete) < 8 else i, summary[:60]) for i, summary in rows]


def entry_id_argument(help_text: str = "The entry's id, or its first 6 or more characters.") -> Any:
    """The ID argument every entry command takes, declared once."""
    return typer.Argument(..., metavar="ID", help=help_text, autocompletion=entry_ids)

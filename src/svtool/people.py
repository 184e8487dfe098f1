"""The rep's people register: the names a rep knows they will write about.

Pupils, parents and colleagues a rep writes about are always found, whatever the detector's
lists say: in any case, whole or in part ('Jayden', "Okafor's mum"). The register is a small
file beside the database (`<database>-people.json`, readable only by the rep) and is read by
nothing that leaves the computer: no bundle, export, report or log holds it, only the
placeholders it puts in place of the names ('[child]', '[parent]', '[staff]', '[name]').
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from svtool.errors import BadInput, Problem

if TYPE_CHECKING:
    from svtool.pii.register import Register

ROLES = ("child", "parent", "staff", "other")
MAX_NAME = 80
FORMAT = 1


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    @property
    def kind(self) -> str:
        """The detector's kind: a child's name, or any adult's."""
        return "child_name" if self.role == "child" else "adult_name"

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


def placeholder(role: str) -> str:
    """What a name of this role becomes wherever evidence leaves the computer ('[parent]')."""
    from svtool.pii.placeholders import ROLE_PLACEHOLDERS  # the detector's, read when needed

    return ROLE_PLACEHOLDERS[role]


def register_path(db_path: Path) -> Path:
    from svtool.paths import people_register_path

    return people_register_path(db_path)


def clean_name(name: str) -> str:
    """One line of letters, spaces and the marks names use, without a title ('Mrs'): titles are
    never part of a registered name, or 'Mr/Mrs/Ms' would read 'Mr/[parent]/Ms'. BadInput says
    what is wrong."""
    from svtool.pii.register import REGISTER_TITLES

    cleaned = " ".join(name.split())
    if not cleaned:
        raise BadInput(Problem("NAME", "give a name, e.g. 'Jayden Okafor'"))
    if len(cleaned) > MAX_NAME:
        raise BadInput(Problem("NAME", f"at most {MAX_NAME} characters"))
    if not any(c.isalpha() for c in cleaned) or any(
        not (c.isalpha() or c in " '’-.") for c in cleaned
    ):
        raise BadInput(Problem("NAME", "letters, spaces, apostrophes, hyphens and full stops only"))
    words = cleaned.split()
    kept = [w for w in words if w.strip(".").casefold() not in REGISTER_TITLES]
    if not kept:
        raise BadInput(Problem("NAME", f"{cleaned!r} is a title; give the name, e.g. 'Jo Okafor'"))
    if not any(sum(c.isalpha() for c in w) >= 2 for w in kept):
        raise BadInput(
            Problem(
                "NAME",
                f"{' '.join(kept)!r} has no part of two letters or more, and a single letter is "
                "never looked for (it would be found in every sentence); give the name in full",
            )
        )
    return " ".join(kept)


def titles_in(name: str) -> list[str]:
    """The titles a name was typed with ('Mrs'), which the register leaves out."""
    from svtool.pii.register import REGISTER_TITLES

    return [w for w in name.split() if w.strip(".").casefold() in REGISTER_TITLES]


def everyday_parts(name: str) -> list[str]:
    """The parts of a name that are also everyday words ('Will', 'May'): found alone only where
    they read as a name."""
    from svtool.pii.register import is_everyday_word, name_parts

    return [p for p in name_parts(name) if is_everyday_word(p)]


def check_role(role: str) -> str:
    low = role.strip().lower()
    if low not in ROLES:
        raise BadInput(Problem("--role", f"one of {', '.join(ROLES)} (not {role!r})"))
    return low


def load(path: Path) -> list[Person]:
    """The register, or an empty one when there is no file yet."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        from svtool.errors import SvtoolError

        raise SvtoolError(
            f"The people register {path} cannot be read ({e})",
            hint="Run `svtool doctor`; `svtool purge --people` removes a damaged register.",
        ) from e
    people = raw.get("people", []) if isinstance(raw, dict) else []
    return [
        Person(str(p["name"]), str(p["role"]))
        for p in people
        if isinstance(p, dict) and p.get("role") in ROLES and isinstance(p.get("name"), str)
    ]


def save(path: Path, people: list[Person]) -> None:
    from svtool.paths import make_private_dir, replace_private

    make_private_dir(path.parent)
    body = {"format": FORMAT, "people": [p.as_json() for p in sorted(people, key=_order)]}
    replace_private(path, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")


def _order(p: Person) -> tuple[str, str]:
    return (p.name.casefold(), p.role)


@dataclass(frozen=True)
class Added:
    """What `add` did: the person as registered, whether the register changed, and the role it
    had before when the name was there with another."""

    person: Person
    changed: bool
    old_role: str | None = None


def add(path: Path, name: str, role: str = "child") -> Added:
    """Add a name (or change its role)."""
    person = Person(clean_name(name), check_role(role))
    people = load(path)
    same = [p for p in people if p.name.casefold() == person.name.casefold()]
    if same and same[0].role == person.role:
        return Added(same[0], False)
    if same:  # a new role for a name already there: kept as first written
        person = Person(same[0].name, person.role)
    save(path, [p for p in people if p not in same] + [person])
    return Added(person, True, same[0].role if same else None)


def remove(path: Path, name: str) -> Person | None:
    cleaned = " ".join(name.split()).casefold()
    people = load(path)
    gone = [p for p in people if p.name.casefold() == cleaned]
    if not gone:
        return None
    save(path, [p for p in people if p not in gone])
    return gone[0]


def forget(path: Path) -> bool:
    """Delete the register (its bytes overwritten first, as far as the file system allows)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with path.open("r+b") as fh:
        fh.write(b"\0" * size)
        fh.flush()
        import os

        os.fsync(fh.fileno())
    path.unlink()
    return True


def forget_everywhere(db_path: Path) -> tuple[bool, int]:
    """Delete the register beside the database and the copies `svtool backup` put in the backups
    folder beside it; returns whether there was a register and how many copies were deleted."""
    from svtool.backup import people_register_copies

    copies = people_register_copies(db_path)
    return forget(register_path(db_path)), sum(forget(copy) for copy in copies)


def digest(people: list[Person]) -> str:
    """Changes whenever the register does: scans made with another register are made again."""
    h = hashlib.sha256()
    for p in sorted(people, key=_order):
        h.update(f"{p.role}\0{p.name.casefold()}\n".encode())
    return h.hexdigest()[:16] if people else ""


def compiled(people: list[Person]) -> Register | None:
    """The register as the detector takes it, or None when it is empty."""
    if not people:
        return None
    from svtool.pii.register import Register

    return Register((p.name, p.kind, placeholder(p.role)) for p in people)


def for_database(db_path: Path) -> tuple[Register | None, str]:
    """The register beside a database, compiled, and its digest (for scan records)."""
    people = load(register_path(db_path))
    return compiled(people), digest(people)


# -- the register of the database this process works on ------------------------------------------
# One svtool command works on one database, and every scan it makes (at entry, in `scan`, in
# exports and reports) must use that database's register. The command activates it once when
# it opens the database; the privacy functions then use it unless given another.

_ACTIVE: list[tuple[Register | None, str]] = []
_ACTIVE_DB: list[Path] = []


def activate(db_path: Path) -> None:
    _ACTIVE[:] = [for_database(db_path)]
    _ACTIVE_DB[:] = [db_path]


def reactivate() -> None:
    """Read the active database's register again (after adding to it)."""
    if _ACTIVE_DB:
        activate(_ACTIVE_DB[0])


def deactivate() -> None:
    _ACTIVE.clear()
    _ACTIVE_DB.clear()


def active_register_path() -> Path | None:
    """Where the active database's register is (for adding to it), if a database is open."""
    return register_path(_ACTIVE_DB[0]) if _ACTIVE_DB else None


def active() -> tuple[Register | None, str]:
    """The active register and its digest, or (None, '') when there is none."""
    return _ACTIVE[0] if _ACTIVE else (None, "")

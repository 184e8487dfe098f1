"""What the law says: the duties each practice in the evidence may engage (package data `law.toml`).

Every citation comes from a row of the project's legal note marked H or M (tests/test_law.py checks
each one against the note), and is worded as the note's rules ask: a practice *may engage* a duty,
or the law *requires* something of authorities in general; never that an authority is breaking the law.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from svtool.paths import data_file

LAW_FILE = "law.toml"
# How the brief introduces the law, and what it must always say with it.
CAUTION = (
    "This is a summary, not legal advice. Each practice below may engage the duties shown; only a "
    "tribunal, a court or the Local Government and Social Care Ombudsman can decide whether the law "
    "has been broken in a particular case. Families can get advice from IPSEA, their local SENDIASS "
    "or a solicitor."
)


@dataclass(frozen=True)
class Duty:
    """One provision of an Act or Regulations, as the brief cites it."""

    id: str
    law: str  # "Children and Families Act 2014"
    abbrev: str  # how the legal note writes the law: CFA, Regs, EqA, Education Act 1996
    section: str  # "42"
    url: str  # on legislation.gov.uk
    summary: str  # one line in plain English
    quote: str = ""  # wording from the note's Quotes, if any

    @property
    def citation(self) -> str:
        """'Children and Families Act 2014, section 42' or '... Regulations 2014, regulation 13'."""
        word = "regulation" if "Regulations" in self.law else "section"
        return f"{self.law}, {word} {self.section}"


@dataclass(frozen=True)
class Law:
    duties: dict[str, Duty]
    practices: dict[str, tuple[str, ...]]  # practice id -> duty ids
    rows: dict[str, str]  # practice id -> the legal note's row id

    def duties_for(self, practice: str) -> tuple[Duty, ...]:
        return tuple(self.duties[d] for d in self.practices.get(practice, ()))


def _read_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    data: dict[str, Any] = tomllib.loads(text)
    return data


def parse(text: str) -> Law:
    data = _read_toml(text)
    duties = {
        key: Duty(
            id=key,
            law=d["law"],
            abbrev=d["abbrev"],
            section=d["section"],
            url=d["url"],
            summary=d["summary"],
            quote=d.get("quote", ""),
        )
        for key, d in data["duty"].items()
    }
    practices = {key: tuple(p["duties"]) for key, p in data["practice"].items()}
    for key, ids in practices.items():
        unknown = [d for d in ids if d not in duties]
        if unknown:
            raise ValueError(f"{LAW_FILE}: practice {key} names unknown duties {unknown}")
    return Law(duties, practices, {key: p["row"] for key, p in data["practice"].items()})


@cache
def load() -> Law:
    return parse(data_file(LAW_FILE).read_text(encoding="utf-8"))

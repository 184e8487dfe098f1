"""The 153 English local authorities with education responsibilities, and what a rep may type for one.

The list ships as data/authorities.csv. Head office can publish a newer list: a file called
authorities.csv in the user's config folder takes precedence, once it passes the same checks.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from svtool.errors import BadInput, Problem, SvtoolError
from svtool.paths import config_dir, data_file

COLUMNS = (
    "la_code",
    "ons_code",
    "name",
    "region",
    "la_type",
    "programme",
    "programme_since",
    "source_note",
)
PROGRAMMES = ("safety_valve", "dbv", "none")
PROGRAMME_WORDS = {
    "safety-valve": "safety_valve",
    "safety_valve": "safety_valve",
    "safetyvalve": "safety_valve",
    "sv": "safety_valve",
    "dbv": "dbv",
    "delivering-better-value": "dbv",
    "none": "none",
    "neither": "none",
}
PROGRAMME_NAMES = {
    "safety_valve": "Safety Valve",
    "dbv": "Delivering Better Value",
    "none": "neither programme",
}
_ONS_CODE = re.compile(r"^E(06|07|08|09|10)\d{6}$")
_LA_CODE = re.compile(r"^\d{3}$")
_PREFIXES = (
    "royal borough of ",
    "london borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "city of ",
    "county of ",
    "county ",
    "the ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " county borough council",
    " county council",
    " city council",
    " borough council",
    " district council",
    " unitary authority",
    " council",
    " metropolitan borough",
    " borough",
    " la",
)
_ALIASES = {"bcp": "839", "hull": "810", "durham": "840"}


@dataclass(frozen=True)
class Authority:
    la_code: str
    ons_code: str
    name: str
    region: str
    la_type: str
    programme: str
    programme_since: str
    source_note: str

    @property
    def programme_name(self) -> str:
        return PROGRAMME_NAMES[self.programme]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["programme_since"] = self.programme_since or None
        return data


def normalise(text: str) -> str:
    """Fold the ways people write an authority's name into one form."""
    t = text.casefold().strip()
    t = t.replace("&", " and ").replace("’", "'")
    # The official "Bristol, City of" and "Herefordshire, County of" forms.
    m = re.match(r"^(.*),\s*(city|county|city and county) of$", t)
    if m:
        t = f"{m.group(2)} of {m.group(1)}"
    t = re.sub(r"\bsaint\b", "st", t)
    t = re.sub(r"[^\w\s]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if t.startswith(p) and len(t) > len(p):
                t, changed = t[len(p) :], True
        for s in _SUFFIXES:
            if t.endswith(s) and len(t) > len(s):
                t, changed = t[: -len(s)], True
    return t


def _full_form(text: str) -> str:
    t = text.casefold().replace("&", " and ")
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _validate_rows(rows: list[dict[str, str]], path: Path) -> list[Authority]:
    problems: list[str] = []
    result: list[Authority] = []
    seen_codes: set[str] = set()
    seen_ons: set[str] = set()
    for n, row in enumerate(rows, start=2):
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        where = f"line {n}"
        if not _LA_CODE.match(values["la_code"]):
            problems.append(f"{where}: la_code {values['la_code']!r} is not a 3-digit DfE code")
        if not _ONS_CODE.match(values["ons_code"]):
            problems.append(f"{where}: ons_code {values['ons_code']!r} is not an English ONS code")
        if not values["name"]:
            problems.append(f"{where}: the name is empty")
        if not values["region"]:
            problems.append(f"{where}: the region is empty")
        if values["programme"] not in PROGRAMMES:
            problems.append(
                f"{where}: programme {values['programme']!r} should be one of {', '.join(PROGRAMMES)}"
            )
        if values["la_code"] in seen_codes:
            problems.append(f"{where}: la_code {values['la_code']} appears twice")
        if values["ons_code"] in seen_ons:
            problems.append(f"{where}: ons_code {values['ons_code']} appears twice")
        seen_codes.add(values["la_code"])
        seen_ons.add(values["ons_code"])
        result.append(Authority(**values))
    if not result:
        problems.append("the file holds no authorities")
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise SvtoolError(
            f"The authorities list {path} is not valid: {shown}",
            hint="Fix the file or remove it to use the list that ships with svtool.",
        )
    return result


def load_csv(path: Path) -> list[Authority]:
    import csv

    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                from svtool.words import plural

                raise SvtoolError(
                    f"The authorities list {path} lacks {plural(len(missing), 'the column')} {', '.join(missing)}",
                    hint=f"Its first line must name these columns: {','.join(COLUMNS)}",
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise SvtoolError(f"Cannot read the authorities list {path}: {e}") from e
    return _validate_rows(rows, path)


def override_path() -> Path:
    return config_dir() / "authorities.csv"


def source_path() -> Path:
    """The list in use: head office's newer list in the config folder, else the packaged one."""
    override = override_path()
    return override if override.is_file() else data_file("authorities.csv")


@cache
def all_authorities() -> tuple[Authority, ...]:
    return tuple(load_csv(source_path()))


@cache
def _index() -> tuple[dict[str, list[Authority]], dict[str, Authority], dict[str, Authority]]:
    by_key: dict[str, list[Authority]] = {}
    by_code = {a.la_code: a for a in all_authorities()}
    by_ons = {a.ons_code.upper(): a for a in all_authorities()}
    for a in all_authorities():
        for key in {normalise(a.name), _full_form(a.name)}:
            by_key.setdefault(key, []).append(a)
    for alias, code in _ALIASES.items():
        if code in by_code:
            by_key.setdefault(alias, []).append(by_code[code])
    return by_key, by_code, by_ons


def by_code(la_code: str) -> Authority | None:
    return _index()[1].get(la_code)


def find(query: str) -> list[Authority]:
    """Every authority the text could mean: exact forms first; else whole words of a name."""
    q = query.strip()
    by_key, codes, ons = _index()
    if q in codes:
        return [codes[q]]
    if q.upper() in ons:
        return [ons[q.upper()]]
    for key in (normalise(q), _full_form(q)):
        if key in by_key:
            return list(dict.fromkeys(by_key[key]))
    key = normalise(q)
    if not key:
        return []
    pattern = re.compile(rf"(^|\s){re.escape(key)}($|\s)")
    partial = [a for a in all_authorities() if pattern.search(_full_form(a.name))]
    return partial


def suggestions(query: str, limit: int = 3) -> list[str]:
    import difflib

    names = {normalise(a.name): a.name for a in all_authorities()}
    close = difflib.get_close_matches(normalise(query), list(names), n=limit, cutoff=0.6)
    return [names[c] for c in close]


def resolve(query: str, option: str = "--authority") -> Authority:
    """The one authority a rep meant, or a BadInput that says what would be right."""
    if not query or not query.strip():
        raise BadInput(
            Problem(option, "no authority given; type its name (e.g. Kent) or DfE code (e.g. 886)")
        )
    matches = find(query)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{a.name} ({a.la_code})" for a in matches[:8])
        more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
        raise BadInput(
            Problem(
                option,
                f"{query!r} matches several authorities: {listed}{more}; give the name or DfE code",
            )
        )
    close = suggestions(query)
    hint = (
        f"did you mean {' or '.join(close)}?" if close else "see `svtool authorities` for the list"
    )
    raise BadInput(Problem(option, f"no English local authority matches {query!r}; {hint}"))


def parse_programme(value: str, option: str = "--programme") -> str:
    key = value.strip().casefold().replace(" ", "-")
    if key in PROGRAMME_WORDS:
        return PROGRAMME_WORDS[key]
    raise BadInput(Problem(option, f"{value!r} is not a programme; use safety-valve, dbv or none"))


def regions() -> list[str]:
    return sorted({a.region for a in all_authorities()})


def parse_region(value: str, option: str = "--region") -> str:
    wanted = value.strip().casefold().replace("-", " ")
    for r in regions():
        if r.casefold() == wanted or r.casefold().replace(" and the ", " ") == wanted:
            return r
    import difflib

    close = difflib.get_close_matches(value.title(), regions(), n=2, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else f"use one of: {', '.join(regions())}"
    raise BadInput(Problem(option, f"{value!r} is not an English region; {hint}"))


def select(
    query: str | None = None, programme: str | None = None, region: str | None = None
) -> list[Authority]:
    """The authorities `svtool authorities` lists: all, or those matching a text, programme and region."""
    chosen = list(all_authorities()) if not query else find(query)
    if programme:
        chosen = [a for a in chosen if a.programme == programme]
    if region:
        chosen = [a for a in chosen if a.region == region]
    return chosen

"""Build data/names.lex, the name lexicon the personal-data detector reads, from open data.

Sources (each openly licensed; see data/README-names.md for the licences and attributions):

* ONS baby names, England and Wales, 1996-2024 (Open Government Licence v3.0): every first name
  given to 3 or more babies of one sex in a year, with counts. ``--ons`` is
  ``ons-first-names-ew.csv`` (name, boys, girls, first_year, last_year).
* US Census Bureau, 1990 census surnames (public domain, a US federal government work): 88,799
  surnames ranked by frequency, as shipped in the PyPI package ``names`` 0.3.0 (MIT).
  ``--census`` is that package's ``names/dist.all.last``.
* Faker 40.63.0 (MIT): first and last names of its Latin-script person locales (Irish, Polish,
  Nigerian, Ghanaian, Kenyan, Indian, Pakistani, Chinese and Japanese romanised, Turkish, ...).
  ``--faker`` is the folder holding the unpacked ``faker`` package.
* SCOWL 2020.12.07 (Kevin Atkinson; permissive licence, see the README): English words by size
  tier (10 = most common ... 95 = rarest). ``--scowl`` is its ``final`` folder (Debian package
  ``scowl``: /usr/share/dict/scowl).
* The project's earlier lists data/first_names.txt and data/surnames.txt (Faker en_GB/en_US plus
  common UK names, MIT), read from ``--old``.

Output: one line per lower-case, accent-folded key, sorted by its UTF-8 bytes:

    key<TAB>first<TAB>surname<TAB>word<TAB>flags<TAB>upper

``first`` is the number of babies given the name in England and Wales 1996-2024 (0 if not in
the ONS list); ``surname`` the rank in the 1990 US census list (0 if absent); ``word`` the SCOWL
size tier at which the lower-case word first appears (0 if it is not an English word up to tier
95); ``flags`` bit 1: in another first-name list, bit 2: in another surname list. English words
up to tier 70 that are no name are kept too (first = surname = 0), so one look-up tells whether
a capitalised word is a name, a word or unknown. ``upper`` is the SCOWL tier of the word written
with a capital (places, nationalities, faiths, famous people: 'Ghanaian', 'Romany', 'Kent'),
0 if none; such words that are no first name or surname are kept too.

Run (from the repository root; the inputs are fetched with apt-get download / pip download):

    python scripts/build_name_lexicon.py --ons ../shared/reference/names/ons-first-names-ew.csv \
        --census names-0.3.0/names/dist.all.last --faker faker-40.63.0 \
        --scowl /usr/share/dict/scowl --old data --out data/names.lex
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import sys
from pathlib import Path

WORD_TIERS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
KEEP_PLAIN_WORDS_UP_TO = 70
FAKER_LATIN_LOCALES = (
    "en",
    "en_GB",
    "en_US",
    "en_IE",
    "ga_IE",
    "en_IN",
    "en_PK",
    "en_KE",
    "en_NG",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "tw_GH",
    "sw",
    "zu_ZA",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "ro_RO",
    "lt_LT",
    "lv_LV",
    "et_EE",
    "hr_HR",
    "sl_SI",
    "tr_TR",
    "az_AZ",
    "uz_UZ",
    "pt_PT",
    "pt_BR",
    "es_ES",
    "es_MX",
    "it_IT",
    "fr_FR",
    "de_DE",
    "nl_NL",
    "vi_VN",
    "id_ID",
    "zh_CN",
    "zh_TW",
    "ja_JP",
)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from svtool.pii.namedata import fold  # noqa: E402  (the detector folds words the same way)


def _good_key(key: str) -> bool:
    return (
        len(key) >= 2
        and key.isascii()
        and key[0].isalpha()
        and key[-1].isalpha()
        and all(c.isalpha() or c in "'-." for c in key)
    )


def ons_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = fold(row["name"])
            if _good_key(key):
                counts[key] = counts.get(key, 0) + int(row["boys"]) + int(row["girls"])
    return counts


def census_ranks(path: Path) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            key = fold(parts[0])
            if _good_key(key):
                ranks.setdefault(key, int(parts[3]))
    return ranks


def _parts(name: str) -> list[str]:
    """'Mac Aindriais' -> its words; 'CHIA-HAO' stays whole (hyphenated names are one token)."""
    return [p for p in name.replace("\u00a0", " ").split() if p]


def faker_names(root: Path) -> tuple[set[str], set[str]]:
    sys.path.insert(0, str(root))
    first: set[str] = set()
    last: set[str] = set()
    for locale in FAKER_LATIN_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            if attr.startswith("_") or not ("first_" in attr or "last_" in attr):
                continue
            if locale in ("zh_CN", "zh_TW", "ja_JP") and "romanized" not in attr:
                continue
            values = getattr(provider, attr)
            if not isinstance(values, (list, tuple, dict)):
                continue
            target = first if "first_" in attr else last
            for name in values:
                if not isinstance(name, str) or any(ord(c) >= 0x250 for c in name):
                    continue
                for part in _parts(name):
                    key = fold(part)
                    if _good_key(key):
                        target.add(key)
    sys.path.pop(0)
    return first, last


def scowl_tiers(final: Path) -> dict[str, int]:
    tiers: dict[str, int] = {}
    for tier in WORD_TIERS:
        for category in ("english", "british"):
            path = final / f"{category}-words.{tier}"
            if not path.exists():
                continue
            for word in path.read_text(encoding="utf-8").splitlines():
                if word[:1].islower() and "'" not in word:
                    tiers.setdefault(fold(word), tier)
    return tiers


def scowl_upper(final: Path) -> dict[str, int]:
    """Capitalised dictionary words (places, nationalities, faiths, famous people) by tier."""
    tiers: dict[str, int] = {}
    for tier in WORD_TIERS:
        for category in ("english", "british"):
            path = final / f"{category}-upper.{tier}"
            if not path.exists():
                continue
            for word in path.read_text(encoding="utf-8").splitlines():
                if word[:1].isupper() and not word.isupper() and "'" not in word:
                    tiers.setdefault(fold(word), tier)
    return tiers


def old_list(path: Path) -> set[str]:
    if not path.exists():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            for part in _parts(line):
                key = fold(part)
                if _good_key(key):
                    out.add(key)
    return out


def build(args: argparse.Namespace) -> list[str]:
    ons = ons_counts(Path(args.ons))
    census = census_ranks(Path(args.census))
    faker_first, faker_last = faker_names(Path(args.faker))
    words = scowl_tiers(Path(args.scowl))
    upper = scowl_upper(Path(args.scowl))
    old = Path(args.old)
    other_first = faker_first | old_list(old / "first_names.txt")
    other_last = faker_last | old_list(old / "surnames.txt")
    # 'Lily-Mae' is found as 'Lily' + 'Mae': a compound whose parts are all first names is left out
    for key in [k for k in ons if "-" in k]:
        if all(part in ons or part in other_first for part in key.split("-")):
            del ons[key]
    keys = set(ons) | set(census) | other_first | other_last
    keys |= {w for w, t in words.items() if t <= KEEP_PLAIN_WORDS_UP_TO and _good_key(w)}
    keys |= {w for w, t in upper.items() if t <= KEEP_PLAIN_WORDS_UP_TO and _good_key(w)}
    lines = []
    for key in keys:
        flags = (1 if key in other_first else 0) | (2 if key in other_last else 0)
        lines.append(
            f"{key}\t{ons.get(key, 0)}\t{census.get(key, 0)}\t{words.get(key, 0)}\t{flags}"
            f"\t{upper.get(key, 0)}"
        )
    lines.sort(key=lambda ln: ln.encode("utf-8"))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ons", required=True)
    parser.add_argument("--census", required=True)
    parser.add_argument("--faker", required=True)
    parser.add_argument("--scowl", required=True)
    parser.add_argument("--old", default="data")
    parser.add_argument("--out", default="data/names.lex")
    args = parser.parse_args()
    lines = build(args)
    body = "\n".join(lines) + "\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    header = (
        "# svtool name lexicon: key, ONS first-name count, US census surname rank, SCOWL word tier,"
        " flags (1 other first-name list, 2 other surname list), SCOWL capitalised-word tier.\n"
        "# Built by scripts/build_name_lexicon.py; sources and licences in data/README-names.md.\n"
        f"# entries {len(lines)} sha256 {digest}\n"
    )
    Path(args.out).write_text(header + body, encoding="utf-8", newline="\n")
    print(f"{args.out}: {len(lines)} entries, body sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

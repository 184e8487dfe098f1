#!/usr/bin/env python3
"""Validate the built corpora and report counts.  Usage: validate.py [--review] [--json]"""
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import GROUPS, nhs_valid, uln_valid, upn_valid, ni_valid, STYLES  # noqa: E402

OUT = Path(__file__).resolve().parent.parent
KINDS = {"child_name", "adult_name", "upn", "uln", "nhs_number", "date_of_birth", "postcode", "email", "phone",
         "ni_number", "address"}
NAME_KINDS = {"child_name", "adult_name"}
POSTCODE = re.compile(r"^(?:[A-Z]{1,2}\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}$", re.I)
EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
PHONE_DIGITS = re.compile(r"^(?:\+44|0044|0)\d{9,10}$")

LEAK_PATTERNS = {
    "ten_digit": re.compile(r"(?<![\d£.,/])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])"),
    "upn_like": re.compile(r"\b[A-Za-z]\d{12}\b"),
    "ni_like": re.compile(r"\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\b"),
    "email": re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"),
    "postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b", re.I),
    "phone": re.compile(r"(?:\+44\s?|\b0)(?:\(?\d[\d\s\-()]{8,14}\d)"),
}


def check_id(kind, t):
    if kind == "upn":
        return upn_valid(t)
    if kind == "nhs_number":
        return nhs_valid(t)
    if kind == "uln":
        return uln_valid(t)
    if kind == "ni_number":
        return ni_valid(t)
    if kind == "postcode":
        return bool(POSTCODE.match(t.strip()))
    if kind == "email":
        return bool(EMAIL.match(t))
    if kind == "phone":
        d = re.sub(r"[\s\-().]", "", t.replace("(0)", ""))
        return bool(PHONE_DIGITS.match(d))
    return True


def masked(text, spans):
    chars = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            chars[i] = "\0"
    return "".join(chars)


def validate(path):
    errors = []
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    ids = set()
    for r in rows:
        nid, text, spans = r["id"], r["text"], r["spans"]
        if nid in ids:
            errors.append(f"{nid}: duplicate id")
        ids.add(nid)
        if r["style"] not in STYLES:
            errors.append(f"{nid}: style {r['style']}")
        if "[[" in text or "]]" in text:
            errors.append(f"{nid}: leftover marker")
        prev_end = -1
        for s in sorted(spans, key=lambda s: s["start"]):
            if s["kind"] not in KINDS:
                errors.append(f"{nid}: kind {s['kind']}")
            if not (0 <= s["start"] < s["end"] <= len(text)):
                errors.append(f"{nid}: bad offsets {s}")
            if s["start"] < prev_end:
                errors.append(f"{nid}: overlapping span at {s['start']}")
            prev_end = s["end"]
            if s.get("text") is not None and text[s["start"]:s["end"]] != s["text"]:
                errors.append(f"{nid}: span text mismatch {s}")
            st = text[s["start"]:s["end"]]
            if st != st.strip():
                errors.append(f"{nid}: span has outer whitespace {st!r}")
            if s["kind"] in NAME_KINDS:
                if s.get("group") not in GROUPS.values():
                    errors.append(f"{nid}: group {s.get('group')}")
                for k in ("lower", "word", "cue"):
                    if k not in s:
                        errors.append(f"{nid}: name span missing {k}")
                if s["lower"] != (st == st.lower()):
                    errors.append(f"{nid}: lower flag wrong for {st!r}")
                if re.match(r"(?i)(mr|mrs|ms|miss|dr)\b\.? ", st):
                    errors.append(f"{nid}: title inside name span {st!r}")
            elif not check_id(s["kind"], st):
                errors.append(f"{nid}: {s['kind']} {st!r} fails validity check")
        # unlabelled look-alikes must fail every check
        m = masked(text, spans)
        for name, pat in LEAK_PATTERNS.items():
            for hit in pat.finditer(m):
                h = hit.group(0)
                if "\0" in h:
                    continue
                if name == "ten_digit" and (nhs_valid(h) or uln_valid(h)):
                    errors.append(f"{nid}: unlabelled checksum-valid 10-digit {h!r}")
                elif name == "upn_like" and upn_valid(h):
                    errors.append(f"{nid}: unlabelled valid UPN {h!r}")
                elif name == "ni_like" and ni_valid(h):
                    errors.append(f"{nid}: unlabelled valid NI {h!r}")
                elif name in ("email", "postcode"):
                    errors.append(f"{nid}: unlabelled {name} {h!r}")
                elif name == "phone" and len(re.sub(r"\D", "", h)) in (10, 11, 12):
                    errors.append(f"{nid}: unlabelled phone-like {h!r}")
    return rows, errors


def stats(rows):
    st = {}
    st["notes"] = len(rows)
    clean = sum(1 for r in rows if not r["spans"])
    st["clean_notes"] = clean
    st["clean_share"] = round(clean / len(rows), 3) if rows else 0
    st["styles"] = dict(Counter(r["style"] for r in rows).most_common())
    kinds = Counter(s["kind"] for r in rows for s in r["spans"])
    st["spans_per_kind"] = dict(kinds.most_common())
    names = [s for r in rows for s in r["spans"] if s["kind"] in NAME_KINDS]
    st["name_mentions"] = len(names)
    st["name_mentions_per_group"] = {g: sum(1 for s in names if s["group"] == g) for g in GROUPS.values()}
    st["lower_case_name_mentions"] = sum(1 for s in names if s["lower"])
    st["word_name_mentions"] = sum(1 for s in names if s["word"])
    st["word_name_mentions_with_cue"] = sum(1 for s in names if s["word"] and s["cue"] != "none")
    st["initial_only_name_mentions"] = sum(1 for s in names if re.fullmatch(r"[A-Z]\.?( ?[A-Z]\.?)?", s["text"]))
    st["lower_per_group"] = {g: sum(1 for s in names if s["group"] == g and s["lower"]) for g in GROUPS.values()}
    cues = Counter()
    for s in names:
        for c in s["cue"].split("+"):
            cues[c] += 1
    st["cue_components"] = dict(cues.most_common())
    st["distinct_name_strings"] = len({s["text"].lower() for s in names})
    lens = sorted(len(r["text"].split()) for r in rows)
    st["words_per_note_min_median_max"] = [lens[0], lens[len(lens) // 2], lens[-1]] if lens else []
    return st


def review(rows):
    """List tokens outside spans that equal a token used in some name span (possible missed markers)."""
    toks = set()
    for r in rows:
        for s in r["spans"]:
            if s["kind"] in NAME_KINDS:
                for t in re.split(r"[\s,.\-']+", s["text"]):
                    if len(t) > 1:
                        toks.add(t.lower())
    for r in rows:
        m = masked(r["text"], r["spans"])
        hits = [w for w in re.findall(r"[^\W\d_][\w'’-]*", m) if w.lower().rstrip("s") in toks or w.lower() in toks]
        if hits:
            print(r["id"], sorted(set(hits)))


def main():
    report = {}
    ok = True
    allrows = {}
    for name in ("heldout", "dev"):
        p = OUT / f"{name}.jsonl"
        rows, errors = validate(p)
        allrows[name] = rows
        for e in errors:
            print("ERROR", name, e)
        ok = ok and not errors
        report[name] = stats(rows)
    h = {s["text"].lower() for r in allrows["heldout"] for s in r["spans"] if s["kind"] in NAME_KINDS}
    d = {s["text"].lower() for r in allrows["dev"] for s in r["spans"] if s["kind"] in NAME_KINDS}
    report["dev_name_strings_also_in_heldout"] = len(h & d)
    report["dev_name_strings_total"] = len(d)
    if "--overlap" in sys.argv:
        print(sorted(h & d))
    if "--review" in sys.argv:
        for name, rows in allrows.items():
            print("==", name)
            review(rows)
    report["valid"] = ok
    if "--write-stats" in sys.argv:
        with open(OUT / "stats.json", "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1, ensure_ascii=False)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    print("VALID" if ok else "INVALID")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build the PII test corpora from hand-written marked-up sources.

Written by an independent helper who has not seen the detector, its data or its tests.

Source files: src/heldout_*.txt and src/dev_*.txt, processed in sorted order.
A note starts with a line "## <style>"; everything up to the next "## " line is its text
(leading/trailing blank lines trimmed, inner newlines kept).  Lines starting with "#-" are comments.

Inline markers (double square brackets):
  [[c.GRP:Name]]            child_name   GRP is a group code (see GROUPS)
  [[a.GRP:Name]]            adult_name
  [[c.GRP:Name|cue]]        explicit cue (otherwise inferred from context)
  [[c.GRP:Name|w=1]]        force word flag (w=0 to clear); may be combined: |cue|w=1
  [[upn]] [[upn.l]]         auto-generated valid UPN (l = lower case)      or [[upn:LITERAL]]
  [[uln]]                   auto-generated valid ULN                        or [[uln:LITERAL]]
  [[nhs.s]] [[nhs.n]] [[nhs.h]] [[nhs.999.s]]  valid NHS number, spaced / run-together / hyphens
  [[ni.s]] [[ni.n]] [[ni.l]]                   valid NI number               or [[ni:LITERAL]]
  [[pc:LITERAL]] [[ph:LITERAL]] [[em:LITERAL]] [[dob:LITERAL]] [[ad:LITERAL]]
  [[xnhs.s]] [[xnhs.n]] [[xuln]] [[xupn]] [[xten]]   look-alikes that FAIL every checksum (plain text, no span)
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent

GROUPS = {
    "an": "anglo", "ir": "irish", "sw": "scottish_welsh", "sa": "south_asian",
    "wa": "west_african", "ea": "east_african", "ca": "caribbean", "ee": "east_european",
    "se": "south_european", "am": "arabic_middle_eastern", "ce": "chinese_east_asian",
    "tr": "traveller_roma", "ot": "other",
}
ID_KINDS = {"upn": "upn", "uln": "uln", "nhs": "nhs_number", "ni": "ni_number", "pc": "postcode",
            "ph": "phone", "em": "email", "dob": "date_of_birth", "ad": "address"}

# Ordinary lower-case English words that are also (parts of) names.  Curated by hand.
WORDS = set("""
will grace summer rose hope bill mark jay may june april faith joy sunny precious blessing destiny
miracle rob pat sue dawn holly ivy lily daisy poppy violet heather amber ruby pearl jade crystal river
sky storm autumn robin jack frank rich ray dean gene earl chance hunter mason archer baker barker
carpenter cook fisher miller smith turner wood hill brown green white black young long bird fox house
king rice lamb page wall hall lane field marsh moss stone rivers banks bell bishop cross hardy frost
snow ward price bond noble patience prosper comfort gift goodluck favour mercy charity princess honour
justice royal harmony bliss kit max bob said wing man lee chase reed rush drew sterling penny dolly
sunday friday neat cash armstrong lord knight shepherd butcher porter sharp swift gay dove brook brooks
bush moon star hart heart sage willow clay cliff forest glen heath marina nelly victor rosa sterling
love lovely treasure peace unity happy lucky hero eve cherry iris primrose honey candy dusty rusty
paris india asia eden carter tanner weaver glover parker walker cole shaw hood best read bright gold
silver steel church chapel mills marshall barber salmon trout crane swan wren finch nightingale
""".split())

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sister", "father", "rev", "sir")
RELATION = re.compile(r"^\s*[\(,\-–]?\s*(?:his |her |their |the )?(mum|mom|mother|dad|father|sister|brother|"
                      r"nan|nana|gran|grandma|grandad|aunt|auntie|uncle|step-?dad|step-?mum|carer|foster|son|daughter|"
                      r"twin|twins|cousin|parent|parents|partner|husband|wife)\b", re.I)
ROLE_BRACKET = re.compile(r"^\s*\((?!\s*(?:mum|dad|mother|father)\b)[^)]{1,40}\)")
YEAR_NEAR = re.compile(r"^\s*[\(,]?\s*(?:Y|yr|year|Year|YR|R|N)\s?\d{0,2}\b|^\s*\((?:Y|yr|year|Year)\s?\d", re.I)
SPEECH = re.compile(r"^\s*(?:said|says|told|rang|called|phoned|emailed|e-mailed|texted|asked|replied|wrote|confirmed|"
                    r"explained|reported|mentioned|agreed|refused|came|attended|was|is|has|had|will|would|can|could)\b", re.I)
GREETING = re.compile(r"(?:^|\n)\s*(?:hi|hello|dear|morning|good morning|afternoon|good afternoon|hiya|hey|to)[ ,]*$", re.I)
SIGNOFF = re.compile(r"(?:thanks|thank you|cheers|regards|best|many thanks|kind regards|best wishes|yours sincerely|yours faithfully|love|speak soon|sorry to be a pain|ta|x+)[ ,.!]*\n\s*$", re.I)


def upn_check(body12: str) -> str:
    total = 0
    for pos, ch in enumerate(body12, start=2):
        v = int(ch) if ch.isdigit() else "ABCDEFGHJKLMNPQRTUVWXYZ".index(ch.upper())
        total += v * pos
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


def upn_valid(s: str) -> bool:
    s = s.upper()
    return bool(re.fullmatch(r"[A-HJ-NP-RT-Z]\d{12}", s)) and upn_check(s[1:]) == s[0]


def _wsum(d9: str) -> int:
    return sum(int(c) * w for c, w in zip(d9, range(10, 1, -1)))


def nhs_valid(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"\d{10}", d):
        return False
    c = 11 - _wsum(d[:9]) % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def uln_valid(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"[1-9]\d{9}", d):
        return False
    r = _wsum(d[:9]) % 11
    if r == 0:
        return False
    return (10 - r) == int(d[9])


NI_BAD1 = set("DFIQUV")
NI_BAD2 = set("DFIQUVO")
NI_BADPAIR = {"BG", "GB", "NK", "KN", "NT", "TN", "ZZ"}


def ni_valid(s: str) -> bool:
    t = re.sub(r"\s", "", s).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D])", t)
    if not m:
        return False
    a, b = m.group(1), m.group(2)
    return a not in NI_BAD1 and b not in NI_BAD2 and a + b not in NI_BADPAIR


LA_CODES = ["886", "887", "351", "344", "938", "855", "925", "926", "330", "350", "352", "380", "381",
            "873", "874", "919", "921", "845", "846", "204", "211", "309", "316", "800", "801", "803",
            "820", "821", "822", "830", "831", "840", "841", "850", "851", "865", "866", "878", "879",
            "880", "891", "892", "893", "894", "908", "909", "916", "929", "931", "935", "936", "937"]


def gen_upn(rng):
    body = rng.choice(LA_CODES) + f"{rng.choice([2,3,4,5,7])}{rng.randint(0,999):03d}" + \
        f"{rng.randint(8, 23):02d}" + f"{rng.randint(1, 999):03d}"
    return upn_check(body) + body


def gen_nhs(rng, first=None):
    while True:
        d9 = (first or str(rng.randint(4, 7))) + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(first or "x")))
        c = 11 - _wsum(d9) % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        return d9 + str(c)


def gen_uln(rng):
    while True:
        d9 = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        r = _wsum(d9) % 11
        if r in (0, 1):
            continue
        return d9 + str(10 - r)


def gen_bad10(rng, first=None):
    while True:
        d = (first or str(rng.randint(1, 9))) + "".join(str(rng.randint(0, 9)) for _ in range(10 - len(first or "x")))
        if not nhs_valid(d) and not uln_valid(d):
            return d


def gen_ni(rng):
    letters = "ABCEGHJKLMNOPRSTWXYZ"
    while True:
        a, b = rng.choice(letters), rng.choice(letters)
        if a in NI_BAD1 or b in NI_BAD2 or a + b in NI_BADPAIR:
            continue
        return a + b + "".join(str(rng.randint(0, 9)) for _ in range(6)) + rng.choice("ABCD")


def fmt10(d, f):
    if f == "s":
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    if f == "h":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


MARK = re.compile(r"\[\[(.+?)\]\]", re.S)
TITLE_BEFORE = re.compile(r"(?:^|[\s(\[,])(" + "|".join(TITLES) + r")\.?\s+$", re.I)


def infer_cue(text, start, end, name):
    before, after = text[:start], text[end:]
    cues = []
    stripped = name.replace(".", "")
    if TITLE_BEFORE.search(before[-12:] if len(before) > 12 else before):
        cues.append("title")
    if re.search(r"\b[A-Z]\.", name) or re.fullmatch(r"[A-Z]{1,3}", stripped.replace(" ", "")) or \
            re.fullmatch(r"[A-Za-z]\.?", name.strip()):
        cues.append("initial")
    if "," in name:
        cues.append("surname-comma-first")
    if re.match(r"^['’]s?\b", after):
        cues.append("possessive")
    if RELATION.match(after) or re.search(r"\b(?:mum|dad|mother|father|sister|brother|nan|gran|aunt|auntie|uncle|son|daughter|carers?|stepdad|stepmum|parents?|foster carers?)\s*(?:\(|,|is|-|–)?\s*$", before[-20:], re.I):
        cues.append("relation")
    elif ROLE_BRACKET.match(after):
        cues.append("role-bracket")
    if re.search(r"\([^)]*$", before[-30:]) and re.match(r"^[^(]*\)", after[:40]):
        cues.append("in-bracket")
    if YEAR_NEAR.match(after) or re.search(r"\b(?:Y|Yr|Year)\s?\d{1,2}\s*(?:pupil|child|boy|girl|student)?\s*$", before[-20:], re.I):
        cues.append("year-group")
    if GREETING.search(before[-20:]):
        cues.append("greeting")
    elif SIGNOFF.search(before[-30:]):
        cues.append("sign-off")
    if SPEECH.match(after):
        cues.append("verb")
    if start == 0 or re.search(r"^\s*$", before):
        cues.append("note-start")
    elif re.search(r"\n\s*(?:[-*•]|\d+[.)])?\s*$", before):
        if "sign-off" not in cues and "greeting" not in cues:
            cues.append("line-start")
    elif re.search(r"[.!?:;]\s+$", before):
        cues.append("sentence-start")
    if name.isupper() and len(stripped) > 3:
        cues.append("caps")
    return "+".join(cues) if cues else "none"


def is_word(name):
    parts = [p for p in re.split(r"[\s\-.,'’]+", name.lower()) if p]
    return any(p in WORDS for p in parts)


def parse_notes(path):
    notes = []
    cur = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#-"):
            continue
        if line.startswith("## "):
            if cur:
                notes.append(cur)
            cur = {"style": line[3:].strip(), "lines": [], "src": f"{path.name}"}
            continue
        if cur is not None:
            cur["lines"].append(line)
    if cur:
        notes.append(cur)
    return notes


STYLES = {"jotting", "email", "minutes", "letter", "casenote", "text-message", "list", "other"}


def render(raw, rng, where):
    out = []
    spans = []
    pos = 0
    n = 0
    for m in MARK.finditer(raw):
        out.append(raw[pos:m.start()])
        cur = sum(len(x) for x in out)
        inner = m.group(1)
        head, _, rest = inner.partition(":")
        parts = head.split(".")
        kind = parts[0]
        opts = parts[1:]
        n += 1
        span = None
        if kind in ("c", "a"):
            val, *extra = rest.split("|")
            grp = GROUPS[opts[0]]
            span = {"kind": "child_name" if kind == "c" else "adult_name", "group": grp,
                    "lower": val == val.lower(), "word": is_word(val)}
            cue = None
            for e in extra:
                if e.startswith("w="):
                    span["word"] = e == "w=1"
                else:
                    cue = e
            span["_cue"] = cue
        elif kind in ID_KINDS:
            f = next((o for o in opts if o in ("s", "n", "h")), "s" if kind == "nhs" else "n")
            if rest:
                val = rest
            elif kind == "upn":
                val = gen_upn(rng)
                if "l" in opts:
                    val = val.lower()
            elif kind == "uln":
                val = fmt10(gen_uln(rng), f)
            elif kind == "nhs":
                val = fmt10(gen_nhs(rng, "999" if "999" in opts else None), f)
            elif kind == "ni":
                v = gen_ni(rng)
                val = f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}" if f == "s" else v
                if "l" in opts:
                    val = val.lower()
            else:
                raise SystemExit(f"{where}: {kind} needs a literal")
            span = {"kind": ID_KINDS[kind]}
        elif kind == "xnhs":
            f = next((o for o in opts if o in ("s", "n", "h")), "s")
            val = fmt10(gen_bad10(rng, "999" if "999" in opts else None), f)
        elif kind in ("xuln", "xten"):
            f = next((o for o in opts if o in ("s", "n", "h")), "n")
            val = fmt10(gen_bad10(rng), f)
        elif kind == "xupn":
            good = gen_upn(rng)
            bad = [ch for ch in "ABCDEFGHJKLMNPQRTUVWXYZ" if ch != good[0]]
            val = rng.choice(bad) + good[1:]
        else:
            raise SystemExit(f"{where}: unknown marker {inner!r}")
        out.append(val)
        if span is not None:
            span["start"] = cur
            span["end"] = cur + len(val)
            spans.append(span)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    for sp in spans:
        if sp["kind"] in ("child_name", "adult_name"):
            cue = sp.pop("_cue")
            sp["cue"] = cue or infer_cue(text, sp["start"], sp["end"], text[sp["start"]:sp["end"]])
    return text, spans


def build(prefix, idp):
    files = sorted(HERE.glob(f"{prefix}_*.txt"))
    rows = []
    for f in files:
        for note in parse_notes(f):
            lines = note["lines"]
            while lines and not lines[0].strip():
                lines.pop(0)
            while lines and not lines[-1].strip():
                lines.pop()
            raw = "\n".join(lines)
            if not raw:
                continue
            nid = f"{idp}{len(rows) + 1:04d}"
            if note["style"] not in STYLES:
                raise SystemExit(f"{f.name} {nid}: bad style {note['style']!r}")
            rng = random.Random(f"{prefix}:{raw}")
            text, spans = render(raw, rng, f"{f.name} {nid}")
            ordered = []
            for sp in spans:
                d = {"start": sp["start"], "end": sp["end"], "kind": sp["kind"], "text": text[sp["start"]:sp["end"]]}
                for k in ("group", "lower", "word", "cue"):
                    if k in sp:
                        d[k] = sp[k]
                ordered.append(d)
            rows.append({"id": nid, "style": note["style"], "text": text, "spans": ordered})
    return rows


def main():
    for prefix, idp in (("heldout", "h"), ("dev", "d")):
        rows = build(prefix, idp)
        with open(OUT / f"{prefix}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{prefix}: {len(rows)} notes -> {OUT / (prefix + '.jsonl')}")


if __name__ == "__main__":
    main()

"""Build tests/pii_corpus/notes.jsonl: fictional evidence notes with gold personal-data spans.

Notes are written in a small mark-up, ``[[kind|text]]``, which this script turns into plain text
plus character offsets. Hand-written notes come first; the rest are assembled from many phrasings
so that clean notes are full of look-alikes (dates, weeks, year groups, money, URNs, LA codes,
reference numbers, "Pupil A", job titles, authorities, towns, NHS bodies).

All people are invented. The test split's names are made up and checked against the detector's
lexicon (data/names.lex), stop and place lists, so that split measures detection from context,
not look-ups; the dev split and the hand-written notes use common names. NHS numbers are from the never-issued 999 range, phone numbers from
Ofcom's drama ranges, email domains are example.org/.com/.net.

Run: python tests/pii_corpus/make_corpus.py  (deterministic: fixed seed)
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MARK = re.compile(r"\[\[(\w+)\|(.+?)\]\]")

UPN_ALPHA = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _split(words: str) -> list[str]:
    return words.split()


def render(marked: str) -> tuple[str, list[dict[str, object]]]:
    out: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        spans.append({"start": length, "end": length + len(m.group(2)), "kind": m.group(1)})
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


# ---------------------------------------------------------------- identifier generators


def upn(rng: random.Random, temporary: bool = False) -> str:
    la = rng.choice(["886", "940", "941", "942", "943", "330", "373", "201", "919", "855"])
    body = la + f"{rng.randint(1000, 7999)}" + f"{rng.randint(10, 24)}"
    body += f"{rng.randint(10, 99)}" + (
        rng.choice(UPN_ALPHA) if temporary else str(rng.randint(0, 9))
    )
    last = body[-1]
    lv = int(last) if last.isdigit() else UPN_ALPHA.index(last)
    total = sum(int(c) * w for w, c in enumerate(body[:11], start=2)) + lv * 13
    return UPN_ALPHA[total % 23] + body


def nhs(rng: random.Random) -> str:
    while True:
        d = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = 11 - sum(int(c) * w for c, w in zip(d, range(10, 1, -1), strict=False)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return d + str(check)


def uln(rng: random.Random) -> str:
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        r = sum(int(c) * w for c, w in zip(d, range(10, 1, -1), strict=False)) % 11
        if r != 0:
            return d + str(10 - r)


def failing_ten(rng: random.Random) -> str:
    """Ten digits that are neither a valid NHS number nor a valid ULN (a PO or case number)."""
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        r = sum(int(c) * w for c, w in zip(d, range(10, 1, -1), strict=False)) % 11
        nhs_ok = (11 - r) % 11 == int(d[9]) and (11 - r) != 10
        uln_ok = r != 0 and 10 - r == int(d[9])
        if not nhs_ok and not uln_ok:
            return d


def fmt_nhs(rng: random.Random, d: str) -> str:
    return rng.choice([f"{d[:3]} {d[3:6]} {d[6:]}", d, f"{d[:3]}-{d[3:6]}-{d[6:]}"])


def ni(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        first, second = "J", "T"
    digits = f"{rng.randint(0, 999999):06d}"
    suffix = rng.choice("ABCD")
    form = rng.randint(0, 3)
    if form == 0:
        return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    if form == 1:
        return f"{first}{second}{digits}{suffix}"
    if form == 2:
        return f"{first}{second}{digits}{suffix}".lower()
    return f"{first}{second} {digits} {suffix}"


def phone(rng: random.Random) -> str:
    n3 = f"{rng.randint(0, 999):03d}"
    return rng.choice(
        [
            f"07700 900{n3}",
            f"07700900{n3}",
            f"+44 7700 900{n3}",
            f"+447700900{n3}",
            f"01632 960{n3}",
            f"(01632) 960{n3}",
            f"020 7946 0{n3}",
            f"+44 (0)20 7946 0{n3}",
            f"0113 496 0{n3}",
            f"0161-496-0{n3}",
            f"0121 496 0{n3}",
            f"0117 496 0{n3}",
            f"0191 498 0{n3}",
            f"029 2018 0{n3}",
            f"(0115) 496 0{n3}",
            f"07700-900-{n3}",
        ]
    )


def postcode(rng: random.Random) -> str:
    out = rng.choice(
        [
            "PR1",
            "LS6",
            "M14",
            "B33",
            "SW1A",
            "EC1V",
            "NE6",
            "BS16",
            "CT9",
            "ME7",
            "NN1",
            "CA2",
            "LA9",
            "DE22",
            "TS1",
            "HU5",
            "W1J",
            "N17",
            "SE15",
            "OX4",
        ]
    )
    inward = f"{rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    form = rng.randint(0, 5)
    if form == 0:
        return f"{out}{inward}"
    if form == 1:
        return f"{out} {inward}".lower()
    return f"{out} {inward}"


FIRST_CHILD = _split("""Jack Oliver Amelia Isla Noah Freya Alfie Poppy Harry Ruby Mason Evie Kai Aisha
Muhammad Zara Leo Maisie Tyler Chloe Kacper Zuzanna Oskar Priya Arjun Fatima Yusuf Layla Riley
Tilly Ethan Megan Callum Niamh Rhys Ffion Jayden Keisha Tyrese Amara Finley Lexi Archie Ellie
Theo Daisy Reggie Lottie Logan Ava Owen Sienna Jenson Harper Dylan Millie Lucas Erin Declan""")
FIRST_ODD = _split("Zebedee Tobiah Oluwaseun Eilidh Kwabena Anwen Ksenia Bartosz Ishbel Caoimhe")
FIRST_AMBIG = _split("Grace Will Hope Mark Amber Holly Ruby Rose Jade Faith")
FIRST_ADULT = _split("""Sarah Karen Claire Michelle Lisa Joanne Gemma Donna Paul Darren Gary Steve Mark
Helen Julie Nicola Andrew Rebecca Sandra Tracey Shabana Nasreen Ravi Imran Tunde Grace""")
SURNAMES = _split("""Smith Jones Taylor Brown Williams Wilson Evans Thomas Roberts Walker Wright Patel
Khan Ahmed Hussain Begum Singh Kaur Okafor Mensah Nowak Kowalski Murphy O'Brien Kelly Hughes
Clarke Hartley Pickering Barraclough Greenwood Okonkwo Adeyemi Fletcher Whitworth Sutcliffe""")


# ---------------------------------------------------------------- names for the test split

# The test split must measure detection, not look-ups: its names are made up from syllables and
# kept only if the detector's lexicon knows them as no first name, surname or word at all.
_ONSETS = _split("b br ch d dr f g gr h j k kw l m n nd p r s sh t th tr v w y z zh")
_VOWELS = _split("a e i o u aa ei ia oa ue")
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "nk", "rd", "sh", "v"]


def _made_up(rng: random.Random, syllables: tuple[int, int], end: str = "") -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(*syllables))]
    return ("".join(parts) + rng.choice(_CODAS) + end).capitalize()


def unlisted_names(
    rng: random.Random, n: int, syllables: tuple[int, int], end: str = ""
) -> list[str]:
    """``n`` made-up names that the lexicon, the stop lists and the place lists do not hold."""
    import sys

    sys.path.insert(0, str(ROOT / "src"))
    from svtool.pii.lexicon import STOP, place_names
    from svtool.pii.namedata import NOT_FOUND, lookup

    places = place_names()[0]
    out: list[str] = []
    while len(out) < n:
        name = _made_up(rng, syllables, end)
        low = name.lower()
        unlisted = lookup(low) == NOT_FOUND and low not in STOP and low not in places
        if len(name) >= 4 and name not in out and unlisted:
            out.append(name)
    return out


def test_pools() -> dict[str, list[str]]:
    rng = random.Random(1107)
    return {
        "FIRST_CHILD": unlisted_names(rng, 60, (2, 2)),
        "FIRST_ODD": unlisted_names(rng, 10, (3, 3)),
        "FIRST_AMBIG": unlisted_names(rng, 10, (2, 2)),
        "FIRST_ADULT": unlisted_names(rng, 30, (2, 2)),
        "SURNAMES": unlisted_names(rng, 40, (2, 3), end=""),
    }


def use_pools(pools: dict[str, list[str]]) -> None:
    """Point the name generators at a split's pools (they read these module globals)."""
    globals().update(pools)


def child_name(rng: random.Random) -> str:
    first = rng.choice(FIRST_CHILD)
    form = rng.random()
    if form < 0.55:
        return first
    if form < 0.75:
        return f"{first} {rng.choice(SURNAMES)}"
    if form < 0.85:
        return f"{rng.choice(SURNAMES).upper()}, {first}"
    if form < 0.93:
        return f"{first.upper()} {rng.choice(SURNAMES).upper()}"
    return f"{first[0]}.{rng.choice(SURNAMES)[0]}."


def adult_name(rng: random.Random) -> str:
    form = rng.random()
    sur = rng.choice(SURNAMES)
    if form < 0.4:
        return f"{rng.choice(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Mrs', 'Cllr'])} {sur}"
    if form < 0.5:
        return f"{rng.choice(['Mr', 'Mrs', 'Ms'])} {rng.choice(FIRST_ADULT)[0]} {sur}"
    if form < 0.9:
        return f"{rng.choice(FIRST_ADULT)} {sur}"
    return rng.choice(FIRST_ADULT)


def date_text(rng: random.Random, year_lo: int, year_hi: int) -> str:
    y = rng.randint(year_lo, year_hi)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return rng.choice(
        [
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{d}.{m}.{str(y)[2:]}",
            f"{d} {months[m - 1]} {y}",
            f"{d}{suffix} {months[m - 1]} {y}",
            f"{d} {months[m - 1][:3]} {y}",
            f"{months[m - 1]} {d}, {y}",
            f"{d:02d}-{m:02d}-{y}",
        ]
    )


# ---------------------------------------------------------------- hand-written notes

HAND_CLEAN = [
    "Schools Forum 14 March 2024: LA proposed moving 0.5% from the schools block to the high needs block. Heads voted against, LA going to the Secretary of State anyway.",
    "Three EHC needs assessment requests refused this term at our school alone. LA says 'needs can be met from ordinarily available provision'. Parents told to wait 6 months and reapply.",
    "EHCP hours capped at 20 per week for all new plans in Year 7 - no written policy but the caseworker said it on the phone (call 11/01/2024).",
    "Draft plan issued after 38 weeks, not 20 weeks. Section F still vague: 'access to' SALT, no hours, no provider named.",
    "Newton Europe workshop 5 Feb. Slides talked about 'reducing demand' and 'managing expectations'. SENCOs from 12 schools attended; nobody from the ICB came.",
    "Staffing: 4 TAs not replaced after leaving, 1.6 FTE SENCO cut to 1.0. Head teacher says the budget gap is £240k.",
    "Pupil A (Y3, autism) on a part-time timetable of 2 hours a day since September. Pupil B (Y5) excluded 3 times this half term.",
    "CAMHS waiting list now 74 weeks for an ASD assessment according to the ICB's own board papers (item 7.2).",
    "The LA's DBV plan says EHCP growth must be held at 6% a year. In 2023 it was 14%. URN 118234 had 11 new plans last year.",
    "Safety Valve agreement (2022-23) requires Kent to cut the deficit by £140m by 2028. Tribunal appeals up 40% on last year.",
    "Ofsted/CQC area SEND inspection found 'widespread and/or systemic failings'. Written statement of action due by 30 June.",
    "Meeting with the SEN team manager on 3rd October, follow-up due 17 October. Promised a response within 15 working days; nothing by the deadline.",
    "PO 4500123457 raised for outreach but cancelled; the resource base at URN 139045 closed in July.",
    "Speech and language therapy not commissioned by the ICB for pupils without an EHCP. The NHS trust says it is an education matter, the LA says health.",
    "Year 6 transition: 9 pupils with plans still have no secondary named at 15 February deadline. LA code 886.",
    "Annual reviews 6 months overdue for 60% of plans in the county. SEN2 2023-24 return shows 1,240 plans.",
    "Special school places: 42 pupils on the waiting list; 18 placed in independent schools at around £60,000 a year each.",
    "Headteacher told staff meeting on Monday that the high needs top-up bands are being cut by 10% from April.",
    "The Council's cabinet paper (para 4.3) says transport will only be provided for pupils over 3 miles from school.",
    "SENDIASS told parents at the Barnsley drop-in that the 6-week decision deadline is 'aspirational'.",
    "Educational psychologists: 3.2 FTE vacancies; statutory advice is bought in from locums at £650 a day.",
    "Reception class of 30 with 6 children awaiting assessment; no additional adult since January.",
    "Section 19 duty: 27 pupils out of school for more than 15 days with no alternative provision offered.",
    "Trust's CFO wrote that SEN support costs £1.2m more than the notional SEN budget. Ref HN/2024/117.",
    "DfE officials visited on 22 May. Presentation slide 12: 'reduce reliance on EHCPs'.",
    "Whittington Health and the ICB confirmed OT for 0-19s is at capacity; new referrals wait 52 weeks.",
    "Preston and Blackburn schools report the same thing: plans being written to a template with 'up to' 15 hours.",
    "May half term: LA sent letters to 300 families about 'reviewing' specialist transport.",
    "Mark scheme for KS2 SATs adapted for some pupils but access arrangements refused for others.",
    "Will the LA publish the hours-cap policy? FOI request sent 12/02/2024, reference FOI-3321, reply due in 20 working days.",
    "Grace period for the consultation responses ends Friday. Hope to get the union response in by then.",
    "Amber rating for SEND on the council's risk register; Red for the high needs deficit.",
    "Bill before Parliament would not change the 20-week timescale. Schools Bill was dropped in 2022.",
    "St George's Primary and St Mary's C of E have both lost their ARP funding. Charles Darwin Academy too.",
    "Alder Hey and Great Ormond Street both said the community paediatrics backlog is outside their remit.",
    "Guy's and St Thomas' NHS Foundation Trust closed the SLT clinic in Lambeth for 3 months.",
    "Beverley and Hull schools: EHCP requests from schools refused 73% of the time in the autumn term.",
    "Meeting at County Hall, Preston, 10am on 4 March. Agenda item 5: SEN transport.",
    "Chelsea and Kensington schools forum minutes (draft) not yet published; due by 30/04/2024.",
    "Spoke with the union rep and the deputy head. The SENCO has 0.2 FTE admin support; timetable attached (appendix B).",
]

HAND_PII = [
    "Met [[adult_name|Mrs Okafor]] (SENCO) about [[child_name|Jayden]] in Year 4: EHCP refused twice, mum at breaking point.",
    "[[child_name|ROSS, Kacper]] (Y8) DOB [[date_of_birth|14/06/2011]], UPN [[upn|UPNX]] - out of school since Easter, no section 19 provision.",
    "Parent ([[adult_name|Donna Fletcher]]) rang on [[phone|07700 900461]] - her son [[child_name|Tyler]] has had no OT for a year.",
    "A boy called [[child_name|kai]] in Y3 was sent home at lunch every day this week.",
    "[[child_name|J.S.]] in Year 5 has a plan naming 25 hours but the LA funds 15.",
    "[[child_name|JS]] in Year 4 still waiting for EP assessment after 30 weeks.",
    "Email from [[email|p.hartley@example.org]] (caseworker) says the panel meets on 12 March.",
    "NHS number [[nhs_number|NHSX]] on the referral form, which was returned by the ICB unread.",
    "[[child_name|Grace]] has ADHD and her TA hours were cut in January.",
    "Spoke to [[child_name|Will]]'s mum; the transport was withdrawn on 3 May without notice.",
    "Home address on the form: [[address|14 Primrose Close, Whitby]] [[postcode|YO21 3QP]].",
    "His mum [[adult_name|Sarah]] said the LA told her to home educate.",
    "a girl named [[child_name|zuzanna]] in reception has no speech therapy; her dad [[adult_name|piotr]] was told there is a waiting list.",
    "[[adult_name|Cllr Barraclough]] chaired the Schools Forum on 6 Feb and refused questions from staff.",
    "ULN [[uln|ULNX]] for the post-16 learner - college place withdrawn after the annual review.",
    "NI number of the TA is [[ni_number|JT 12 34 56 B]] - needed for the casework form, do not share.",
    "Head teacher [[adult_name|Gary Whitworth]] said the notional SEN budget is exhausted by October.",
    "[[child_name|Oliver]] (Year 2) is on a 1-hour timetable; [[adult_name|Dr Mensah]] (community paediatrician) supports the EHCP request.",
    "Child: [[child_name|Amelia Nowak]], born [[date_of_birth|3rd May 2016]], Reception at URN 121212.",
    "Contact the parent on [[phone|+44 (0)20 7946 0345]] or [[email|mum.of.three@example.com]].",
    "[[child_name|Tobiah]]'s EHCP names a specialist place but none is available; he has been at home since [[date_of_birth|XX]].",
    "The EP, [[adult_name|Ms Kowalski]], has 80 open cases.",
    "Twins [[child_name|Ava]] and [[child_name|Owen]] (d.o.b. [[date_of_birth|02.03.15]]) both refused assessment.",
    "[[child_name|MUHAMMAD]] in year 6 has been excluded 4 times; the SENCO ([[adult_name|Ms Begum]]) says there is nowhere else for him.",
    "Spoke to [[adult_name|Mr D Hughes]] from the SEN team. He said [[child_name|Riley]] would not get an assessment 'this side of Christmas'.",
]

HAND_PII = [n for n in HAND_PII if "[[date_of_birth|XX]]" not in n] + [
    "[[child_name|Tobiah]]'s EHCP names a specialist place but none is available; he has been at home since March."
]


# ---------------------------------------------------------------- templated notes

CLEAN_FRAGMENTS = [
    "EHC needs assessment refused for {n} pupils at {school} since {month}.",
    "The LA says it cannot meet the 20-week timescale; current average is {weeks} weeks.",
    "{la} is in the {prog} programme and has told schools to 'hold' requests until {month}.",
    "Schools Forum on {mdate} agreed a {pct}% transfer to the high needs block.",
    "{n} TAs cut across the trust; {pct}% of SEN support pupils now have no adult support.",
    "Hours cap: plans in {la} now say 'up to {hours} hours' rather than a number.",
    "Caseworker turnover: we have had {n} different caseworkers in {n2} months.",
    "Year {yg} class of {big} has {n} pupils on SEN support and one TA in the mornings.",
    "Y{yg} pupils with plans are waiting for a secondary placement, deadline {mdate}.",
    "Deficit of £{money}m reported to cabinet on {mdate} (agenda item {item}).",
    "The {nhs_body} has not commissioned speech and language therapy for {n} months.",
    "{body} visited {town} schools on {mdate}; notes were not shared with staff.",
    "Section {sec} of the plan lists provision with no hours and no provider.",
    "Our head teacher and SENCO met the LA on {mdate}; no minutes yet.",
    "PO {po} was cancelled when the outreach budget was frozen.",
    "Reference {ref} quoted in the LA's reply of {mdate}.",
    "URN {urn} lost its resource base; LA code {lacode}.",
    "Pupil {letter} (Year {yg}) has been on a reduced timetable for {weeks} weeks.",
    "Child {letter} was refused assessment twice; Pupil {letter2} is waiting for an EP.",
    "Annual reviews are {n} months overdue for about {pct}% of plans.",
    "Transport policy changed on {mdate}: only pupils over {hours} miles get a bus.",
    "Our SENCO now teaches {hours} periods a week on top of the SEN role.",
    "Exclusions of pupils with EHCPs up {pct}% at {school} this year.",
    "The deputy head says the top-up band E rate fell from £{k},000 to £{k2},000.",
    "{n} families in {town} told that specialist places are full until {month} {year}.",
    "CAMHS waiting time in {la}: {weeks} weeks for a first appointment.",
    "Tribunal appeals in {la} rose to {n2}{n} last year; the LA lost {pct}%.",
    "At the {mdate} meeting {body} said 'demand management' was working.",
    "Budget for SEN support cut by £{k}k; the SENCO's admin time went from {hours} to {n} hours.",
    "Ofsted's report on {school} (published {mdate}) did not mention the part-time timetables.",
    "{n} out of {big} requests for assessment were refused in {la} in {year}.",
    "{la} (LA {lacode}) has {n2}{n},{k}00 pupils with EHCPs, {pct}% more than in {year}.",
    "The educational psychology service is only doing statutory work; no traded visits since {month}.",
    "Respite provision in {town} closed on {mdate}; parents told to contact the {nhs_body}.",
    "The ICB's 0-25 SEND lead said waiting lists are 'a national problem'.",
    "Summer term: {n} pupils in Year {yg} still without a named school.",
    "Autumn term data: {pct}% of requests refused, up from {n2}% last year.",
    "Newton Europe's report (para {item}) recommends 'reducing the use of EHCPs'.",
    "May {year} Schools Forum papers show the high needs block overspent by £{money}m.",
    "Paragraph {item} of the DBV grant letter mentions {n} workstreams.",
    "Spoke with the union rep, the SENCO and a TA from {school} after school.",
    "Staff told in a briefing on {weekday} that 1:1 support will end in {month}.",
    "{pct}% of our pupils with plans are in mainstream without the support named in section F.",
    "Head of inclusion says referrals to the {nhs_body} are taking {weeks} weeks.",
    "Phone call with the SEN team at 2pm on {mdate}; they said panel meets every {n} weeks.",
]

PII_FRAGMENTS = [
    "{child} in Year {yg} has had no support since {month}.",
    "{child} (Y{yg}) is on a part-time timetable of {hours} hours a week.",
    "{child}'s mum says the EHCP was refused twice.",
    "Spoke to {adult} about {child}'s transport.",
    "{adult} (SENCO) says {child} needs a specialist place.",
    "{adult}, head teacher, confirmed the cuts on {mdate}.",
    "Met {adult} from the SEN team; she would not put it in writing.",
    "Parent {adult} rang on {phone} about the annual review.",
    "Contact: {adult}, {phone}.",
    "Email from {email} confirms the panel decision.",
    "Please reply to {email} before {mdate}.",
    "UPN {upn} on the request form.",
    "Pupil's UPN: {upn}.",
    "{child} (UPN {upn}) was refused assessment.",
    "NHS number {nhsn} quoted on the paediatric letter.",
    "Referral for {child}, NHS no. {nhsn}, rejected by CAMHS.",
    "ULN {ulnv} for the post-16 placement.",
    "Learner's ULN is {ulnv}.",
    "NI number {ninum} for the TA's casework form.",
    "Her national insurance no: {ninum}.",
    "DOB {dob}.",
    "{child}, date of birth {dob}, is in Year {yg}.",
    "{child} was born on {dob} and started reception late.",
    "d.o.b. {dob}; diagnosis of autism in {year}.",
    "Address: {address}, {postcode}.",
    "Family live at {address} ({postcode}) which is {n} miles from the school.",
    "Postcode {postcode} is outside the transport zone.",
    "a boy called {lower_child} in year {yg} was sent home again.",
    "his mum {lower_adult} said nobody had called back.",
    "{child}'s dad {adult_first} works nights and cannot do pick-up at 1pm.",
    "{initials} in Year {yg} is still waiting for an EP.",
    "Pupil {initials2} (Y{yg}) excluded {n} times.",
    "{odd}'s mum has asked for a tribunal.",
    "a girl named {odd} in Year {yg} was refused an assessment.",
    "Teacher: {adult}. Child: {child}.",
    "{ambig} has ADHD and lost her 1:1 in {month}.",
    "I spoke to {ambig}'s dad after school.",
    "Cllr {surname} said the deficit had to come down.",
    "{child} in Y{yg} and {child2} in Y{yg2} share one TA.",
    "The SENCO, {adult}, said {child} would not get a plan.",
    "Call me on {phone} or email {email}.",
]

SCHOOLS = [
    "Oakfield Primary",
    "St Mary's C of E Primary",
    "Hillside Academy",
    "Moorside Juniors",
    "Riverside Infants",
    "Greenbank High School",
    "the secondary",
    "our school",
    "Kingsmead Academy",
    "Elmhurst Primary",
    "Holy Trinity RC Primary",
    "Westfield Community School",
]
NHS_BODIES = [
    "ICB",
    "NHS trust",
    "community health trust",
    "Solent NHS Trust",
    "Whittington Health",
    "Leeds Community Healthcare",
    "CAMHS service",
    "Sussex Partnership",
    "Alder Hey",
]
BODIES = ["DfE", "Ofsted", "Newton Europe", "the ESFA", "the LGA", "DfE advisers", "the ICB"]
TOWNS = [
    "Preston",
    "Blackpool",
    "Whitby",
    "Scarborough",
    "Grimsby",
    "Margate",
    "Barrow-in-Furness",
    "Chesterfield",
    "Kettering",
    "Corby",
    "Truro",
    "Carlisle",
    "Beverley",
    "Stanley",
    "Bath",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
STREETS = [
    "Primrose Close",
    "Station Road",
    "Mill Lane",
    "Church Street",
    "Oak Avenue",
    "Victoria Terrace",
    "Meadow Way",
    "Beech Grove",
    "Park Crescent",
    "Holly Drive",
]


def initials(rng: random.Random) -> str:
    """Two capitals standing for a pupil, never a word or a common acronym."""
    while True:
        pair = rng.choice("BCDFGHJKLMNPRSTW") + rng.choice("ABCDEFGHJKLMNPRSTW")
        if pair not in {"PE", "RE", "DT", "TA", "HT", "DH", "CP", "GP", "SW", "PM", "PP", "LA"}:
            return pair


def fill(tmpl: str, rng: random.Random, las: list[str]) -> str:
    d = {
        "n": rng.randint(2, 19),
        "n2": rng.randint(2, 9),
        "big": rng.randint(25, 34),
        "school": rng.choice(SCHOOLS),
        "month": rng.choice(MONTHS),
        "weeks": rng.randint(21, 80),
        "la": rng.choice(las),
        "prog": rng.choice(["Safety Valve", "Delivering Better Value", "DBV"]),
        "mdate": date_text(rng, 2023, 2025),
        "pct": rng.choice([3, 5, 8, 12, 15, 20, 40, 0.5]),
        "hours": rng.choice([10, 12, 15, 20, 25]),
        "yg": rng.randint(1, 11),
        "yg2": rng.randint(1, 11),
        "money": rng.choice(["1.2", "4.5", "12", "31.7", "0.8"]),
        "item": f"{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        "nhs_body": rng.choice(NHS_BODIES),
        "body": rng.choice(BODIES),
        "town": rng.choice(TOWNS),
        "sec": rng.choice(["F", "B", "I", "19", "42", "E"]),
        "po": rng.choice(
            [
                failing_ten(rng),
                f"PO-{rng.randint(10000, 99999)}",
                f"45{rng.randint(10000000, 99999999)}",
            ]
        ),
        "ref": rng.choice(
            [
                f"SEN/{rng.randint(1000, 9999)}/{rng.randint(20, 25)}",
                failing_ten(rng),
                f"CASE-{rng.randint(100000, 999999)}",
            ]
        ),
        "urn": rng.randint(100000, 149999),
        "lacode": rng.choice([886, 940, 941, 330, 373, 919, 855, 201]),
        "letter": rng.choice("ABCDEFXYZ"),
        "letter2": rng.choice("ABCDEFXYZ"),
        "k": rng.randint(2, 9),
        "k2": rng.randint(2, 9),
        "year": rng.randint(2019, 2025),
        "weekday": rng.choice(WEEKDAYS),
    }
    marked = {
        "child": f"[[child_name|{child_name(rng)}]]",
        "child2": f"[[child_name|{child_name(rng)}]]",
        "adult": f"[[adult_name|{adult_name(rng)}]]",
        "phone": f"[[phone|{phone(rng)}]]",
        "email": "[[email|{}]]".format(
            rng.choice(
                [
                    f"{rng.choice(FIRST_ADULT).lower()}.{rng.choice(SURNAMES).lower().replace(chr(39), '')}@example.org",
                    f"{rng.choice(FIRST_ADULT)[0].lower()}{rng.choice(SURNAMES).lower().replace(chr(39), '')}{rng.randint(1, 99)}@example.com",
                    f"sen.parent{rng.randint(1, 999)}@example.net",
                ]
            )
        ),
        "upn": f"[[upn|{upn(rng, rng.random() < 0.2)}]]",
        "nhsn": f"[[nhs_number|{fmt_nhs(rng, nhs(rng))}]]",
        "ulnv": f"[[uln|{uln(rng)}]]",
        "ninum": f"[[ni_number|{ni(rng)}]]",
        "dob": f"[[date_of_birth|{date_text(rng, 2007, 2020)}]]",
        "address": f"[[address|{rng.randint(1, 220)} {rng.choice(STREETS)}]]",
        "postcode": f"[[postcode|{postcode(rng)}]]",
        "lower_child": f"[[child_name|{rng.choice(FIRST_CHILD).lower()}]]",
        "lower_adult": f"[[adult_name|{rng.choice(FIRST_ADULT).lower()}]]",
        "adult_first": f"[[adult_name|{rng.choice(FIRST_ADULT)}]]",
        "initials": f"[[child_name|{initials(rng)}]]",
        "initials2": f"[[child_name|{rng.choice('BCDFGHJKLMNPRSTW')}.{rng.choice('BCDFGHJKLMNPRSTW')}.]]",
        "odd": f"[[child_name|{rng.choice(FIRST_ODD)}]]",
        "ambig": f"[[child_name|{rng.choice(FIRST_AMBIG)}]]",
        "surname": f"[[adult_name|{rng.choice(SURNAMES)}]]",
    }
    if "Cllr {surname}" in tmpl:
        tmpl = tmpl.replace("Cllr {surname}", "{cllr}")
        marked["cllr"] = f"[[adult_name|Cllr {rng.choice(SURNAMES)}]]"
    return tmpl.format(**{k: str(v) for k, v in d.items()}, **marked)


def build() -> list[dict[str, object]]:
    rng = random.Random(20240914)
    with (ROOT / "data" / "authorities.csv").open(encoding="utf-8") as fh:
        las = [r["name"] for r in csv.DictReader(fh)]
    notes: list[str] = list(HAND_CLEAN)
    for hand in HAND_PII:
        hand = hand.replace("UPNX", upn(rng)).replace("NHSX", fmt_nhs(rng, nhs(rng)))
        notes.append(hand.replace("ULNX", uln(rng)))
    splits = ["dev"] * len(notes)  # hand-written notes use listed names: never the test split
    dev_pools = {
        k: globals()[k]
        for k in ("FIRST_CHILD", "FIRST_ODD", "FIRST_AMBIG", "FIRST_ADULT", "SURNAMES")
    }
    pools = {"dev": dev_pools, "test": test_pools()}
    for j in range(370):  # 190 clean templated notes, then 180 with personal data
        split = "test" if len(notes) % 4 == 3 else "dev"
        use_pools(pools[split])
        splits.append(split)
        if j < 190:
            k = rng.randint(2, 5)
            notes.append(" ".join(fill(t, rng, las) for t in rng.sample(CLEAN_FRAGMENTS, k)))
            continue
        parts = [fill(t, rng, las) for t in rng.sample(CLEAN_FRAGMENTS, rng.randint(1, 3))]
        for t in rng.sample(PII_FRAGMENTS, rng.randint(1, 2)):
            parts.insert(rng.randint(0, len(parts)), fill(t, rng, las))
        notes.append(" ".join(parts))
    use_pools(dev_pools)
    rows = []
    for i, (marked, split) in enumerate(zip(notes, splits, strict=True)):
        text, spans = render(marked)
        rows.append({"id": f"{split}-{i:03d}", "text": text, "spans": spans})
    return rows


def main() -> None:
    rows = build()
    with (HERE / "notes.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    clean = sum(1 for r in rows if not r["spans"])
    print(f"wrote {len(rows)} notes ({clean} without personal data)")


if __name__ == "__main__":
    main()

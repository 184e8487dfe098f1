"""Word lists for the name rules: data files loaded once, plus hand-kept stop and cue words.

Data files live in the wheel as ``svtool/data``; in a checkout they are in the repo's ``data/``.
"""

from __future__ import annotations

import csv
import functools
import io
import sys
from importlib.resources import files
from pathlib import Path

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable


def data_dir() -> Traversable:
    packaged = files("svtool") / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


# The small data files the rules read as they are (the name lexicon records its own digest).
DATA_FILES = ("places.txt", "authorities.csv")


def _read_lines(name: str) -> list[str]:
    text = (data_dir() / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def place_names() -> tuple[frozenset[str], tuple[str, ...]]:
    """Single-word places/bodies (lower case) and multi-word ones (as written), longest first.

    Local authority names come from authorities.csv so the list cannot drift from the data.
    """
    names = list(_read_lines("places.txt"))
    try:
        raw = (data_dir() / "authorities.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(raw)):
            name = (row.get("name") or "").strip()
            if name:
                names.append(name)
                if ", " in name:  # "Bristol, City of"
                    names.append(name.split(", ")[0])
    except FileNotFoundError:
        pass
    single = frozenset(n.lower() for n in names if " " not in n)
    multi = tuple(sorted({n for n in names if " " in n}, key=len, reverse=True))
    return single, multi


def word_set(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Months and terms are strong non-name readings: need a surname or a cue, never "capitalised".
CALENDAR_NAMES = word_set("may june april august summer autumn christian jan jun")

# Capitalised words that are never a surname or part of a name in this domain.
STOP = word_set(
    """a an the and or but if of in on at to for from by with without into onto over under after
    before during about as is are was were be been has have had do does did not no yes this that
    these those there here then than so it its he she they we you i me my our your his her their
    them him who whom which what when where why how all any some each every both either neither
    many much more most few less least other another such same own also only just even still
    again once twice very too quite rather already however therefore although though because
    since until unless while whilst whether also note notes update re fw fwd dear hi hello
    thanks regards kind best monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn winter term half
    year years yr reception nursery ks1 ks2 ks3 ks4 ks5 pupil pupils child children student
    students learner learners boy boys girl girls son daughter parent parents carer carers
    mum mums dad dads mother father family families school schools primary secondary infant
    infants junior juniors academy academies college colleges trust trusts council councils
    county city borough district authority authorities la las forum board panel team teams
    service services department dept government ministry office unit centre center hospital
    hospitals clinic surgery practice partnership federation foundation group university
    nhs icb dfe esfa ofsted cqc camhs senco sencos head heads headteacher headteachers
    teacher teachers deputy assistant officer officers manager managers director directors
    caseworker caseworkers coordinator co-ordinator lead leads chair vice member members
    governor governors trustee trustees clerk councillor cllr minister secretary mp mps
    ehcp ehcps ehc ehcna sen send sena semh asd asc adhd add slcn mld sld pmld spld vi hi
    msi pd ot ep eps salt slt ta tas lsa lsas hlta hltas sendco inclusion support plan plans
    annual review reviews tribunal appeal appeals section sections paragraph para appendix
    annex table figure page chapter part item schedule local national regional english
    british welsh scottish irish street road lane avenue close drive way crescent gardens
    place court terrace grove hill row walk square mews rise view park green parade north
    south east west central upper lower great little new old st saint royal high top safety
    valve delivering better value dbv sv high needs block funding budget deficit pupil
    premium free meals fsm outcome outcomes provision special educational needs disability
    disabilities assessment assessments refused refusal decision decisions meeting meetings
    minutes agenda report reports email emails letter letters phone call calls visit visits
    case cases number numbers total totals data evidence concern concerns issue issues
    complaint complaints request requests response responses action actions summary
    background context today yesterday tomorrow morning afternoon evening week weeks month
    months day days staff staffing cuts cut hours cap caps policy policies guidance code
    practice consultation proposal proposals transport respite therapy therapies health
    care social worker workers education educational psychologist psychologists nurse
    paediatrician doctor gp consultant specialist advisor adviser advisory outreach hub
    base resource provision unit sensory autism autistic speech language communication
    occupational physio physiotherapy mental emotional wellbeing behaviour behavioural
    attendance exclusion exclusions excluded suspension suspensions part-time timetable
    alternative ap pru apprentice apprenticeship post-16 post16 fe sixth form class classes
    group groups set sets room rooms hall library office dining lunch break play playground
    breakfast club after-school holiday holidays easter christmas whitsun bank covid
    ok okay please see attached below above following previous next first second third
    last final new latest current recent interim draft original revised agreed confirmed
    pending delayed overdue late early total average median approx approximately around
    nearly over under about circa per cent percent million billion thousand hundred
    one two three four five six seven eight nine ten eleven twelve twenty thirty fifty
    hundred mr mrs ms miss mx dr prof sir dame lord lady rev fr sr madam mon tue tues wed
    i'm i'll i've i'd it's that's don't can't won't isn't he's she's we're they're you're
    there's let's what's who's i’m i’ll i’ve i’d it’s that’s don’t can’t won’t
    thu thur thurs fri sat sun"""
    ""
)

# Institution words: a capitalised run ending in one of these is an organisation, not a person.
ORG_WORDS = word_set(
    """school schools primary secondary infants infant juniors junior academy academies college
    trust council forum board panel service services centre center hospital hospitals clinic
    surgery practice partnership federation foundation group university nursery nurseries
    pru unit team authority department office commission committee association society
    charity church chapel mosque temple hall house library institute agency network hub
    alliance consortium campus fund ltd limited plc llp cic hospice"""
)

# Job titles and roles: a name next to one is an adult.
ADULT_ROLES = word_set(
    """senco sendco head headteacher teacher deputy assistant officer manager director
    caseworker coordinator co-ordinator chair governor trustee clerk councillor cllr
    minister secretary mp ep psychologist nurse paediatrician doctor gp consultant therapist
    slt salt ot physio specialist advisor adviser rep colleague ta lsa hlta inclusion lead
    principal ceo cfo finance solicitor barrister advocate worker sw mum mother dad father
    parent carer nan gran grandma grandmother grandad grandfather aunt auntie uncle stepdad
    stepmum stepfather stepmother guardian foster"""
)
CHILD_CUES = word_set(
    """son daughter boy girl pupil child student learner lad lass brother sister sibling
    twin baby toddler kid youngster"""
)
TITLES = word_set(
    "mr mrs ms miss mx dr prof professor cllr councillor sir dame rev pani pan mme mlle"
)

# Upper-case words of two or three letters that are acronyms, not a pupil's initials.
BARE_INITIAL_STOP = word_set(
    """TA EP OT LA HT DH AHT SLT SEN CP PE IT RE DT FSM EAL LAC CLA PP MLD SLD ASD ASC SW HV CIN TAF EHA PEP IEP SSP MFL ICT SAT NQT ECT EYFS DSL DFE ICB NHS GP UK US EU BBC ITV MP MPS QC KC IPSEA SEND EHC SLC HI VI MSI PD PMLD AP PRU FE HE SENCO CEO CFO DBV SV OK AM PM ID IQ TV PC RAG KPI HR PA PR QA IS AN AT BE BY DO GO IF IN ME MY NO OF ON OR SO TO UP US WE ALL AND ANY ARE BUT CAN FOR HAS HER HIM HIS HOW ITS NEW NOT NOW OLD ONE OUR OUT SHE THE TOO TWO WAS WHO WHY YES YET YOU VIA PER ETC DOB NI SP UPN ULN DOE CQC LGA PFI SEF SDP SIP CPD INSET TBC TBA ASAP FYI NB PS IEP BSL AAC PECS LGBT BAME ESOL KS GCSE DWP HMRC ONS LEA EPS SLA SLAS SMT LSA SNA HOD HOY SSW CAF EWO EWS EHE EOTAS OOS PT FT HNB GAG DSG SCR CSC MASH LADO CAMHS"""
)
INITIALS_STOP_DOTTED = word_set("UK US PE RE DT AM PM EG IE NB PS GP TA EP OT LA BA MA MP")
REL_WORDS = word_set(
    "mum mam mom dad mother father nan gran grandma grandad carer stepdad stepmum aunt auntie uncle partner"
)
NAMING_CUES = word_set("called named nicknamed")
# Lower-case words that, standing alone, let the lower-case name rules run at all.
CUE_WORDS = word_set(
    """mum mother mam mom dad daughter father friend son sister stepdad stepmum brother nan nanna
    nicknamed named gran grandma grandad carer called aunt auntie uncle partner twin known"""
)
# Street types a lower-case address ('22 mill lane') must have.
STREET_TYPES = word_set(
    "road rd street lane ave avenue drive crescent close gardens terrace grove mews"
)
# Small words inside names ('Ana de la Cruz', 'Siobhán Ní Bhriain', 'Abdul bin Hassan').
PARTICLES = word_set(
    "de da di du do dos das del della der den van von le la al el bin binti ibn ter ten ni nic o ua mac mc ap"
)
DETERMINERS = word_set("his her their my our a the whose with and foster")

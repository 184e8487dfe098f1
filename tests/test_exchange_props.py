"""Property: any valid entries, exported and imported into an empty database, come back field for field."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svtool import checklist as cl
from svtool.cli.main import app
from svtool.models import Entry

ONE_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
MULTI_LINE = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
        st.sampled_from("\t\n\r=+-@\"',;"),
    ),
    max_size=120,
)
COUNT = st.none() | st.integers(min_value=0, max_value=10_000_000)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    section = draw(st.sampled_from(cl.SECTIONS))
    questions = draw(
        st.lists(st.sampled_from([q.id for q in section.questions]), min_size=1, unique=True)
    )
    data: dict[str, Any] = {
        "id": str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        "revision": draw(st.integers(1, 50)),
        "authority_code": draw(st.sampled_from(["886", "878", "330"])),
        "authority_name": draw(ONE_LINE),
        "programme": draw(st.sampled_from(["safety_valve", "dbv", "none"])),
        "section": section.id,
        "questions": questions,
        "strategies": draw(st.lists(st.sampled_from(cl.choice_ids(cl.STRATEGIES)), unique=True))
        if "2.1" in questions
        else [],
        "summary": draw(ONE_LINE),
        "details": draw(MULTI_LINE),
        "occurred_on": draw(st.dates(date(2014, 9, 1), date(2025, 11, 1))),
        "setting": draw(st.sampled_from(cl.choice_ids(cl.SETTINGS))),
        "source": draw(st.sampled_from(cl.choice_ids(cl.SOURCES))),
        "learners_affected": draw(COUNT),
        "staff_affected": draw(COUNT),
        "impacts": draw(st.lists(st.sampled_from(cl.choice_ids(cl.IMPACTS)), unique=True)),
        "tags": draw(st.lists(ONE_LINE, max_size=3, unique=True)),
        "logged_at": draw(st.datetimes()).isoformat() + "Z",
    }
    if "status" in Entry.model_fields and hasattr(cl, "FOLLOW_UP_STATUSES"):  # follow-up fields
        data["status"] = draw(st.sampled_from(cl.choice_ids(cl.FOLLOW_UP_STATUSES)))
        data["outcome"] = draw(MULTI_LINE)
    for f in cl.extra_fields_for(questions):
        if f.kind == "yes-no":
            data[f.id] = draw(st.none() | st.booleans())
        elif f.kind == "count":
            data[f.id] = draw(COUNT)
        else:
            data[f.id] = draw(st.lists(st.sampled_from(cl.choice_ids(f.choices)), unique=True))
    return Entry.model_validate(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=6, unique_by=lambda e: e.id))
def test_export_import_round_trip(generated: list[Entry]) -> None:
    from svtool.evidence import save_entry
    from svtool.store import Store

    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, target, bundle = folder / "rep.db", folder / "hq.db", folder / "b.zip"
        with Store(source) as store:
            for entry in generated:
                save_entry(store, entry)  # as `log` stores it, scan included
        # Exactly as typed: unredacted (so encrypted), since generated text can look like a name.
        key = folder / "head-office.key"
        made = runner.invoke(app, ["keygen", "--output", str(key)])
        assert made.exit_code == 0, made.output
        public = next(w for w in made.stdout.split() if w.startswith("age1"))
        result = runner.invoke(
            app,
            [
                "--db",
                str(source),
                "export",
                "--output",
                str(bundle),
                "--recipient",
                public,
                "--no-redact",
                "--yes",
            ],
        )
        assert result.exit_code == 0, result.output
        result = runner.invoke(
            app, ["--db", str(target), "import", "--identity", str(key), str(bundle)]
        )
        assert result.exit_code == 0, result.output
        assert f"{len(generated)} new, 0 updated, 0 unchanged, 0 rejected" in result.stdout
        with Store(target) as store:
            back = {e.id: e for e in store.entries()}
        assert back == {e.id: e for e in generated}
        for entry in generated:
            assert back[entry.id].as_json() == entry.as_json()

"""Authorities: the shipped list, what reps may type, and head office's newer list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool import authorities as la
from svtool.errors import BadInput

# A copy of the reference list is kept in the repository (see reference/SOURCE.md) so that CI,
# which may not have the shared folder, still compares the shipped list with it.
REFERENCE = Path(__file__).resolve().parent / "reference" / "authorities.csv"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "authorities.csv"


def test_the_list_has_all_153_with_valid_unique_keys():
    rows = la.all_authorities()
    assert len(rows) == 153
    assert len({a.la_code for a in rows}) == 153
    assert len({a.ons_code for a in rows}) == 153
    counts = {p: sum(a.programme == p for a in rows) for p in la.PROGRAMMES}
    assert counts == {"safety_valve": 36, "dbv": 46, "none": 71}


def test_shipped_data_equals_the_reference():
    with REFERENCE.open(newline="", encoding="utf-8") as f:
        reference = list(csv.DictReader(f))
    assert [
        a.as_json() | {"programme_since": a.programme_since} for a in la.all_authorities()
    ] == reference


def test_the_copy_of_the_reference_is_current():
    if not SHARED.exists():
        pytest.skip("shared/reference is not beside this checkout (the copy is checked elsewhere)")
    assert REFERENCE.read_bytes() == SHARED.read_bytes(), "copy shared/reference here again"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("886", "886"),
        ("E10000016", "886"),
        ("e10000016", "886"),
        ("kent", "886"),
        ("KENT COUNTY COUNCIL", "886"),
        ("Kent Council", "886"),
        ("Bristol", "801"),
        ("Bristol City Council", "801"),
        ("City of Bristol", "801"),
        ("Bristol, City of", "801"),
        ("Herefordshire, County of", "884"),
        ("Herefordshire Council", "884"),
        ("Royal Borough of Windsor & Maidenhead", "868"),
        ("London Borough of Hammersmith & Fulham", "205"),
        ("Hammersmith and Fulham", "205"),
        ("St Helens", "342"),
        ("St. Helens Council", "342"),
        ("Metropolitan Borough of Wirral", "344"),
        ("Wirral Metropolitan Borough", "344"),
        ("Borough of Poole", "839"),
        ("Durham County Council", "840"),
        ("County Durham", "840"),
        ("Hull", "810"),
        ("Kingston upon Hull City Council", "810"),
        ("Stoke-on-Trent", "861"),
        ("stoke on trent city council", "861"),
        ("York", "816"),
        ("City of London", "201"),
    ],
)
def test_resolves_what_reps_type(typed, code):
    assert la.resolve(typed).la_code == code


def test_several_matches_are_listed(svtool):
    with pytest.raises(BadInput) as e:
        la.resolve("Sussex")
    message = str(e.value)
    assert "East Sussex (845)" in message and "West Sussex (938)" in message


def test_nothing_matches_suggests_close_names():
    with pytest.raises(BadInput) as e:
        la.resolve("Kentt")
    assert e.value.problems[0].option == "--authority"
    assert "did you mean Kent" in str(e.value)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(la.all_authorities()),
    st.sampled_from(["", " Council", " County Council", " City Council"]),
)
def test_every_authority_resolves_from_its_name_code_and_ons_code(authority, suffix):
    assert la.resolve(authority.la_code) == authority
    assert la.resolve(authority.ons_code.lower()) == authority
    assert la.resolve(authority.name.upper() + suffix) == authority


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_resolution_never_crashes(text):
    try:
        found = la.resolve(text)
    except BadInput as e:
        assert all(p.option == "--authority" for p in e.problems)
    else:
        assert found in la.all_authorities()


def test_cli_lists_with_filters_as_json(svtool):
    result = svtool("authorities", "kent", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == [
        {
            "la_code": "886",
            "ons_code": "E10000016",
            "name": "Kent",
            "region": "South East",
            "la_type": "county",
            "programme": "safety_valve",
            "programme_since": "2022-23",
            "source_note": data[0]["source_note"],
        }
    ]
    sv_london = json.loads(
        svtool("authorities", "--programme", "safety-valve", "--region", "london", "--json").stdout
    )
    assert sv_london and all(
        a["programme"] == "safety_valve" and a["region"] == "London" for a in sv_london
    )
    assert "Croydon" in {a["name"] for a in sv_london}


def test_cli_bad_filters_exit_2_naming_each_option(svtool):
    result = svtool("authorities", "--programme", "safty", "--region", "Narnia")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert any("--programme" in line and "safety-valve, dbv or none" in line for line in lines)
    assert any("--region" in line and "Narnia" in line for line in lines)
    assert result.stdout == ""


def test_newer_list_in_config_folder_takes_precedence(svtool, tmp_path):
    shipped = la.data_file("authorities.csv").read_text(encoding="utf-8")
    newer = shipped.replace(
        "886,E10000016,Kent,South East,county,safety_valve,2022-23",
        "886,E10000016,Kent,South East,county,dbv,2026",
    )
    assert newer != shipped
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "authorities.csv").write_text(newer, encoding="utf-8")
    data = json.loads(svtool("authorities", "886", "--json").stdout)
    assert data[0]["programme"] == "dbv" and data[0]["programme_since"] == "2026"


def test_invalid_newer_list_is_refused_clearly(svtool, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "authorities.csv").write_text(
        "la_code,ons_code,name,region,la_type,programme,programme_since,source_note\n"
        "88,E10000016,Kent,South East,county,maybe,,\n",
        encoding="utf-8",
    )
    result = svtool("authorities")
    assert result.exit_code == 1
    assert "authorities.csv is not valid" in result.stderr
    assert "la_code '88'" in result.stderr and "programme 'maybe'" in result.stderr

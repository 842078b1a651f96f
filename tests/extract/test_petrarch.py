"""PETRARCH2's dictionaries as packaged data: they load, and they say what the field says.

Tests of the shipped JSON need nothing outside the package; the converter tests need
``../shared/data/petrarch2`` and skip without it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from sitroom.errors import E, SitroomError
from sitroom.extract import petrarch as pt

FILES = (
    "agents.json",
    "countries.json",
    "international.json",
    "nonstate.json",
    "verbs.json",
    "discards.json",
)
SOURCE = SHARED / "data" / "petrarch2"
SCRIPT = REPO / "scripts" / "convert_petrarch.py"


def packaged(name: str) -> str:
    return resources.files("sitroom").joinpath(f"data/petrarch/{name}").read_text("utf-8")


# ---------------------------------------------------------------------------- the files


def test_every_file_validates_and_stays_small() -> None:
    pt.load_all()
    sizes = [len(packaged(name).encode()) for name in FILES]
    assert sum(sizes) < 8_000_000
    assert len(pt.agents().agents) > 4000
    assert len(pt.countries().countries) > 190
    assert len(pt.verbs().patterns) > 4000


def test_licence_and_provenance_are_shipped() -> None:
    licence = packaged("LICENSE")
    assert "The MIT License (MIT)" in licence
    assert "Copyright (c) 2014 Open Event Data" in licence
    assert "676801c" in licence and "scripts/convert_petrarch.py" in licence
    readme = packaged("README.md")
    for name in FILES:
        assert name in readme
    assert pt.agents().source.petrarch2_commit == "676801c"


def test_a_broken_file_names_itself() -> None:
    with pytest.raises(SitroomError) as bad_json:
        pt.parse("{not json", "data/petrarch/agents.json", pt.AgentsFile)
    assert bad_json.value.code is E.E050
    assert "data/petrarch/agents.json" in bad_json.value.message

    good = json.loads(packaged("agents.json"))
    good["agents"][0]["sector"] = "XYZ"  # no longer the code's first letters
    with pytest.raises(SitroomError, match=r"E050: .*agents\.json: agents\.0"):
        pt.parse(json.dumps(good), "agents.json", pt.AgentsFile)

    good = json.loads(packaged("discards.json"))
    good["discards"][0]["topic"] = "sports"  # unknown key
    with pytest.raises(SitroomError, match="E050"):
        pt.parse(json.dumps(good), "discards.json", pt.DiscardsFile)


def test_a_role_ending_before_it_starts_is_refused() -> None:
    countries = json.loads(packaged("countries.json"))
    actor = next(a for a in countries["actors"] if a["roles"] and a["roles"][0]["from"])
    actor["roles"][0]["to"] = "1900-01-01"
    with pytest.raises(SitroomError, match=r"E050.*after"):
        pt.parse(json.dumps(countries), "countries.json", pt.CountriesFile)


# ---------------------------------------------------------------------------- agents


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("troops", "MIL"),
        ("soldiers", "MIL"),
        ("civilians", "CVL"),
        ("police", "COP"),
        ("rebels", "REB"),
        ("Peacekeeping troops", "IGO"),
        ("policemen", "COP"),  # POLICE!PERSON!
        ("foreign ministers", "GOV"),  # FOREIGN_!MINIST!
    ],
)
def test_agent_nouns_have_their_sector(noun: str, sector: str) -> None:
    assert pt.agent_sector(noun) == sector


def test_plurals_petrarch_generates_are_there() -> None:
    troops, troop = pt.agent("troops"), pt.agent("troop")
    assert troop is not None and troop.form == "listed"
    assert troops is not None and troops.form == "plural"  # only in the source as TROOP
    assert troops.code == "~MIL"
    assert pt.agent("polices") is None  # POLICE {}: no plural
    assert pt.agent("troopss") is None  # already plural: none made
    envoys = pt.agent("envoys")
    assert envoys is not None and envoys.form == "plural_english"  # rule alone: "envoies"


def test_unknown_words_are_not_agents() -> None:
    assert pt.agent_sector("Russian troops") is None  # phrases, not sentences
    assert pt.agent_sector("teapot") is None


# ---------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("place", "country"),
    [("Kharkiv", "UKR"), ("Kharkov", "UKR"), ("Donetsk", "UKR"), ("Kyiv", "UKR"),
     ("Moscow", "RUS"), ("Minsk", "BLR"), ("Greenland", "DNK")],
)  # fmt: skip
def test_places_map_to_their_country(place: str, country: str) -> None:
    assert pt.place_country(place) == country


def test_places_names_and_demonyms_are_kept_apart() -> None:
    ukraine = pt.country_by_name("Ukraine")
    assert ukraine is not None and ukraine.code == "UKR" and ukraine.iso3 == "UKR"
    assert "kharkiv" in ukraine.places and "kharkiv" not in ukraine.names
    assert pt.country_by_name("Kharkiv") is None
    assert pt.place_country("Ukraine") is None
    adjective = pt.country_by_adjective("Ukrainian")
    assert adjective is not None and adjective.code == "UKR"
    russian = pt.country_by_adjective("Russian")
    assert russian is not None and russian.code == "RUS"
    for name, code in (("U.S.", "USA"), ("United States", "USA"), ("Britain", "GBR")):
        found = pt.country_by_name(name)
        assert found is not None and found.code == code, name


def test_country_history_and_codes_without_iso() -> None:
    ukraine = pt.country("UKR")
    assert ukraine is not None
    assert ukraine.history[0].code == "USRUKR" and ukraine.history[0].end == date(1991, 8, 24)
    soviet = pt.country("SUN")
    assert soviet is not None and soviet.iso3 is None
    assert all(c.iso3 for c in pt.countries().countries if c.code in {"RUS", "UKR", "BLR"})


def test_people_have_dated_roles() -> None:
    (kravchuk,) = pt.country_actors("Leonid Kravchuk")
    assert kravchuk.country == "UKR" and kravchuk.kind == "person"
    assert kravchuk.code_on(date(1993, 1, 1)) == "UKRGOV"
    assert kravchuk.code_on(date(2000, 1, 1)) == "UKRELI"  # the undated default
    putin = [a for a in pt.country_actors("Vladimir Putin") if a.country == "RUS"]
    assert putin and putin[0].code_on(date(2022, 3, 1)) == "RUSGOV"


# ---------------------------------------------------------------------------- other actors


def test_international_organisations() -> None:
    nato = pt.org_by_name("NATO")
    assert nato is not None and nato.sector == "IGO" and nato.main_code.startswith("IGO")
    for name in ("United Nations", "the United Nations", "U.N."):
        un = pt.org_by_name(name)
        assert un is not None and un.main_code == "IGOUNO", name
    assert pt.org_by_name("no such organisation") is None


def test_non_state_groups() -> None:
    boko = pt.org_by_name("Boko Haram")
    assert boko is not None
    assert (boko.country, boko.sector, boko.main_code) == ("NGA", "REB", "NGAREB")
    assert boko in pt.nonstate().actors


# ---------------------------------------------------------------------------- verbs


def test_accuse_patterns_map_to_plover_accuse() -> None:
    (accuse,) = pt.verbs_for("accuse")
    assert accuse.code == "112"
    mapping = pt.plover_for(accuse.code)
    assert mapping is not None and mapping.type == "ACCUSE"
    patterns = pt.verb_patterns("accuse")
    accusing = [p for p in patterns if p.code and p.code.startswith("112")]
    assert len(accusing) >= 10
    assert {pt.plover_for(p.code).type for p in accusing} == {"ACCUSE"}  # type: ignore[union-attr]
    passive = next(p for p in patterns if p.text.startswith("+ been *"))
    assert (passive.source, passive.target) == ("after", "before")


def test_meet_is_consult_and_its_forms_find_it() -> None:
    (meet,) = pt.verbs_for("met")
    assert meet.lemma == "meet" and "meeting" in meet.forms
    consult = pt.plover_for(meet.code)
    assert consult is not None and consult.type == "CONSULT"
    talks = next(p for p in pt.verb_patterns("meet") if p.text == "* (for talks)")
    assert (talks.code, talks.reverse_code) == ("036", "036")
    assert pt.plover_for(talks.code).type == "AGREE"  # type: ignore[union-attr]


def test_plover_table_and_synsets() -> None:
    assert pt.plover_for("190").type == "ASSAULT"  # type: ignore[union-attr]
    assert pt.plover_for("0874").mode == "disarm"  # type: ignore[union-attr]
    assert pt.plover_for("012") is None  # PLOVER dropped CAMEO 01 and 02
    assert pt.plover_for(None) is None
    currency = pt.synset("&CURRENCY")
    assert currency is not None and "dollar" in currency.words and "dollars" in currency.plurals
    assert pt.synset("military") is not None


# ---------------------------------------------------------------------------- discards


def test_discards() -> None:
    match = pt.discard_match("Manchester United beat Chelsea on Sunday")
    assert match is not None and match.scope == "story"
    assert pt.is_discard("He won the championship")  # CHAMPION is a stem
    assert not pt.is_discard("Russian troops shelled Kharkiv on Monday")
    assert not pt.is_discard("In Group Ab")  # GROUP A_ must end at a word boundary
    assert pt.is_discard("Spain top group A, said the coach")


# ---------------------------------------------------------------------------- the converter


def convert(out: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, str(SCRIPT), str(SOURCE), "--out", str(out)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_converter_is_deterministic_and_matches_the_shipped_files(tmp_path: Path) -> None:
    if not SOURCE.exists():
        pytest.skip(f"{SOURCE} is not available (PETRARCH2's dictionaries in ../shared)")
    runs = [convert(tmp_path / "a"), convert(tmp_path / "b")]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "skipped" in stdout and "agents.json" in stdout
    for name in (*FILES, "LICENSE", "README.md"):
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first.decode() == packaged(name), f"{name} is out of date: re-run the script"

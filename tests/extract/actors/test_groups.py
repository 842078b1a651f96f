"""Groups: seats of government, group nouns, armed groups, IGOs, misspelt states, ethnic groups."""

from __future__ import annotations

from extract.actors.support import find, ident, run
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_seats_of_government(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "The Kremlin said the White House had not answered, while Downing Street and the "
        "Elysee urged calm and the Pentagon moved ships."
    )
    ms = run(parser, resolver, text)
    assert ident(find(ms, "Kremlin")) == ("RUS", "RUS", "GOV")
    assert ident(find(ms, "White House")) == ("USA", "USA", "GOV")
    assert ident(find(ms, "Downing Street")) == ("GBR", "GBR", "GOV")
    assert ident(find(ms, "Elysee")) == ("FRA", "FRA", "GOV")
    assert ident(find(ms, "Pentagon")) == ("USA", "USA", "MIL")
    assert all(m.kind == "metonym" for m in ms if m.actor and m.actor.sector)


def test_groups_take_their_sector(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Russian troops stayed while U.S. officials flew home.")
    assert ident(find(ms, "Russian troops")) == ("RUS", "RUS", "MIL")
    assert ident(find(ms, "U.S. officials")) == ("USA", "USA", "GOV")


def test_armed_groups_and_igos(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(
        parser,
        resolver,
        "Hamas fired rockets after the Taliban and al-Qaeda praised the attack, and the "
        "European Community and APEC called for calm.",
        "2001-10-10",
    )
    assert ident(find(ms, "Hamas")) == ("HAMAS", "PSE", "REB")
    assert ident(find(ms, "Taliban")) == ("TALIBAN", "AFG", "REB")
    assert ident(find(ms, "al-Qaeda")) == ("AQ", None, "REB")
    assert ident(find(ms, "European Community"))[1:] == (None, "IGO")
    assert ident(find(ms, "APEC"))[1:] == (None, "IGO")


def test_misspelt_state_names(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Troops from Afganistan and Quatar's emir met in Riyadh.")
    assert ident(find(ms, "Afganistan"))[1] == "AFG"
    assert ident(find(ms, "Quatar"))[1] == "QAT"
    short = run(parser, resolver, "Irann said nothing about Chlna.")  # too short to guess
    assert not any(m.actor and m.actor.country in ("IRN", "CHN") for m in short)


def test_ethnic_groups_take_the_host_state(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Ethnic Albanians clashed with police near Skopje in Macedonia.")
    assert ident(find(ms, "Ethnic Albanians"))[1] == "MKD"
    ms = run(parser, resolver, "Bosnian Serbs shelled the town, Sarajevo radio said.")
    assert ident(find(ms, "Bosnian Serbs"))[1] == "BIH"
    ms = run(parser, resolver, "The Sri Lankan army said Tamil rebels attacked a base.")
    assert ident(find(ms, "Tamil rebels"))[1:] == ("LKA", "REB")

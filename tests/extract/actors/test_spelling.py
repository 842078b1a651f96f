"""Name spelling: transliteration keys, base-style slugs and a gender read from a name."""

from __future__ import annotations

from sitroom.extract.actors.spelling import guess_gender, person_slug, translit_key


def test_transliterations_share_a_key() -> None:
    assert translit_key("Zelenskiy") == translit_key("Zelensky") == translit_key("Zelenskyy")
    assert translit_key("Sergey") == translit_key("Sergei")
    assert translit_key("Khodorkovsky") == translit_key("Hodorkovsky")
    assert translit_key("Zelensky") != translit_key("Zaitsev")


def test_person_slugs_put_the_surname_first() -> None:
    assert person_slug("Ivan Sokolov") == "sokolov-ivan"
    assert person_slug("Piers Holloway Jr") == "jr-piers-holloway"
    assert person_slug("Kuleba") == "kuleba"
    assert person_slug("Ólafur Ragnar Grímsson") == "grimsson-olafur-ragnar"


def test_gender_from_first_name_or_surname_ending() -> None:
    assert guess_gender("Laura Whitfield") == "f"
    assert guess_gender("Mark Delaney") == "m"
    assert guess_gender("Viktor Orban") == "m"
    assert guess_gender("Zlata Zakharova") == "f"  # unlisted first name, Slavic ending
    assert guess_gender("Zakharova") is None  # a surname alone says nothing
    assert guess_gender("Piers Holloway") is None
    assert guess_gender("") is None

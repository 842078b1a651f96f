"""The actor knowledge base: packaged and user files, validation, roles on a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.actors.support import find, ident, run
from sitroom.errors import SitroomError
from sitroom.extract.actors.base import ActorBase
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_base_covers_states_orgs_and_principals() -> None:
    base = ActorBase.load()
    assert len(base.states) >= 190
    for code in ("RUS", "UKR", "USA", "FRA", "DEU", "GBR", "CHN", "BLR", "POL", "TUR"):
        assert code in base.states
    for org in ("NATO", "OSCE", "EU", "UN", "CSTO", "NRC", "NORMANDY", "G7"):
        assert base.get(org) is not None
    stolt = base.get("stoltenberg-jens", "2021-12-21")
    assert stolt is not None and (stolt.country, stolt.sector) == (None, "IGO")


def test_user_file_adds_an_actor(tmp_path: Path, parser: Parser) -> None:
    extra = {
        "people": [
            {
                "id": "marek-tomasz",
                "name": "Tomasz Marek",
                "gender": "m",
                "roles": [{"office": "Mayor of Gdansk", "country": "POL", "sector": "GOV"}],
            }
        ]
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(extra), encoding="utf-8")
    resolver = ActorResolver(ActorBase.load([path]))
    mentions = run(parser, resolver, "Tomasz Marek said the port would stay open.")
    assert ident(find(mentions, "Tomasz Marek")) == ("marek-tomasz", "POL", "GOV")


def test_user_file_with_unknown_key_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"people": [{"id": "x", "name": "X", "nickname": "y"}]}))
    with pytest.raises(SitroomError) as err:
        ActorBase.load([path])
    assert "E050" in str(err.value) and "nickname" in str(err.value)


def test_unknown_sector_is_rejected(tmp_path: Path) -> None:
    bad = {"orgs": [{"id": "ZZ", "name": "Zed Group", "sector": "XYZ"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(SitroomError):
        ActorBase.load([path])


def test_roles_follow_the_article_date(parser: Parser, resolver: ActorResolver) -> None:
    def role(text: str, date: str, actor_id: str) -> str | None:
        _, actors = resolver.resolve(parser.parse_text(text, date=date))
        return next(a.role for a in actors if a.actor_id == actor_id)

    assert role("Olaf Scholz spoke.", "2021-12-21", "scholz-olaf") == "Chancellor of Germany"
    assert "Finance" in (role("Olaf Scholz spoke.", "2021-11-30", "scholz-olaf") or "")
    assert "Vice President" in (role("Joe Biden spoke.", "2015-06-01", "biden-joe") or "")
    assert role("Joe Biden spoke.", "2022-01-10", "biden-joe") == "President of the United States"
    assert role("Dmitry Medvedev spoke.", "2009-06-01", "medvedev-dmitry") == "President of Russia"
    assert "Security Council" in (
        role("Dmitry Medvedev spoke.", "2022-01-10", "medvedev-dmitry") or ""
    )


def test_former_official_is_eli(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Angela Merkel said little.", date="2022-01-20")
    assert ident(find(ms, "Angela Merkel")) == ("merkel-angela", "DEU", "ELI")


def test_historical_roles_follow_the_date(parser: Parser, resolver: ActorResolver) -> None:
    text = "President Bush warned Baghdad on Friday."
    assert ident(find(run(parser, resolver, text, "1990-11-02"), "President Bush"))[0] == (
        "bush-george-h-w"
    )
    assert ident(find(run(parser, resolver, text, "2003-03-18"), "President Bush"))[:2] == (
        "bush-george-w",
        "USA",
    )
    ms = run(parser, resolver, "Yeltsin met Chancellor Kohl in Bonn.", "1994-05-11")
    assert ident(find(ms, "Yeltsin"))[1:] == ("RUS", "GOV")
    assert ident(find(ms, "Chancellor Kohl"))[1:] == ("DEU", "GOV")

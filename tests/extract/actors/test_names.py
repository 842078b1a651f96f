"""Names: listed people by full name, surname and spelling variant; near-spellings."""

from __future__ import annotations

from extract.actors.support import find, ident, run
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_spelling_variants_resolve_to_one_actor(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Volodymr Zelenskiy spoke first. Later Zelenskyy and Zelensky were both quoted. "
        "Sergey Lavrov replied, and Sergei Lavrov's deputy added a note. Kiev and Kyiv agreed."
    )
    ms = run(parser, resolver, text)
    zs = {ident(find(ms, t))[0] for t in ("Volodymr Zelenskiy", "Zelenskyy", "Zelensky")}
    assert zs == {"zelensky-volodymyr"}
    assert ident(find(ms, "Sergey Lavrov"))[0] == ident(find(ms, "Sergei Lavrov"))[0]
    assert ident(find(ms, "Kiev"))[0] == ident(find(ms, "Kyiv"))[0] == "UKR"


def test_missing_apostrophes(parser: Parser, resolver: ActorResolver) -> None:
    text = "Putins aides said Russias demands and NATOs answer were far apart."
    ms = run(parser, resolver, text)
    putin = find(ms, "Putin")
    assert ident(putin)[0] == "putin-vladimir"
    assert text[putin.start : putin.end] == "Putin"
    assert ident(find(ms, "Russia"))[0] == "RUS"
    assert ident(find(ms, "NATO")) == ("NATO", None, "IGO")


def test_different_person_with_same_surname_is_not_merged(
    parser: Parser, resolver: ActorResolver
) -> None:
    ms = run(parser, resolver, "Hunter Biden did not comment on the talks in Geneva.")
    assert not any(m.actor and m.actor.actor_id == "biden-joe" for m in ms)


def test_near_spelling_is_matched_conservatively(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Jens Stoltenburg said the door remained open.")
    hit = [m for m in ms if "Stoltenburg" in m.text]
    assert hit and ident(hit[0])[0] == "stoltenberg-jens"

"""Helpers of the events tests: code a sentence with the rules coder and look at its events.

Mentions come from spaCy's entities and a small made-up actor table, standing in for the actors
stage, so that each test reads as the sentence and the events it should give.
"""

from __future__ import annotations

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.events.coder import RulesCoder
from sitroom.extract.events.profile import Profile
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Event, Mention, ParsedArticle

# A made-up actor table standing in for the actors stage (name -> actor id, ISO3, sector).
ACTORS: dict[str, tuple[str, str | None, str]] = {
    "russia": ("RUS", "RUS", "GOV"),
    "russian": ("RUS", "RUS", "GOV"),
    "russias": ("RUS", "RUS", "GOV"),
    "moscow": ("RUS", "RUS", "GOV"),
    "kremlin": ("RUS", "RUS", "GOV"),
    "putin": ("RUS", "RUS", "GOV"),
    "vladimir putin": ("RUS", "RUS", "GOV"),
    "lavrov": ("RUS", "RUS", "GOV"),
    "grushko": ("RUS", "RUS", "GOV"),
    "alexander grushko": ("RUS", "RUS", "GOV"),
    "peskov": ("RUS", "RUS", "GOV"),
    "medvedev": ("RUS", "RUS", "GOV"),
    "u.s.": ("USA", "USA", "GOV"),
    "us": ("USA", "USA", "GOV"),
    "united states": ("USA", "USA", "GOV"),
    "washington": ("USA", "USA", "GOV"),
    "american": ("USA", "USA", "GOV"),
    "biden": ("USA", "USA", "GOV"),
    "joe biden": ("USA", "USA", "GOV"),
    "blinken": ("USA", "USA", "GOV"),
    "antony blinken": ("USA", "USA", "GOV"),
    "karen donfried": ("USA", "USA", "GOV"),
    "nato": ("NATO", None, "IGO"),
    "stoltenberg": ("NATO", None, "IGO"),
    "jens stoltenberg": ("NATO", None, "IGO"),
    "ukraine": ("UKR", "UKR", "GOV"),
    "ukrainian": ("UKR", "UKR", "GOV"),
    "ukrainians": ("UKR", "UKR", "GOV"),
    "kyiv": ("UKR", "UKR", "GOV"),
    "kiev": ("UKR", "UKR", "GOV"),
    "europe": ("EUR", None, "REG"),
    "germany": ("DEU", "DEU", "GOV"),
    "berlin": ("DEU", "DEU", "GOV"),
    "france": ("FRA", "FRA", "GOV"),
    "belarus": ("BLR", "BLR", "GOV"),
    "china": ("CHN", "CHN", "GOV"),
    "beijing": ("CHN", "CHN", "GOV"),
}


def _norm(text: str) -> str:
    text = text.lower().strip()
    for prefix in ("the ", "president ", "russian president "):
        text = text.removeprefix(prefix)
    return text.removesuffix("'s").removesuffix("’s")


def mentions_from_entities(parsed: ParsedArticle) -> list[Mention]:
    """Mentions built from spaCy entities, until the actors stage exists."""
    out: list[Mention] = []
    for ent in parsed.entities:
        if ent.label not in ("GPE", "ORG", "NORP", "PERSON", "FAC", "LOC"):
            continue
        key = _norm(ent.text)
        hit = ACTORS.get(key) or ACTORS.get(key.split()[-1] if key else "")
        if hit is None:  # "the Russian Defense Ministry": a known word inside the name
            hit = next((ACTORS[w] for w in key.split() if w in ACTORS), None)
        if hit is None:
            if ent.label in ("FAC", "LOC"):
                continue
            hit = (ent.text.upper(), None, "UNK")
        ref = ActorRef(hit[0], ent.text, hit[1], hit[2])
        kind = "adjective" if ent.label == "NORP" else "name"
        out.append(Mention(ent.text, ent.start, ent.end, ref, kind, ent.token_start, ent.token_end))
    return out


def code(parser: Parser, text: str, date: str = "2022-01-10") -> list[Event]:
    parsed = parser.parse_text(text, date=date)
    return RulesCoder().code(parsed, mentions_from_entities(parsed), [])


def one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, f"no {etype} in {[(e.type, e.evidence.trigger.text) for e in events]}"
    return found[0]


def ids(mentions: list[Mention]) -> set[str]:
    return {m.actor.actor_id for m in mentions if m.actor}


def hand_mentions(parsed: ParsedArticle, names: dict[str, tuple[str, str, str]]) -> list[Mention]:
    """Mentions for the given phrases (text -> actor id, country, sector), found in the text."""
    out: list[Mention] = []
    for phrase, (actor_id, country, sector) in names.items():
        start = parsed.text.index(phrase)
        first = parsed.token_at(start)
        last = parsed.token_at(start + len(phrase) - 1)
        assert first is not None and last is not None
        ref = ActorRef(actor_id, phrase, country, sector)
        out.append(Mention(phrase, start, start + len(phrase), ref, "name", first, last + 1))
    return out


def code_resolved(
    parser: Parser, resolver: ActorResolver, text: str, profile: Profile
) -> list[Event]:
    """Events of one sentence (dated 2022-04-20) with the real actors stage and one profile."""
    parsed = parser.parse_text(text, date="2022-04-20")
    mentions, _ = resolver.resolve(parsed)
    return RulesCoder(profile).code(parsed, mentions, [])


def countries(ms: list[Mention]) -> set[str]:
    """The countries of the resolved actors of some mentions."""
    return {m.actor.country for m in ms if m.actor and m.actor.country}


def only(events: list[Event], etype: str) -> Event:
    """The one event of a type (the assertion shows what was coded instead)."""
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.evidence.trigger.text) for e in events]
    return found[0]

"""Quote extraction on sentences we wrote, and on the seed articles when they are present."""

from __future__ import annotations

import pytest

from conftest import SHARED
from sitroom.extract.quotes.rules import extract_quotes
from sitroom.extract.quotes.tagger import MODEL_ENV, model_dir
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Mention, ParsedArticle, Quote


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def mentions_from_entities(parsed: ParsedArticle) -> list[Mention]:
    """Stand-in for the actors stage: one invented actor per PERSON/ORG/GPE entity."""
    out = []
    for e in parsed.entities:
        if e.label in ("PERSON", "ORG", "GPE"):
            ref = ActorRef(f"TEST:{e.text.upper()}", e.text, None, e.label)
            out.append(Mention(e.text, e.start, e.end, ref, "name", e.token_start, e.token_end))
    return out


def run(parser: Parser, text: str) -> list[Quote]:
    parsed = parser.parse_text(text)
    return extract_quotes(parsed, mentions_from_entities(parsed))


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [q.content.text for q in quotes]
    return quotes[0]


def saying(quotes: list[Quote], words: str) -> list[Quote]:
    """The quotes whose content holds ``words``; at least one must."""
    found = [q for q in quotes if words in q.content.text]
    assert found, (words, [q.content.text for q in quotes])
    return found


def test_direct_quote_speaker_after(parser: Parser) -> None:
    q = only(run(parser, "“We will not accept new sanctions,” Ivanov said on Monday."))
    assert q.kind == "direct"
    assert q.content.text == "“We will not accept new sanctions,”"
    assert q.cue.text == "said"
    assert q.source is not None and q.source.text == "Ivanov"
    assert q.speaker is not None and q.speaker.name == "Ivanov"


def test_indirect_speaker_before_keeps_complementizer(parser: Parser) -> None:
    q = only(run(parser, "The foreign minister warned that the talks could collapse within days."))
    assert q.kind == "indirect"
    assert q.cue.text == "warned"
    assert q.source is not None and q.source.text == "The foreign minister"
    assert q.content.text == "that the talks could collapse within days"


def test_indirect_speaker_after_drops_trailing_he_said(parser: Parser) -> None:
    q = only(
        run(
            parser, "The army will pull its tanks back from the border by Friday, the general said."
        )
    )
    # with no quotation marks in the text, whether the comma belongs inside is undecidable
    expected = "The army will pull its tanks back from the border by Friday"
    assert q.content.text.rstrip(",") == expected
    assert q.source is not None and q.source.text == "the general"


def test_mixed_quote(parser: Parser) -> None:
    text = "Kovalenko said the new proposals were “a step in the wrong direction” for the region."
    q = only(run(parser, text))
    assert q.kind == "mixed"
    assert "“a step in the wrong direction”" in q.content.text
    assert not q.content.text.startswith("said")


def test_unmarked_question_then_bare_speaker(parser: Parser) -> None:
    text = "The minister spoke for an hour. Do they expect us to stay silent? he said."
    qs = [q for q in run(parser, text) if q.cue.text == "said"]
    q = only(qs)
    assert q.kind == "unmarked"
    assert q.content.text == "Do they expect us to stay silent?"
    assert q.source is not None and q.source.text == "he"


def test_apposition_between_speaker_and_cue(parser: Parser) -> None:
    text = "Anna Berg, the ministry spokeswoman, said the border crossing would stay closed."
    q = only(run(parser, text))
    assert q.source is not None
    assert q.source.text.startswith("Anna Berg, the ministry spokeswoman")
    assert q.content.text == "the border crossing would stay closed"
    assert q.speaker is not None and q.speaker.name == "Anna Berg"


def test_inverted_speaker(parser: Parser) -> None:
    q = only(run(parser, "“The door to dialogue remains open,” said Markov."))
    assert q.source is not None and q.source.text == "Markov"
    assert q.content.text == "“The door to dialogue remains open,”"


def test_according_to(parser: Parser) -> None:
    q = only(run(parser, "According to the defence ministry, two drones were shot down overnight."))
    assert q.cue.text == "According to"
    assert q.source is not None and q.source.text == "the defence ministry"
    assert q.content.text == "two drones were shot down overnight"


def test_multi_sentence_quote_and_continuation(parser: Parser) -> None:
    text = (
        "“We are ready to talk. But we will defend our land,” Ivanov told reporters. "
        "“Nobody should doubt that.”\n\nThe meeting ended at noon."
    )
    qs = run(parser, text)
    assert len(qs) == 2
    assert {q.cue.start for q in qs} == {qs[0].cue.start}  # one attribution, two fragments
    assert qs[0].content.text == "“We are ready to talk. But we will defend our land,”"
    assert qs[1].content.text == "“Nobody should doubt that.”"
    assert all(q.kind == "direct" for q in qs)


def test_cue_with_particle_and_straight_quotes(parser: Parser) -> None:
    q = only(run(parser, 'The envoy pointed out that "no date has been agreed" for the summit.'))
    assert q.cue.text == "pointed out"
    assert q.kind == "mixed"


def test_first_person_statement_is_not_an_attribution(parser: Parser) -> None:
    assert run(parser, "We want a peaceful solution and we are open to talks.") == []


def test_spans_match_text_and_ids_are_stable(parser: Parser) -> None:
    text = (
        "Dmitri Sokol, the Kremlin aide, said the exercises were routine. "
        "“There is no threat to anyone,” he added. The troops will stay until March, "
        "officials said. According to Western intelligence, more units are on the way."
    )
    parsed = parser.parse_text(text)
    first = extract_quotes(parsed, [])
    again = extract_quotes(parser.parse_text(text), [])
    assert len(first) >= 4
    assert [q.quote_id for q in first] == [q.quote_id for q in again]
    assert len({q.quote_id for q in first}) == len(first)
    for q in first:
        spans = [q.cue, q.content] + ([q.source] if q.source else [])
        for sp in spans:
            assert sp.text == text[sp.start : sp.end]
        assert not (q.content.start < q.cue.end and q.cue.start < q.content.end)
        assert not q.content.text.endswith((",", "."))


def test_seeds_yield_attributions(parser: Parser) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("seed articles not present")
    total = 0
    kinds: set[str] = set()
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        parsed = parser.parse_text(text)
        quotes = extract_quotes(parsed, mentions_from_entities(parsed))
        total += len(quotes)
        kinds.update(q.kind for q in quotes)
        for q in quotes:
            assert q.content.text == text[q.content.start : q.content.end]
        if path.name.startswith(("000", "001")):
            assert any(q.kind == "unmarked" for q in quotes), path.name
    assert total >= 15
    assert {"direct", "indirect", "mixed", "unmarked"} <= kinds


#: Attributed statements a careful reader lists in seeds 000 and 001 (whose quotation marks and
#: apostrophes were stripped): (seed prefix, words of the statement, its speaker). The words
#: locate the statement inside a quote's content; the speaker must be the resolved actor's
#: name or appear in the source span. A pronoun whose referent the text gives before it must
#: resolve to that referent; "she" in 001 has no referent in the text.
SEED_STATEMENTS: list[tuple[str, tuple[str, ...], str]] = [
    ("000", ("constructive", "substantive"), "Putin"),
    ("000", ("bog down",), "Putin"),
    ("000", ("hypersonic", "Crimea"), "Putin"),
    ("000", ("see these threats",), "Putin"),
    ("000", ("ready to start talks",), "Donfried"),
    ("000", ("meaningful dialogue",), "Stoltenberg"),
    ("000", ("nowhere to retreat",), "Putin"),
    ("000", ("react harshly",), "Putin"),
    ("000", ("core principles",), "Stoltenberg"),
    ("000", ("in consultation with",), "Stoltenberg"),
    ("000", ("walks away",), "Putin"),
    ("000", ("oral ones",), "Putin"),
    ("000", ("ultimatum",), "Putin"),
    ("000", ("bloodshed",), "Putin"),
    ("000", ("political and diplomatic means",), "Putin"),
    ("000", ("diplomatic solution",), "Putin"),
    ("000", ("ready to discuss",), "U.S."),
    ("000", ("defensive body",), "NATO"),
    ("000", ("door is open",), "NATO"),
    ("000", ("flight time",), "Putin"),
    ("000", ("serious challenge",), "Putin"),
    ("000", ("withdraw forces",), "Russia"),
    ("001", ("meaningful discussions",), "Stoltenberg"),
    ("001", ("Normandy",), "Putin"),
    ("001", ("refusing to engage",), "Ukraine"),
    ("001", ("defensive materials",), "she"),
    ("001", ("export control",), "official"),
    ("001", ("completely false",), "Kirby"),
    ("001", ("direct talks",), "Zelenskiy"),
    ("001", ("no point",), "Moscow"),
    ("001", ("three channels",), "Donfried"),
    ("001", ("pledges from the West",), "Russia"),
    ("001", ("preparing an invasion",), "Russia"),
    ("001", ("progress diplomatically",), "Blinken"),
    ("001", ("private military contractors",), "Shoigu"),
    ("001", ("chemical substances",), "Shoigu"),
    ("001", ("at our doorstep",), "Putin"),
    ("001", ("watch idly",), "Putin"),
    ("001", ("aggressive line",), "Putin"),
    ("001", ("intermediate-range",), "Ryabkov"),
    ("001", ("military equipment",), "she"),
]


def statement_found(quotes: list[Quote], words: tuple[str, ...], speaker: str) -> bool:
    """Whether a quote holds all ``words`` in its content and names ``speaker``."""
    who = speaker.lower()
    for q in quotes:
        if not all(w.lower() in q.content.text.lower() for w in words):
            continue
        names = [q.speaker.name.lower(), q.speaker.actor_id.lower()] if q.speaker else []
        if q.source is not None:
            names.append(q.source.text.lower())
        if any(who == n or (len(who) > 3 and who in n) for n in names):
            return True
    return False


# --------------------------------------------------------------------------- learned spans


def test_rules_alone_when_model_switched_off(
    parser: Parser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_ENV, "none")
    assert model_dir() is None
    q = only(run(parser, "The foreign minister warned that the talks could collapse."))
    assert q.cue.text == "warned"


@pytest.fixture()
def with_model() -> None:
    if model_dir() is None:
        pytest.skip("no trained quote model in the package")


@pytest.mark.usefixtures("with_model")
def test_model_finds_unmarked_quotes(parser: Parser) -> None:
    text = (
        "The talks in Geneva ended without a deal. We are not going to wait forever, "
        "Deputy Minister Anton Belov told reporters after the meeting. The alliance must "
        "give us an answer this month, he said."
    )
    quotes = run(parser, text)
    first, second = saying(quotes, "wait forever"), saying(quotes, "answer this month")
    assert first[0].source is not None and "Anton Belov" in first[0].source.text
    assert second[0].source is not None and second[0].source.text == "he"
    assert {first[0].kind, second[0].kind} == {"unmarked"}
    for q in quotes:
        assert q.content.text == text[q.content.start : q.content.end]


@pytest.mark.usefixtures("with_model")
def test_model_and_marks_agree(parser: Parser) -> None:
    marked = "“Our borders are not for sale,” the prime minister said on Friday."
    plain = "Our borders are not for sale, the prime minister said on Friday."
    for text in (marked, plain):
        q = only(run(parser, text))
        assert "borders are not for sale" in q.content.text
        assert q.source is not None and q.source.text == "the prime minister"
        assert q.cue.text == "said"


def seed_statements_found(parser: Parser) -> list[bool]:
    from sitroom.extract.actors.resolver import ActorResolver

    resolver = ActorResolver()
    found: list[bool] = []
    for prefix in ("000", "001"):
        paths = sorted((SHARED / "seeds").glob(f"{prefix}_*.txt"))
        if not paths:
            pytest.skip("seed articles not present")
        parsed = parser.parse_text(paths[0].read_text(encoding="utf-8"))
        quotes = extract_quotes(parsed, resolver.resolve(parsed)[0])
        for pre, words, speaker in SEED_STATEMENTS:
            if pre == prefix:
                found.append(statement_found(quotes, words, speaker))
    return found


def test_seed_statements_floor(parser: Parser) -> None:
    """The floor measured now (39 of 41 with the packaged model): raise it, never lower it."""
    found = seed_statements_found(parser)
    assert sum(found) >= 39, f"{sum(found)} of {len(found)}"


def test_described_as_gives_the_claim_of_the_describer(parser: Parser) -> None:
    text = (
        "The rebels blamed the blast on the army, a charge which army spokesman Ivan Petrov "
        "described as entirely baseless."
    )
    quotes = [q for q in run(parser, text) if q.cue.text.startswith("described")]
    q = only(quotes)
    assert q.cue.text in ("described", "described as")  # PolNeAR leaves "as" out
    assert q.source is not None and q.source.text == "army spokesman Ivan Petrov"
    assert q.content.text.removeprefix("as ") == "entirely baseless"


def test_it_as_speaker_is_the_state_that_spoke_before(parser: Parser) -> None:
    text = (
        "Beijing has said repeatedly that the strait is an internal matter. "
        "Analysts in Tokyo expect more naval drills this year. "
        "It says it will not accept foreign warships near its coast."
    )
    quotes = run(parser, text)
    it = saying(quotes, "foreign warships")
    assert it[0].source is not None and it[0].source.text == "It"
    assert it[0].speaker is not None and it[0].speaker.name == "Beijing"


def test_speaker_parsed_as_apposition_before_the_cue(parser: Parser) -> None:
    text = (
        "The city will extend the curfew by a week, a senior police official told reporters "
        "on Sunday."
    )
    qs = [q for q in run(parser, text) if q.cue.text.startswith("told")]
    q = only(qs)
    assert q.source is not None and q.source.text == "a senior police official"
    assert "extend the curfew" in q.content.text


@pytest.mark.usefixtures("with_model")
def test_stripped_paragraph_after_speaker_clause_continues_the_quote(parser: Parser) -> None:
    text = (
        "Fighting resumed near the river on Tuesday.\n\n"
        "The siege is over, the regional governor said on state television. The enemy "
        "cannot break this city.\n"
    )
    quotes = run(parser, text)
    siege = saying(quotes, "siege is over")
    pieces = {q.content.text for q in quotes if q.cue.start == siege[0].cue.start}
    assert "The enemy cannot break this city." in pieces


@pytest.mark.usefixtures("with_model")
def test_stripped_sentences_before_the_speaker_clause_open_the_quote(parser: Parser) -> None:
    text = (
        "Shelling hit the port overnight.\n\n"
        "This is a disgrace. Nobody can accept attacks on civilians, the mayor told reporters "
        "on Monday.\n\n"
        "Why the silence? Ministers are busy, the envoy said.\n"
    )
    quotes = run(parser, text)
    mayor = saying(quotes, "attacks on civilians")
    assert mayor[0].content.text.startswith("This is a disgrace."), mayor[0].content.text
    # a reporter's question before the speaker's words is not theirs
    assert not any(q.content.text.startswith("Why the silence") for q in quotes)


def test_transcript_turns_are_attributed_to_their_speaker(parser: Parser) -> None:
    text = (
        "Meeting with members of the Security Council President of Russia Vladimir Putin: "
        "Good afternoon. Our partners have not answered our proposals. Sergei Lavrov: The "
        "ambassador told the State Department that the talks must continue."
    )
    quotes = run(parser, text)
    turns = {q.source.text: q for q in quotes if q.cue.text == ":" and q.source is not None}
    assert set(turns) == {"President of Russia Vladimir Putin", "Sergei Lavrov"}, [
        (q.cue.text, q.content.text) for q in quotes
    ]
    putin = turns["President of Russia Vladimir Putin"]
    assert putin.content.text == "Good afternoon. Our partners have not answered our proposals."
    assert {q.kind for q in turns.values()} == {"unmarked"}  # spoken words, no marks
    assert putin.speaker is not None and putin.speaker.name == "Vladimir Putin"
    # an attribution inside a turn stays its own
    assert any(q.cue.text == "told" and "talks must continue" in q.content.text for q in quotes)


@pytest.mark.usefixtures("with_model")
def test_stripped_rules_do_not_swallow_a_flattened_text(parser: Parser) -> None:
    filler = " ".join(
        f"Convoy number {k} reached the depot near the river at dawn." for k in range(40)
    )
    text = f"{filler} The siege is over, the regional governor said on state television. {filler}"
    quotes = run(parser, text)
    siege = saying(quotes, "siege is over")
    assert all(len(q.content.text) < 400 for q in quotes if q.cue.start == siege[0].cue.start)

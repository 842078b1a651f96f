"""Quote extraction on sentences we wrote, and on the seed articles when they are present."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.nlp import Parser
from sitroom.quotes import extract_quotes, quote_regions
from sitroom.records import ActorRef, Mention, ParsedArticle, Quote

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
    assert q.content.text == "The army will pull its tanks back from the border by Friday"
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


def test_quote_regions_pairs_marks() -> None:
    text = "He said “yes” and \"no\" and ''maybe''.\nAn unclosed “mark here."
    assert [text[a:b] for a, b in quote_regions(text)] == ["“yes”", '"no"', "''maybe''"]


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

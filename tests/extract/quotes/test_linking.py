"""Linking the tagger's spans into attributions."""

from __future__ import annotations

from builders import guess
from sitroom.extract.quotes.linking import link_spans
from sitroom.nlp import Parser


def test_link_joins_content_split_by_speaker_and_keeps_neighbours_apart(parser: Parser) -> None:
    text = (
        "The ceasefire is holding, the envoy said, and talks will resume on Monday. "
        "Kyiv rejected the offer.\n\nThe army said it had pulled back."
    )
    parsed = parser.parse_text(text)
    guesses = [
        guess(parsed, "CONTENT", "The ceasefire is holding"),
        guess(parsed, "SOURCE", "the envoy"),
        guess(parsed, "CUE", "said"),
        guess(parsed, "CONTENT", "talks will resume on Monday"),
        guess(parsed, "SOURCE", "Kyiv"),
        guess(parsed, "CUE", "rejected"),
        guess(parsed, "CONTENT", "the offer"),
        guess(parsed, "SOURCE", "The army"),
        guess(parsed, "CUE", "said", last=True),
    ]
    linked = link_spans(parsed, guesses)
    by_cue = {(lk.cue.start, lk.source.start if lk.source else None): lk for lk in linked}
    first = by_cue[(text.index("said"), text.index("the envoy"))]
    assert [parsed.text[g.start : g.end] for g in first.contents] == [
        "The ceasefire is holding",
        "talks will resume on Monday",
    ]
    second = by_cue[(text.index("rejected"), text.index("Kyiv"))]
    assert [parsed.text[g.start : g.end] for g in second.contents] == ["the offer"]
    third = by_cue[(text.rindex("said"), text.index("The army"))]
    assert third.contents == ()  # no content reachable: the rules must fill it or drop it


def test_statement_after_colon_and_line_break_goes_to_the_speaker(parser: Parser) -> None:
    text = (
        "The governor spoke to reporters. She said:\n\nWe will rebuild every bridge.\n\n"
        "Rain fell all week.\n\nOfficials warned of floods."
    )
    parsed = parser.parse_text(text)
    guesses = [
        guess(parsed, "SOURCE", "She"),
        guess(parsed, "CUE", "said"),
        guess(parsed, "CONTENT", "We will rebuild every bridge."),
        guess(parsed, "CONTENT", "Rain fell all week"),
        guess(parsed, "SOURCE", "Officials"),
        guess(parsed, "CUE", "warned"),
    ]
    by_cue = {parsed.text[lk.cue.start : lk.cue.end]: lk for lk in link_spans(parsed, guesses)}
    said = by_cue["said"]
    assert [parsed.text[g.start : g.end] for g in said.contents] == [
        "We will rebuild every bridge."
    ]
    # a paragraph break with no colon before it still keeps spans apart
    assert by_cue["warned"].contents == ()

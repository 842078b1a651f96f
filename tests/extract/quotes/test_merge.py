"""Merging the tagger's attributions with the rules'."""

from __future__ import annotations

from sitroom.nlp import Parser


def test_content_before_the_speaker_clause_opens_a_split_quote() -> None:
    from sitroom.extract.quotes.candidate import _Cand
    from sitroom.extract.quotes.merge import _with_rule_before

    text = "The bridge is closed, she said. Trucks must wait."
    cue = (text.index("said"), text.index("said") + 4)
    before = (0, text.index(","))
    after = (text.index("Trucks"), len(text) - 1)
    rule = _Cand(cue, (22, 25), (before,), True, None, 0.85)
    assert _with_rule_before((after,), rule, cue) == (before, after)
    assert _with_rule_before((before,), rule, cue) == (before,)  # already there


def test_words_before_the_cue_join_only_when_they_end_at_the_speaker_clause() -> None:
    from sitroom.extract.quotes.merge import _adjacent_before

    text = '"We are ready," Anna Koval said. "The convoy leaves at dawn."'
    cue = (text.index("said"), text.index("said") + 4)
    source = (text.index("Anna"), text.index(" said"))
    first = (0, text.index(",") + 2)
    later = (text.index('"The'), len(text))
    assert _adjacent_before(text, (first, later), cue, source) == (first, later)
    text = "Officials denied that the port was mined and says the convoy leaves at dawn."
    cue = (text.index("says"), text.index("says") + 4)
    mined = (text.index("that"), text.index(" and"))
    dawn = (text.index("the convoy"), len(text) - 1)
    assert _adjacent_before(text, (mined, dawn), cue, None) == (dawn,)


def test_a_content_stops_before_the_next_turns_label() -> None:
    from sitroom.extract.quotes.candidate import _Cand
    from sitroom.extract.quotes.merge import _before_next_label

    text = (
        "Oleg Petrov: The harvest was good. Thank you all. Minister of Farming Ivan Sidorov "
        "Sidorov IvanMinister of Farming: Thank you, sir."
    )
    label = text.index("Minister of Farming Ivan")
    cand = _Cand((11, 12), (0, 11), ((13, len(text)),), False, None, 0.9, learned=True)
    cut = _before_next_label(text, cand, [label])
    assert [text[a:b] for a, b in cut.contents] == ["The harvest was good. Thank you all."]
    assert _before_next_label(text, cand, [5]).contents == cand.contents  # label before the cue


def test_a_colon_the_tagger_found_without_its_speaker_takes_the_turns_label(
    parser: Parser,
) -> None:
    from sitroom.extract.quotes.candidate import _Cand
    from sitroom.extract.quotes.merge import _with_layout

    text = (
        "The meeting was held in the Kremlin. * * * Opening remarks at the session of the "
        "Security Council President of Russia Vladimir Putin: Good afternoon, colleagues. The "
        "harvest was good this year."
    )
    colon = text.index(":")
    first = (colon + 2, text.index(" The harvest"))
    before = (0, text.index(" * * *"))
    parsed = parser.parse_text(text)
    found = _with_layout(parsed, [_Cand((colon, colon + 1), None, (first,), False, None, 0.8)])
    assert [text[slice(*c.source)] for c in found if c.source] == [
        "President of Russia Vladimir Putin"
    ]
    found = _with_layout(parsed, [_Cand((colon, colon + 1), None, (before,), False, None, 0.8)])
    assert all(c.source is None for c in found)  # words before the label are not its turn's


def test_i_far_into_a_turn_is_the_turns_speaker_however_short_the_taggers_content(
    parser: Parser,
) -> None:
    from sitroom.extract.quotes.candidate import _Cand
    from sitroom.extract.quotes.principals import _resolve_turns
    from sitroom.records import ActorRef

    text = (
        "President of Russia Vladimir Putin: Good afternoon, colleagues. The harvest was "
        "good. Prices held. I would like to note that exports grew."
    )
    colon = text.index(":")
    i = text.index("I would")
    cue = (text.index("would like"), text.index("would like") + 10)
    turn = _Cand((colon, colon + 1), (0, colon), ((colon + 2, colon + 30),), False, None, 0.8)
    mine = _Cand(cue, (i, i + 1), ((text.index("that exports"), len(text) - 1),), False, None, 0.8)
    putin = ActorRef("putin-vladimir", "Vladimir Putin", "RUS", "GOV")
    out = _resolve_turns(
        parser.parse_text(text), [turn, mine], [(putin, "head:name"), (None, "unresolved")]
    )
    assert out[1] == (putin, "turn:name")

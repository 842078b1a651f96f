"""Merging the tagger's attributions with the rules'."""

from __future__ import annotations


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

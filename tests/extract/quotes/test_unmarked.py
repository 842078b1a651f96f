"""The rules for text whose quotation marks were stripped: final stops, sentence breaks,
the reporter's sentences."""

from __future__ import annotations

from sitroom.nlp import Parser


def test_unquoted_content_loses_final_full_stop_but_abbreviation_keeps_it() -> None:
    from sitroom.extract.quotes.unmarked import _trim_unquoted

    text = "She said the ceasefire would hold. He said talks moved to the U.S."
    end1 = text.index(".") + 1
    assert text[slice(*_trim_unquoted(text, (9, end1)))] == "the ceasefire would hold"
    a = text.index("talks")
    assert text[slice(*_trim_unquoted(text, (a, len(text))))] == "talks moved to the U.S."


def test_unquoted_sentence_after_speaker_clause_is_not_the_speakers() -> None:
    from sitroom.extract.quotes.unmarked import _own_sentences

    text = (
        "Aid convoys are stuck at the border, the minister said. "
        'Trucks wait for days. "We need access," she added.'
    )
    first = (0, text.index(","))
    cue = (text.index("said"), text.index("said") + 4)
    later = (text.index("Trucks"), text.index("days") + 4)
    quoted = (text.index('"We'), text.index('," she') + 2)
    assert _own_sentences(text, (first, later), cue) == (first,)
    assert _own_sentences(text, (first, quoted), cue) == (first, quoted)


def test_reported_that_clause_takes_no_full_stop_in_stripped_text() -> None:
    from sitroom.extract.quotes.unmarked import _reported_clause

    text = "Officials said that the bridge had been shelled overnight."
    a = text.index("that")
    assert text[slice(*_reported_clause(text, (a, len(text))))].endswith("overnight")


def test_stripped_comma_goes_with_present_tense_words_before_the_speaker() -> None:
    from sitroom.extract.quotes.unmarked import _with_period

    spoken = "Our patience is running out, the envoy said."
    cue = (spoken.index("said"), spoken.index("said") + 4)
    assert spoken[slice(*_with_period(spoken, (0, spoken.index(",")), cue))].endswith("out,")
    reported = "The convoy had been stopped at the border, the envoy said."
    cue = (reported.index("said"), reported.index("said") + 4)
    end = reported.index(",")
    assert _with_period(reported, (0, end), cue) == (0, end)


def test_stripped_full_stop_only_for_own_words_after_the_cue() -> None:
    from sitroom.extract.quotes.unmarked import _reported_clause, _with_period

    text = "He said we will not give up an inch of our land."
    cue = (3, 7)
    a = text.index("we")
    assert text[slice(*_with_period(text, (a, len(text) - 1), cue))].endswith("land.")
    text = "She said that we are ready for talks."
    assert text[slice(*_reported_clause(text, (9, len(text))))].endswith("talks.")
    text = "She said that they were ready for talks."
    assert text[slice(*_reported_clause(text, (9, len(text))))].endswith("talks")


def test_narrated_sentences_are_the_reporters(parser: Parser) -> None:
    from sitroom.extract.quotes.candidate import _Cand
    from sitroom.extract.quotes.unmarked import _narrated

    text = (
        "Prices will fall, Anna Petrenko said. Petrenko ran the bank for years. "
        "Later she resigned. (She denies any wrongdoing.) Markets are calm."
    )
    parsed = parser.parse_text(text)
    src = (text.index("Anna"), text.index(" said"))
    cue = (src[1] + 1, src[1] + 5)
    cand = _Cand(cue, src, ((0, text.index(",") + 1),), False, None, 0.9, True)

    def sentence(first: str, last: str) -> tuple[int, int]:
        return text.index(first), text.index(last) + len(last)

    assert _narrated(parsed, cand, *sentence("Petrenko ran", "years."))
    assert _narrated(parsed, cand, *sentence("Later", "resigned."))
    assert _narrated(parsed, cand, *sentence("(She", "wrongdoing.)"))
    assert not _narrated(parsed, cand, *sentence("Markets", "calm."))


def test_abbreviations_do_not_make_a_stripped_content_several_sentences() -> None:
    from sitroom.extract.quotes.unmarked import _sentence_break, _with_period

    assert not _sentence_break("the talks with the U.S. delegation went on")
    assert not _sentence_break("that Mr. Putin and Gen. Gerasimov met at 3 a.m. on Monday")
    assert _sentence_break("the talks failed. Nobody wants a war")
    text = "She said the U.S. Navy sent two more ships to the region."
    cue = (4, 8)
    a = text.index("the U.S.")
    assert text[slice(*_with_period(text, (a, len(text) - 1), cue))].endswith("region")


def test_stripped_short_opening_before_a_speaker_clause_keeps_no_comma() -> None:
    from sitroom.extract.quotes.unmarked import _with_period

    text = "Climate change, the minister said, is the gravest threat we face."
    cue = (text.index("said"), text.index("said") + 4)
    assert _with_period(text, (0, text.index(",")), cue) == (0, text.index(","))
    text = "The harvest is lost this year, the minister said."
    cue = (text.index("said"), text.index("said") + 4)
    assert text[slice(*_with_period(text, (0, text.index(",")), cue))].endswith("year,")

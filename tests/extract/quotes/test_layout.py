"""Attributions given by layout: transcript turns and signed quotes (our own texts)."""

from __future__ import annotations

import pytest

from sitroom.extract.quotes.layout import LayoutAttribution, layout_attributions
from sitroom.nlp import Parser


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def spans(text: str, att: LayoutAttribution) -> tuple[str, str, str]:
    return (
        text[slice(*att.source)],
        text[slice(*att.cue)],
        text[slice(*att.content)],
    )


def test_flattened_transcript_turns_run_to_the_next_label(parser: Parser) -> None:
    text = (
        "The meeting was held in the Kremlin. * * * Opening remarks at the session of the "
        "Security Council President of Russia Vladimir Putin: Good afternoon, colleagues. "
        "We will discuss the situation on the border. Sergei Lavrov: Thank you. The talks "
        "in Geneva gave no result. Vladimir Putin: Thank you."
    )
    found = [spans(text, a) for a in layout_attributions(parser.parse_text(text))]
    assert found == [
        (
            "President of Russia Vladimir Putin",
            ":",
            "Good afternoon, colleagues. We will discuss the situation on the border.",
        ),
        ("Sergei Lavrov", ":", "Thank you. The talks in Geneva gave no result."),
        ("Vladimir Putin", ":", "Thank you."),
    ]


def test_a_label_with_a_glued_speaker_card_is_the_named_speakers_turn(parser: Parser) -> None:
    text = (
        "President of Russia Vladimir Putin: Good evening. Welcome to Moscow! President of the "
        "Republic of Azerbaijan Ilham Aliyev Aliyev IlhamPresident of Azerbaijan: Thank you very "
        "much, Mr President. The trade between us grew. Defence Minister Sergei Shoigu Shoigu "
        "SergeiDefence Minister : Comrade Supreme Commander, the drills are over."
    )
    found = [spans(text, a) for a in layout_attributions(parser.parse_text(text))]
    assert found == [
        ("President of Russia Vladimir Putin", ":", "Good evening. Welcome to Moscow!"),
        (
            "President of the Republic of Azerbaijan Ilham Aliyev",
            ":",
            "Thank you very much, Mr President. The trade between us grew.",
        ),
        ("Defence Minister Sergei Shoigu", ":", "Comrade Supreme Commander, the drills are over."),
    ]


def test_interview_labels_in_capitals_need_several_turns(parser: Parser) -> None:
    text = (
        "UPDATE: This story was changed on Monday.\n\n"
        "HOST: Minister, will the border reopen?\n\n"
        "KOVAL: Not this week. We need guarantees first.\n\n"
        "HOST: And next week?\n\n"
        "KOVAL: We will see.\n"
    )
    found = [spans(text, a) for a in layout_attributions(parser.parse_text(text))]
    sources = [s for s, _, _ in found]
    assert sources == ["HOST", "KOVAL", "HOST", "KOVAL"]  # "UPDATE" heads one line only
    assert found[1] == ("KOVAL", ":", "Not this week. We need guarantees first.")


def test_colon_inside_a_sentence_is_not_a_turn(parser: Parser) -> None:
    text = "The envoy handed a letter to Vladimir Putin: Moscow must answer by Friday."
    assert layout_attributions(parser.parse_text(text)) == []


def test_label_opened_by_said_takes_the_verb_as_cue(parser: Parser) -> None:
    text = "Prices rose again in March. Said Olena Marchenko: We cannot pay these bills."
    (att,) = layout_attributions(parser.parse_text(text))
    assert spans(text, att) == ("Olena Marchenko", "Said", "We cannot pay these bills.")


def test_signed_quote_with_marks_and_with_them_stripped(parser: Parser) -> None:
    marked = (
        "Readers wrote to us after the debate.\n\n"
        "“He has no plan for the villages. We were forgotten again.” ― Ivan P. Hrytsenko, Lviv\n"
    )
    (att,) = layout_attributions(parser.parse_text(marked))
    assert spans(marked, att) == (
        "Ivan P. Hrytsenko",
        "―",
        "“He has no plan for the villages. We were forgotten again.”",
    )
    bare = (
        "Readers wrote to us after the debate.\n\n"
        "He has no plan for the villages. We were forgotten again. Ivan Hrytsenko.\n\n"
        "Photo by Reuters.\n"
    )
    (att,) = layout_attributions(parser.parse_text(bare))
    source, cue, content = spans(bare, att)
    assert (source, content) == (
        "Ivan Hrytsenko",
        "He has no plan for the villages. We were forgotten again.",
    )
    assert cue == ""  # the dash was lost: the cue keeps its place, empty


def test_a_cards_position_words_before_the_name_belong_to_its_label(parser: Parser) -> None:
    text = (
        "Vladimir Putin: Thank you. All the best. Minister of Industry and Trade Denis Manturov "
        "Manturov DenisDeputy Prime Minister: Thank you very much, Mr President."
    )
    found = [spans(text, a) for a in layout_attributions(parser.parse_text(text))]
    assert found[-1] == (
        "Minister of Industry and Trade Denis Manturov",
        ":",
        "Thank you very much, Mr President.",
    )
    assert found[0][2] == "Thank you. All the best."

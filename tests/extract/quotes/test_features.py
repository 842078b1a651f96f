"""The tagger's input features: sentence context, and the sentences it reads."""

from __future__ import annotations

import pytest

from sitroom.extract.quotes.features import (
    context_features,
    doc_from_parsed,
    relevant_tokens,
    sentence_ids,
)
from sitroom.nlp import Parser


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def _feats(words: list[str], rels: list[str]) -> list[dict[str, str]]:
    spaces = [True] * len(words)
    out = []
    for f in context_features(words, spaces, rels):
        out.append(dict(kv.split("=") for kv in f.split("|")))
    return out


def test_sentences_split_at_full_stops_and_line_breaks_keeping_closing_marks() -> None:
    words = ["We", "will", "stay", ".", "\u201d", "He", "left", "\n\n", "Talks", "end", "?"]
    spaces = [True, True, False, False, True, True, False, False, True, False, False]
    ids = sentence_ids(words, spaces)
    # the closing mark glued to the full stop stays in the first sentence
    assert ids[:5] == [0, 0, 0, 0, 0]
    assert ids[5] == ids[6] == 1
    assert ids[8] == ids[10] == 2


def test_sentence_after_speaker_clause_knows_its_cue_came_just_before() -> None:
    # "Our troops will not withdraw , the minister said . We are ready . Talks went on ."
    words = "Our troops will not withdraw , the minister said . We are ready . Talks went on ."
    rels = ["x|-"] * 18
    rels[8] = "ROOT|CUE"
    feats = _feats(words.split(), rels)
    assert feats[0]["Cue"] == "F"  # the cue ends its sentence: the content came first
    assert feats[0]["Pers"] == "Yes"
    assert feats[10]["Prev"] == "1F" and feats[10]["Pers"] == "Yes"
    assert feats[14]["Prev"] == "2F" and feats[14]["Pers"] == "No"
    assert feats[10]["Cue"] == "N"


def test_sentence_before_a_final_speaker_clause_sees_it_ahead() -> None:
    words = "Prices will fall . Supplies are coming , the agency said ."
    rels = ["x|-"] * 12
    rels[10] = "ROOT|CUE"
    feats = _feats(words.split(), rels)
    assert feats[0]["Next"] == "1F"
    assert feats[0]["Prev"] == "No"


def test_capital_us_is_not_a_first_person_word() -> None:
    feats = _feats(["The", "US", "sent", "aid", "."], ["x|-"] * 5)
    assert feats[0]["Pers"] == "No"


def test_doc_features_do_not_depend_on_which_tokens_are_kept(parser: Parser) -> None:
    text = (
        "The ceasefire will hold, the commander said on Monday. We have no reason to doubt it. "
        "Farmers returned to the fields. The harvest was late this year."
    )
    parsed = parser.parse_text(text)
    full = doc_from_parsed(parser_vocab(), parsed)
    keep = relevant_tokens(parsed)
    part = doc_from_parsed(parser_vocab(), parsed, keep)
    assert [str(t.morph) for t in part] == [str(full[k].morph) for k in keep]


def parser_vocab() -> object:
    import spacy

    return spacy.blank("en").vocab


def test_sentence_after_the_cue_is_read_and_far_ones_are_not(parser: Parser) -> None:
    text = (
        "Our forces are ready, the general said. They have trained for months. "
        "The weather stayed cold. Markets were calm. Shops opened late. Rain fell in the north."
    )
    parsed = parser.parse_text(text)
    kept = {parsed.tokens[k].text for k in relevant_tokens(parsed)}
    assert "trained" in kept  # the sentence after the speaker clause may carry the quote on
    assert "north" not in kept  # far from any cue: the model does not spend time on it


def test_the_anchor_verbs_given_decide_which_sentences_are_read(parser: Parser) -> None:
    text = (
        "Markets were calm. The weather stayed cold. Shops opened late. Rain fell in the north. "
        "The minister mumbled that talks would resume."
    )
    parsed = parser.parse_text(text)
    assert relevant_tokens(parsed, frozenset()) == []
    kept = {parsed.tokens[k].text for k in relevant_tokens(parsed, frozenset({"mumble"}))}
    assert "resume" in kept and "Markets" not in kept

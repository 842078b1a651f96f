"""The learned attribution tagger: its sentence-context features, the sentences it reads, and
the guard against a model trained on other input features."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builders import guess
from sitroom.errors import SitroomError
from sitroom.extract.quotes.tagger import (
    ANCHOR_LEMMAS,
    DEFAULT_MODEL_DIR,
    anchor_digest,
    context_features,
    doc_from_parsed,
    link_spans,
    load_model,
    model_config,
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


def test_model_config_reads_context_only_when_asked() -> None:
    assert '"MORPH"' in model_config(64, 3, context=True)
    assert '"MORPH"' not in model_config(64, 3, context=False)


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


def test_model_trained_on_other_features_is_refused(tmp_path: Path) -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["sitroom_features"] = 99
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SitroomError):
        load_model(str(folder))


def test_model_trained_with_other_anchor_lemmas_is_refused(tmp_path: Path) -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["sitroom_anchor_lemmas"] = anchor_digest(ANCHOR_LEMMAS | {"mumble"})
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SitroomError, match="anchor lemmas"):
        load_model(str(folder))


def test_packaged_model_loads() -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    nlp = load_model(str(DEFAULT_MODEL_DIR))
    assert set(nlp.get_pipe("ner").labels) == {"SOURCE", "CUE", "CONTENT"}


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

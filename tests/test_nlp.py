from __future__ import annotations

import pytest

from sitroom.errors import SitroomError
from sitroom.nlp import Parser, load_pipeline
from sitroom.records import Article


def test_parsed_article_offsets_point_into_the_text(parser: Parser) -> None:
    text = (
        "The foreign minister flew to Ankara on Monday.\nTalks with his Turkish host lasted hours."
    )
    parsed = parser.parse_text(text)
    assert len(parsed.sentences) == 2
    for tok in parsed.tokens:
        assert text[tok.start : tok.end] == tok.text
    ankara = next(e for e in parsed.entities if e.text == "Ankara")
    assert ankara.label == "GPE"
    assert parsed.span(ankara.token_start, ankara.token_end).text == "Ankara"
    flew = next(t for t in parsed.tokens if t.text == "flew")
    minister = next(t for t in parsed.tokens if t.text == "minister")
    assert minister.head == flew.i and minister.dep == "nsubj"
    assert minister.i in parsed.subtree(flew.i)


def test_parse_many_streams_in_input_order(parser: Parser) -> None:
    arts = [
        Article(article_id=f"a{i}", source_path="", text=f"Envoy {i} arrived.") for i in range(5)
    ]
    ids = [p.article.article_id for p in parser.parse_many(iter(arts))]
    assert ids == ["a0", "a1", "a2", "a3", "a4"]


def test_unknown_pipeline_is_a_clear_error() -> None:
    with pytest.raises(SitroomError, match="E021"):
        load_pipeline("no_such_pipeline_xyz")


def test_no_sentence_runs_across_a_line_break(parser: Parser) -> None:
    text = "Read more about the summit\nThe envoy said the talks would resume in Vienna on Friday."
    parsed = parser.parse_text(text)
    firsts = [parsed.text[s.start : s.end].strip() for s in parsed.sentences]
    assert firsts[0] == "Read more about the summit"
    assert firsts[1].startswith("The envoy said")

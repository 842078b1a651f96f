from __future__ import annotations

from typing import Any

import pytest

from sitroom.errors import SitroomError
from sitroom.nlp import Parser, load_pipeline, windows
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


LONG = "\n\n".join(
    f"Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would not attack"
    f" Ukraine, in statement number {n}. NATO Secretary General Jens Stoltenberg accused"
    f' Russia of massing troops near the border. "We are ready to talk," Ukrainian President'
    f" Volodymyr Zelensky told reporters in Kyiv."
    for n in range(12)
)


def test_windows_keep_the_articles_offsets(parser: Parser) -> None:
    parsed = parser.parse(Article(article_id="long", source_path="", text=LONG, date="2022-01-10"))
    parts = windows(parsed, 700)
    assert len(parts) > 3
    assert [s.start for p in parts for s in p.sentences] == [s.start for s in parsed.sentences]
    for part in parts:
        start = part.sentences[0].start
        assert part.text[start:] == LONG[start : part.sentences[-1].end]
        assert not part.text[:start].strip()  # what comes before is blanked
        assert [t.i for t in part.tokens] == list(range(len(part.tokens)))
        for t in part.tokens:
            assert part.text[t.start : t.end] == t.text
            assert 0 <= t.head < len(part.tokens)
        for e in part.entities:
            assert part.tokens[e.token_start].start == e.start
    assert windows(parsed, len(LONG)) == [parsed]


def test_a_long_text_in_windows_gives_the_same_events_and_quotes(parser: Parser) -> None:
    from sitroom.pipeline import Extractor

    parsed = parser.parse(Article(article_id="long", source_path="", text=LONG, date="2022-01-10"))
    whole = Extractor(window_chars=len(LONG)).extract(parsed)
    cut = Extractor(window_chars=700).extract(parsed)
    assert whole.events and whole.quotes
    assert [e.to_dict() for e in cut.events] == [e.to_dict() for e in whole.events]

    # the same attributions (who, which cue, where the content starts); the quote tagger reads
    # the sentences around a cue, so a content's end may differ at a window's start
    def who(quotes: list[Any]) -> list[tuple[Any, ...]]:
        return [(q.quote_id, q.kind, q.cue, q.source, q.speaker, q.content.start) for q in quotes]

    assert who(cut.quotes) == who(whole.quotes)
    assert cut.parsed is parsed

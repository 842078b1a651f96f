"""The local engine parses all chunks as one stream and gives each chunk back whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.engine.local import LocalEngine
from sitroom.records import Article, ParsedArticle


class CountingParser:
    """Parses nothing; counts how many times a stream was started."""

    def __init__(self) -> None:
        self.streams = 0

    def parse_many(self, articles: Iterable[Article]) -> Iterator[ParsedArticle]:
        self.streams += 1
        for a in articles:
            yield ParsedArticle(article=a, tokens=[], sentences=[], entities=[])


class Ids:
    def extract(self, parsed: ParsedArticle) -> Any:
        return parsed.article.article_id

    def extract_many(self, articles: list[ParsedArticle]) -> list[Any]:
        assert len(articles) <= 16  # a batch of the tagger at most
        return [self.extract(p) for p in articles]


def _engine() -> tuple[LocalEngine, CountingParser]:
    engine = LocalEngine.__new__(LocalEngine)
    parser = CountingParser()
    engine.parser, engine.extractor = parser, Ids()  # type: ignore[assignment]
    return engine, parser


def _articles(*ids: str) -> list[Article]:
    return [Article(article_id=i, source_path="", text=i) for i in ids]


def test_chunks_come_back_whole_and_in_order_from_one_stream() -> None:
    engine, parser = _engine()
    chunks = [_articles("a", "b"), [], _articles("c"), _articles("d", "e", "f"), []]
    out = list(engine.extract_chunks(chunks))
    assert out == [["a", "b"], [], ["c"], ["d", "e", "f"], []]
    assert parser.streams == 1


def test_no_chunks_no_results() -> None:
    engine, _ = _engine()
    assert list(engine.extract_chunks([])) == []


def test_warm_up_loads_what_the_stages_load_lazily(parser: Any) -> None:
    """What the first real article would otherwise pay for (the events' gazetteer, the date
    parser) is loaded by the warm-up, outside a run's and the bench's timed part."""
    from sitroom.config import Settings
    from sitroom.engine.local import Extractor, warm_up
    from sitroom.extract.events import dates, places

    places.gazetteer.cache_clear()
    dates.resolve_expression.cache_clear()
    warm_up(parser, Extractor.from_settings(Settings()))
    assert places.gazetteer.cache_info().currsize == 1
    assert dates.resolve_expression.cache_info().misses > 0

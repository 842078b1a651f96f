"""Parsing and extraction in this process: the :class:`Extractor` (actors -> quotes ->
events on a parsed article), the configured parser, and the local engine over both.

:func:`extract_chunk` is what a worker of any engine runs on a chunk of articles; its parser
and extractor are built once per process and kept (:func:`worker_stages`).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.records import Article, Extraction, ParsedArticle


class Extractor:
    """actors -> quotes -> events on a parsed article, with the configured coder."""

    def __init__(
        self,
        coder: str = "rules.v3",
        actor_files: Sequence[str | Path] = (),
        window_chars: int = 100_000,
    ) -> None:
        from sitroom.extract.actors.base import ActorBase
        from sitroom.extract.actors.resolver import ActorResolver
        from sitroom.extract.events.registry import get_coder

        base = ActorBase.load([Path(p) for p in actor_files])
        self.resolver = ActorResolver(base)
        self.coder = get_coder(coder)
        self.window_chars = window_chars
        self.coder_name = coder

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractor:
        return cls(settings.coder, settings.actor_files, settings.nlp.window_chars)

    def extract(self, parsed: ParsedArticle, spent: dict[str, float] | None = None) -> Extraction:
        """The stages on one article; with ``spent``, each stage's seconds are added to it
        under ``actors``, ``quotes`` and ``events`` (the benchmark's clocks).

        An article longer than ``window_chars`` is extracted window by window (whole
        sentences, :func:`sitroom.nlp.windows`) and the results joined: the time stays in
        proportion to its length (a 1 MB text took minutes in one piece). Coreference then
        does not reach across a window's start."""
        return self.extract_many([parsed], spent)[0]

    def extract_many(
        self, articles: Sequence[ParsedArticle], spent: dict[str, float] | None = None
    ) -> list[Extraction]:
        """:meth:`extract` on each article, the quote tagger reading them all in batches
        (which costs less than one by one, with the same results)."""
        from sitroom.extract.quotes.tagger import predict_spans_many
        from sitroom.nlp import windows

        parts = [windows(parsed, self.window_chars) for parsed in articles]
        t0 = time.perf_counter()
        guesses = iter(predict_spans_many([w for ws in parts for w in ws]))
        if spent is not None:
            spent["quotes"] = spent.get("quotes", 0.0) + time.perf_counter() - t0
        out: list[Extraction] = []
        for parsed, ws in zip(articles, parts, strict=True):
            found = [self._extract(w, spent, next(guesses)) for w in ws]
            out.append(found[0] if len(found) == 1 else _joined(parsed, found))
        return out

    def _extract(
        self, parsed: ParsedArticle, spent: dict[str, float] | None, guesses: Any
    ) -> Extraction:
        from sitroom.extract.events.confidence import calibrate
        from sitroom.extract.quotes.rules import extract_quotes

        t0 = time.perf_counter()
        mentions, actors = self.resolver.resolve(parsed)
        t1 = time.perf_counter()
        quotes = extract_quotes(parsed, mentions, guesses, predicted=True)
        t2 = time.perf_counter()
        events = calibrate(self.coder.code(parsed, mentions, quotes), self.coder_name)
        if spent is not None:
            for stage, seconds in (("actors", t1 - t0), ("quotes", t2 - t1)):
                spent[stage] = spent.get(stage, 0.0) + seconds
            spent["events"] = spent.get("events", 0.0) + time.perf_counter() - t2
        return Extraction(parsed, mentions, actors, quotes, events)


def _joined(parsed: ParsedArticle, found: list[Extraction]) -> Extraction:
    """The extractions of an article's windows as one."""
    actors = {a.actor_id: a for ex in reversed(found) for a in ex.actors}  # first wins
    return Extraction(
        parsed,
        [m for ex in found for m in ex.mentions],
        [actors[k] for k in dict.fromkeys(a.actor_id for ex in found for a in ex.actors)],
        [q for ex in found for q in ex.quotes],
        [e for ex in found for e in ex.events],
    )


def make_parser(settings: Settings, processes: int | None = None) -> Any:
    """The configured :class:`~sitroom.nlp.Parser` (``processes`` overrides the setting)."""
    from sitroom.nlp import Parser

    return Parser(
        model=settings.nlp.model,
        batch_size=settings.nlp.batch_size,
        processes=settings.nlp.processes if processes is None else processes,
        max_chars=settings.nlp.max_chars,
    )


def slim(result: Extraction) -> Extraction:
    """What the store writes of an extraction, without the parse's tokens and entities and
    the article's text: what a worker sends back to the driver."""
    parsed = result.parsed
    article = dataclasses.replace(parsed.article, text="")
    light = ParsedArticle(article=article, tokens=[], sentences=parsed.sentences, entities=[])
    return dataclasses.replace(result, parsed=light)


#: A short text of our own that touches every stage: parsing it loads what the stages load
#: lazily (dictionaries, gazetteers, the quote tagger), before the first real article.
#: The act is placed ("in eastern Ukraine": the events' gazetteer, about 1.6 s to build) and
#: dated ("last week": dateparser's first call, about 0.7 s), so those loads are done too.
WARM_TEXT = (
    "KYIV, March 3, 2022 - The foreign minister of Ukraine said that Russian forces had shelled"
    ' Kharkiv in eastern Ukraine last week, and the Kremlin denied it. "We will not negotiate'
    ' under fire," he told reporters in Geneva.'
)


def warm_up(parser: Any, extractor: Extractor) -> None:
    """Run the stages once on :data:`WARM_TEXT`, so that lazy loading is done."""
    extractor.extract(parser.parse(Article(article_id="warm-up", source_path="", text=WARM_TEXT)))


def settle() -> None:
    """Leave what is loaded by now (the model, the actor base, gazetteers, dictionaries: a
    few million objects that live as long as the process) out of the garbage collector's
    full passes, which otherwise walk all of it again and again during a run
    (:func:`gc.freeze`; 0.7 s of processor time per 100 releases, halved)."""
    gc.freeze()


@functools.lru_cache(maxsize=2)
def worker_stages(settings_json: str) -> tuple[Any, Extractor]:
    """The parser (one process: the worker is the unit of parallelism) and the extractor of
    this process for these settings, built and warmed up on the first call, kept for the
    next."""
    settings = Settings.model_validate_json(settings_json)
    parser, extractor = make_parser(settings, processes=1), Extractor.from_settings(settings)
    warm_up(parser, extractor)
    settle()
    return parser, extractor


def extract_chunk(articles: list[Article], settings_json: str) -> list[Extraction]:
    """Parse and extract a chunk of articles in this process; slim results, in input order."""
    parser, extractor = worker_stages(settings_json)
    return [
        slim(result)
        for batch in batches(parser.parse_many(articles), TAG_BATCH)
        for result in extractor.extract_many(batch)
    ]


#: Parsed articles extracted together (their quote tagging is one batch).
TAG_BATCH = 16


def batches(items: Iterable[ParsedArticle], size: int) -> Iterator[list[ParsedArticle]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    batch: list[ParsedArticle] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class LocalEngine:
    """Parses in this process (or in spaCy's ``n_process`` workers) and extracts here.

    The chunks are parsed as one stream, so that ``nlp.pipe`` (and its worker processes when
    there are several) starts once for the run, not once per chunk; the results are cut back
    into the chunks they came in.
    """

    def __init__(self, settings: Settings, warm: bool = True) -> None:
        self.parser = make_parser(settings)
        self.extractor = Extractor.from_settings(settings)
        if warm:
            warm_up(make_parser(settings, processes=1), self.extractor)
            settle()

    def extract_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[list[Extraction]]:
        sizes: deque[int] = deque()

        def articles() -> Iterator[Article]:
            for chunk in chunks:
                sizes.append(len(chunk))
                yield from chunk

        done: list[Extraction] = []
        waiting: list[ParsedArticle] = []  # parsed, extracted together (TAG_BATCH at most)
        for parsed in self.parser.parse_many(articles()):
            waiting.append(parsed)
            if len(waiting) >= TAG_BATCH or len(done) + len(waiting) >= sizes[0]:
                done += self.extractor.extract_many(waiting)
                waiting = []
            while sizes and len(done) >= sizes[0]:
                n = sizes.popleft()
                yield done[:n]
                done = done[n:]
        done += self.extractor.extract_many(waiting)
        while sizes:  # empty chunks at the end
            n = sizes.popleft()
            yield done[:n]
            done = done[n:]

    def close(self) -> None:
        pass

"""Language processing: spaCy in batches, turned into plain :class:`ParsedArticle` records.

This is the only module that touches spaCy objects. Everything downstream reads tokens,
sentences and entities as plain data. The pipeline is named by a setting (an installed
package name or a path), so an official ``en_core_web_sm`` or a transformer pipeline can
replace the default.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.config import DEFAULT_MODEL
from sitroom.errors import E, SitroomError
from sitroom.records import Article, Entity, ParsedArticle, Sentence, Token

LINE_BREAKS = "sitroom_line_breaks"


def _line_breaks(doc: Any) -> Any:
    """Start a sentence after every line break: news paragraphs, captions and headlines are
    separate lines, and a sentence never runs across one."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Any:
    """Load (once per process) the spaCy pipeline ``name``; never downloads anything.

    A small component marks a sentence start after each line break, before the parser runs.
    """
    import spacy
    from spacy.language import Language

    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=_line_breaks)
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise SitroomError(E.E021, name=name, detail=str(exc).splitlines()[0]) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def doc_to_parsed(doc: Any, article: Article) -> ParsedArticle:
    """Copy a spaCy ``Doc`` into plain records."""
    sent_index: dict[int, int] = {}
    sentences: list[Sentence] = []
    for k, sent in enumerate(doc.sents):
        sentences.append(
            Sentence(
                index=k,
                start=sent.start_char,
                end=sent.end_char,
                token_start=sent.start,
                token_end=sent.end,
            )
        )
        for i in range(sent.start, sent.end):
            sent_index[i] = k
    tokens = [
        Token(
            i=t.i,
            text=t.text,
            start=t.idx,
            end=t.idx + len(t.text),
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_,
            sent=sent_index.get(t.i, 0),
            ws=t.whitespace_,
        )
        for t in doc
    ]
    entities = [
        Entity(e.text, e.start_char, e.end_char, e.label_, e.start, e.end) for e in doc.ents
    ]
    return ParsedArticle(article=article, tokens=tokens, sentences=sentences, entities=entities)


class Parser:
    """Parses articles with ``nlp.pipe`` in batches, optionally in several processes."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 16,
        processes: int = 1,
        max_chars: int = 200_000,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.processes = processes
        self.max_chars = max_chars
        self._nlp = load_pipeline(model)

    def parse(self, article: Article) -> ParsedArticle:
        return next(self.parse_many([article]))

    def parse_text(
        self, text: str, article_id: str = "snippet", date: str | None = None
    ) -> ParsedArticle:
        """Parse a bare snippet (one sentence or a paragraph) as a one-off article."""
        art = Article(article_id=article_id, source_path="", text=text, date=date)
        if date:
            art.date_precision = "day"
        return self.parse(art)

    def parse_many(self, articles: Iterable[Article]) -> Iterator[ParsedArticle]:
        """Stream parsed articles in input order; memory is bounded by the batch size."""
        stream = ((a.text[: self.max_chars], a) for a in articles)
        for doc, article in self._nlp.pipe(
            stream,
            as_tuples=True,
            batch_size=self.batch_size,
            n_process=self.processes,
        ):
            yield doc_to_parsed(doc, article)

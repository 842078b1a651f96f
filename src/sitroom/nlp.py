"""Language processing: spaCy in batches, turned into plain :class:`ParsedArticle` records.

This is the only module that touches spaCy objects. Everything downstream reads tokens,
sentences and entities as plain data. The pipeline is named by a setting (an installed
package name or a path), so an official ``en_core_web_sm`` or a transformer pipeline can
replace the default.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.config import DEFAULT_MODEL
from sitroom.errors import E, SitroomError
from sitroom.records import Article, Entity, ParsedArticle, Sentence, Token

LINE_BREAKS = "sitroom_line_breaks"
_NOT_NEWLINE = re.compile(r"[^\n]")


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


def windows(parsed: ParsedArticle, size: int) -> list[ParsedArticle]:
    """A long parsed article as consecutive windows of whole sentences of about ``size``
    characters (one window when it is not longer), so that what the extraction does per
    article costs in proportion to the text, not to its square.

    Each window keeps the article's character offsets: its text is the article's up to the
    window's end with everything before the window blanked out, its tokens and sentences are
    numbered from 0 (heads and entities with them)."""
    if len(parsed.text) <= size or len(parsed.sentences) < 2:
        return [parsed]
    groups: list[list[Sentence]] = [[]]
    for sent in parsed.sentences:
        if groups[-1] and sent.end - groups[-1][0].start > size:
            groups.append([])
        groups[-1].append(sent)
    return [_window(parsed, group) for group in groups]


def _window(parsed: ParsedArticle, sents: list[Sentence]) -> ParsedArticle:
    t0, t1 = sents[0].token_start, sents[-1].token_end
    c0, c1 = sents[0].start, sents[-1].end
    s0 = sents[0].index
    text = parsed.text
    blank = _NOT_NEWLINE.sub(" ", text[:c0])  # line breaks kept: paragraphs stay where they are
    article = dataclasses.replace(parsed.article, text=blank + text[c0:c1])
    tokens = [
        dataclasses.replace(t, i=t.i - t0, head=t.head - t0, sent=t.sent - s0)
        for t in parsed.tokens[t0:t1]
    ]
    sentences = [
        dataclasses.replace(
            s, index=s.index - s0, token_start=s.token_start - t0, token_end=s.token_end - t0
        )
        for s in sents
    ]
    entities = [
        dataclasses.replace(e, token_start=e.token_start - t0, token_end=e.token_end - t0)
        for e in parsed.entities
        if t0 <= e.token_start and e.token_end <= t1
    ]
    return ParsedArticle(article=article, tokens=tokens, sentences=sentences, entities=entities)

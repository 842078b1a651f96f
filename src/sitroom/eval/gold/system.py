"""Run sitroom in process on the shared documents behind a gold standard, and map what it
finds back onto the gold's coordinates.

The documents are built as the ingest readers build them: a RUWA row through
:func:`sitroom.ingest.rows.record_document` with the README's field mapping (text ``desc``,
title ``title``, date ``Date``, url ``src``, outlet ``Site``), a release record through the same
function with the JSON-lines defaults, a seed file as a plain-text document. Then the pipeline's
own parts: :class:`~sitroom.ingest.normalize.Normalizer` (documents dated only by their text
normalized again at the end, as ``ingest_paths`` does), :class:`~sitroom.nlp.Parser`
(``parse_many`` over all documents at once) and :class:`~sitroom.pipeline.Extractor`. As in
``sitroom process``, only English articles are extracted.

Normalization rewrites the text (headline lines set aside, lines stripped and joined by blank
lines, Unicode repaired), so a gold region is found again in the article text: each of its
lines is a :class:`Piece`, looked for exactly, then with any white space between its characters
(:func:`place`); offsets are mapped back character by character.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.config import IngestSettings, Settings
from sitroom.eval.gold.texts import Release, RuwaRow
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, reject
from sitroom.ingest.furniture import strip_furniture
from sitroom.ingest.normalize import Normalizer, outlet_for_masthead
from sitroom.ingest.rows import record_document
from sitroom.nlp import Parser
from sitroom.pipeline import Extractor
from sitroom.records import Article, Extraction, ParsedArticle, RawDocument, Rejected

# --------------------------------------------------------------------------- documents


def ruwa_document(row: RuwaRow, settings: IngestSettings, source: str) -> Item:
    """A RUWA row as ``sitroom run RUWA.csv.zip --text-field desc --title-field title
    --date-field Date --url-field src --outlet-field Site`` reads it."""
    s = settings.model_copy(
        update={
            "text_fields": ["desc"],
            "title_field": "title",
            "date_field": "Date",
            "url_field": "src",
            "outlet_field": "Site",
        }
    )
    return record_document(source, dict(row.cells), "csv", f"gold:ruwa:{row.row}", row.record, s)


def release_document(rel: Release, settings: IngestSettings, source: str) -> Item:
    """A presidential release as the JSON-lines reader reads it (default field names)."""
    s = settings.model_copy(
        update={
            "text_fields": ["text", "body"],
            "title_field": "title",
            "date_field": "date",
            "url_field": "url",
            "outlet_field": "outlet",
        }
    )
    return record_document(source, dict(rel.record), "jsonl", f"gold:pres:{rel.line}", rel.line, s)


def seed_document(path: Path) -> Item:
    """A seed file as the plain-text reader reads it."""
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except DecodeError as exc:
        return reject(str(path), exc.code, detail=exc.detail)
    return RawDocument(str(path), text, "text", f"gold:seed:{path.name}", encoding=encoding)


# --------------------------------------------------------------------------- running


@dataclass
class SystemDoc:
    """What sitroom made of one document: its article (None when rejected) and extraction
    (None when rejected or not English)."""

    key: str
    article: Article | None
    extraction: Extraction | None
    rejected: str | None = None

    @property
    def text(self) -> str:
        return self.article.text if self.article is not None else ""


def normalize_all(docs: Mapping[str, Item]) -> dict[str, Article | Rejected]:
    """Normalize every document as one ingest run would (text-dated ones at the end)."""
    normalizer = Normalizer()
    out: dict[str, Article | Rejected] = {}
    deferred: list[str] = []
    for key, doc in docs.items():
        if isinstance(doc, Rejected):
            out[key] = doc
            continue
        result = normalizer.normalize(doc)
        if isinstance(result, Article) and Normalizer.wants_context(result):
            deferred.append(key)
        else:
            out[key] = result
    for key in deferred:
        doc = docs[key]
        assert isinstance(doc, RawDocument)
        out[key] = normalizer.normalize(doc)
    return out


class ParseCache:
    """Parsed articles kept on disk between evaluation runs (a development aid: tuning the
    extraction stages re-runs them on the same parses in seconds instead of minutes). An entry
    is keyed by the spaCy pipeline's name and the article's text; delete the folder to drop it."""

    def __init__(self, folder: Path, model: str) -> None:
        self.folder = folder
        self.model = model
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, article: Article) -> Path:
        key = hashlib.sha256(f"{self.model}\0{article.text}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.pickle"

    def get(self, article: Article) -> ParsedArticle | None:
        path = self._path(article)
        if not path.exists():
            return None
        with path.open("rb") as fh:
            parsed = pickle.load(fh)  # our own files, written by put() below
        if not isinstance(parsed, ParsedArticle):
            return None
        parsed.article = article
        return parsed

    def put(self, parsed: ParsedArticle) -> None:
        with self._path(parsed.article).open("wb") as fh:
            pickle.dump(parsed, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _parse(
    articles: list[Article], settings: Settings, cache: ParseCache | None
) -> list[ParsedArticle]:
    found = [cache.get(a) if cache is not None else None for a in articles]
    missing = [a for a, p in zip(articles, found, strict=True) if p is None]
    if missing:
        parser = Parser(
            model=settings.nlp.model,
            batch_size=settings.nlp.batch_size,
            processes=settings.nlp.processes,
            max_chars=settings.nlp.max_chars,
        )
        fresh = iter(parser.parse_many(missing))
        for i, p in enumerate(found):
            if p is None:
                found[i] = parsed = next(fresh)
                if cache is not None:
                    cache.put(parsed)
    return [p for p in found if p is not None]


def run_system(
    docs: Mapping[str, Item], settings: Settings, parse_cache: Path | None = None
) -> dict[str, SystemDoc]:
    """Normalize, parse (all documents in one ``parse_many``, or from ``parse_cache``) and
    extract, in process."""
    normalized = normalize_all(docs)
    out: dict[str, SystemDoc] = {}
    english: list[tuple[str, Article]] = []
    for key, result in normalized.items():
        if isinstance(result, Rejected):
            out[key] = SystemDoc(key, None, None, rejected=f"{result.code}: {result.reason}")
        elif result.language != "en":
            out[key] = SystemDoc(key, result, None)
        else:
            english.append((key, result))
    if english:
        cache = ParseCache(parse_cache, settings.nlp.model) if parse_cache else None
        extractor = Extractor.from_settings(settings)
        parsed = _parse([article for _, article in english], settings, cache)
        for (key, article), p in zip(english, parsed, strict=True):
            out[key] = SystemDoc(key, article, extractor.extract(p))
    return out


def document_counts(sysdocs: Mapping[str, SystemDoc]) -> dict[str, int]:
    """How many documents were run, rejected by normalization, or left out as not English."""
    docs = list(sysdocs.values())
    return {
        "documents": len(docs),
        "rejected": sum(d.article is None for d in docs),
        "not_english": sum(d.article is not None and d.extraction is None for d in docs),
    }


# --------------------------------------------------------------------------- placing regions


@dataclass(frozen=True)
class Piece:
    """One line of a gold region: ``text == gold_text_of(key)[start:end]``; ``anchor`` is
    where it lies in its document, from 0 to 1 (to choose among repeated lines)."""

    key: str
    start: int
    end: int
    text: str
    anchor: float = 0.0


def pieces_of(
    key: str, full: str, start: int, end: int, base: int = 0, total: int | None = None
) -> list[Piece]:
    """The non-blank lines of ``full[start:end]``, stripped; ``base`` is where ``full`` starts
    in a document of ``total`` characters (for the anchors)."""
    size = max(1, total if total is not None else len(full))
    out: list[Piece] = []
    pos = start
    for line in full[start:end].split("\n"):
        body = line.strip()
        if body:
            s = pos + len(line) - len(line.lstrip())
            out.append(Piece(key, s, s + len(body), body, (base + s) / size))
        pos += len(line) + 1
    return out


@dataclass(frozen=True)
class Placed:
    """A piece found at ``[nstart, nend)`` of the article text. ``npos``/``opos`` pair the
    positions of its non-space characters when it was found only up to white space."""

    piece: Piece
    nstart: int
    nend: int
    npos: tuple[int, ...] = ()
    opos: tuple[int, ...] = ()

    def contains(self, n: int) -> bool:
        return self.nstart <= n < self.nend

    def to_start(self, n: int) -> int:
        if not self.npos:
            return self.piece.start + (n - self.nstart)
        k = bisect_left(self.npos, n)
        return self.opos[k] if k < len(self.opos) else self.piece.end

    def to_end(self, n: int) -> int:
        if not self.npos:
            return self.piece.start + (n - self.nstart)
        k = bisect_left(self.npos, n) - 1
        return self.opos[k] + 1 if k >= 0 else self.piece.start

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """``[start, end)`` of the article clipped to this piece, in gold coordinates."""
        s, e = max(start, self.nstart), min(end, self.nend)
        if s >= e:
            return None
        a, b = self.to_start(s), self.to_end(e)
        return (a, b) if a < b else None


@dataclass
class Placement:
    """Where the pieces of one gold region are in the article text. A piece is ``covered``
    when its words only occur inside another piece of the region (a title repeated by its
    lead), ``lost`` when they do not occur at all (set aside by normalization)."""

    placed: list[Placed] = field(default_factory=list)
    covered: list[Piece] = field(default_factory=list)
    lost: list[Piece] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.lost

    def piece_at(self, n: int) -> Placed | None:
        return next((p for p in self.placed if p.contains(n)), None)

    def map_span(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The part of ``[start, end)`` inside the region, as ``(key, start, end)`` in gold
        coordinates (over the placed pieces of the first key it meets)."""
        parts = [(p.piece.key, p.map_span(start, end)) for p in self.placed]
        hits = [(k, span) for k, span in parts if span is not None]
        if not hits:
            return None
        key = hits[0][0]
        same = [span for k, span in hits if k == key]
        return key, min(s for s, _ in same), max(e for _, e in same)


def _occurrences(text: str, needle: str) -> list[Placed]:
    """Exact occurrences of ``needle``, else occurrences up to white space."""
    piece = Piece("", 0, len(needle), needle)
    out: list[Placed] = []
    pos = text.find(needle)
    while pos >= 0:
        out.append(Placed(piece, pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    if out:
        return out
    chars = [c for c in needle if not c.isspace()]
    if not chars:
        return []
    pattern = re.compile(r"\s*".join(re.escape(c) for c in chars))
    for m in pattern.finditer(text):
        npos = tuple(m.start() + i for i, c in enumerate(m.group()) if not c.isspace())
        out.append(Placed(piece, m.start(), m.end(), npos))
    return out


def _without_furniture(piece: Piece) -> Piece:
    """``piece`` without the listing furniture that ingestion cuts off the end of a line
    (:func:`sitroom.ingest.furniture.strip_furniture`), so that the rest of it is found."""
    kept, cut = strip_furniture(piece.text, outlet_for_masthead)
    if not cut or not kept or not piece.text.startswith(kept):
        return piece
    return Piece(piece.key, piece.start, piece.start + len(kept), kept, piece.anchor)


def place(text: str, pieces: Iterable[Piece]) -> Placement:
    """Find each piece in ``text``, longest first, away from the pieces already placed, at the
    occurrence nearest to its anchor."""
    out = Placement()
    size = max(1, len(text))
    for piece in sorted(pieces, key=lambda p: p.end - p.start, reverse=True):
        found = _occurrences(text, piece.text)
        if not found:  # listing furniture ingestion cut off the line's end ("« Section | Site")
            piece = _without_furniture(piece)
            found = _occurrences(text, piece.text)
        free = [
            c for c in found if not any(c.nstart < q.nend and q.nstart < c.nend for q in out.placed)
        ]
        if not free:
            (out.covered if found else out.lost).append(piece)
            continue
        best = min(free, key=lambda c: (abs(c.nstart / size - piece.anchor), c.nstart))
        opos = tuple(piece.start + i for i, c in enumerate(piece.text) if not c.isspace())
        out.placed.append(
            Placed(piece, best.nstart, best.nend, best.npos, opos if best.npos else ())
        )
    out.placed.sort(key=lambda p: p.nstart)
    return out

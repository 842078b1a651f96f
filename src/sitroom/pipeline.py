"""The pipeline: wires the stages together over a :class:`~sitroom.store.store.Store`.

``ingest_paths`` runs ingest -> normalize -> dedupe and stores articles in batches;
``process`` streams unprocessed articles through nlp -> actors -> quotes -> events and
stores each batch in one transaction, then rebuilds the corroborated picture. Progress is
reported through a callback so that the CLI decides how to show it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sitroom.config import Settings
from sitroom.engine import Engine, make_engine
from sitroom.engine.local import Extractor as Extractor  # where the web and eval find it
from sitroom.engine.local import make_parser
from sitroom.errors import E, SitroomError
from sitroom.records import (
    Actor,
    Article,
    Mention,
    ParsedArticle,
    RawDocument,
    Rejected,
)
from sitroom.store import queries
from sitroom.store.store import IngestCounts, Store


class Progress(Protocol):
    """Told about work done: ``advance(n)`` after each item, ``total`` when known."""

    def start(self, label: str, total: int | None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass
class IngestReport:
    run_id: str
    documents: int = 0
    added: int = 0
    duplicates: int = 0
    already_seen: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)  # about files whose records are stored

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "added": self.added,
            "duplicates": self.duplicates,
            "already_seen": self.already_seen,
            "rejected": len(self.rejected),
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }


@dataclass
class ProcessReport:
    run_id: str
    articles: int = 0
    quotes: int = 0
    events: int = 0
    mentions: int = 0
    not_english: int = 0
    clusters: int = 0
    claims: int = 0
    recoded: int = 0
    #: seconds spent waiting for the engine (parse and extract), writing, building the picture
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "run_id"}


def _rejected_key(rej: Rejected) -> str:
    return "rejected:" + hashlib.sha256(rej.source_path.encode("utf-8")).hexdigest()[:32]


class _IngestBatch:
    """Normalized articles and rejected inputs waiting to be written in one transaction.

    A file of several records is recorded as read (its whole hash, so that it is never parsed
    again) only in the transaction that stores its last records, once the reader has yielded
    all of them (:meth:`file_done`); a run stopped before that reads the file again and skips,
    one by one, the records already stored. Until then each record is kept by its own key.
    """

    def __init__(self, store: Store, report: IngestReport, deduper: Any) -> None:
        self.store, self.report, self.deduper = store, report, deduper
        self.articles: list[tuple[Article, str]] = []
        self.rejected: list[tuple[Rejected, str, str]] = []
        self.ids: set[str] = set()
        self.files: list[tuple[str, str, str]] = []  # (hash, path, format) of files read
        self.multi: dict[str, tuple[str, str]] = {}  # record files seen: hash -> (path, fmt)
        self.waiting: set[str] = set()  # files with records deferred to the end of the run

    def __len__(self) -> int:
        return len(self.articles) + len(self.rejected)

    def reject(self, rej: Rejected, key: str, fmt: str) -> None:
        from sitroom.ingest.readers import SKIPPED_CODES

        if rej.code in SKIPPED_CODES:
            self.report.skipped.append(rej)
        else:
            self.report.rejected.append(rej)
            self.rejected.append((rej, key, fmt))

    def note(self, doc: RawDocument, deferred: bool = False) -> None:
        """Remember the file a record comes from (and whether a record of it waits)."""
        if ":" in doc.content_hash:
            file_hash = doc.content_hash.split(":", 1)[0]
            path = doc.source_path.split("#", 1)[0].split("!", 1)[0]
            self.multi.setdefault(file_hash, (path, doc.fmt))
            if deferred:
                self.waiting.add(file_hash)

    def file_done(self, digest: str, *, late: bool = False) -> None:
        """Every record of the file ``digest`` has been added (or deferred)."""
        if digest in self.multi and (late or digest not in self.waiting):
            self.files.append((digest, *self.multi.pop(digest)))

    def add(self, doc: RawDocument, result: Article | Rejected) -> None:
        self.note(doc)
        if isinstance(result, Rejected):
            self.reject(result, doc.content_hash, doc.fmt)
        elif result.article_id in self.ids:
            self.report.already_seen += 1
        else:
            self.ids.add(result.article_id)
            self.articles.append((self.deduper.check(result), doc.content_hash))

    def flush(self) -> None:
        counts = self.store.add_ingested(
            self.articles, self.rejected, self.report.run_id, files=self.files
        )
        _add_counts(self.report, counts)
        self.articles.clear()
        self.rejected.clear()
        self.ids.clear()
        self.files.clear()


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    settings: Settings,
    progress: Progress | None = None,
    batch_size: int = 200,
    max_deferred: int = 2000,
    deduper: Any = None,
) -> IngestReport:
    """Read, clean and deduplicate every document under ``paths`` into ``store``.

    Documents whose date can only be estimated from their own text are normalized again at
    the end of the run (up to ``max_deferred`` of them), once the dates of the run's other
    articles and of the store give a reference year: the result then does not depend on the
    order of the inputs.
    """
    from sitroom.ingest.readers import iter_documents

    def read(file_done: Callable[..., None]) -> Iterable[RawDocument | Rejected]:
        known = store.known_input_hashes()
        return iter_documents(paths, settings.ingest, skip_hashes=known, on_file_done=file_done)

    label = "ingest " + " ".join(str(p) for p in paths)
    return ingest_items(store, read, label, progress, batch_size, max_deferred, deduper)


def copy_finder(store: Store) -> Any:
    """A :class:`~sitroom.ingest.dedupe.Deduper` that knows every stored article. Building it
    reads and hashes every stored text: a loop that ingests again and again (``watch``,
    ``poll``) builds it once and passes it to each :func:`ingest_items`, which adds what it
    stores to it."""
    from sitroom.ingest.dedupe import Deduper

    deduper = Deduper()
    for article_id, text, outlet, group in store.iter_dedupe_keys():
        deduper.add_known(article_id, text, outlet, group)
    return deduper


Items = Iterable[RawDocument | Rejected]


def ingest_items(
    store: Store,
    items: Items | Callable[[Callable[..., None]], Items],
    label: str,
    progress: Progress | None = None,
    batch_size: int = 200,
    max_deferred: int = 2000,
    deduper: Any = None,
) -> IngestReport:
    """Clean, deduplicate and store documents read by any reader (files, fetched pages);
    ``items``, or a function that reads them given the callback a reader calls when it has
    read a whole file; ``label`` names the run; ``deduper`` is a :func:`copy_finder` kept from
    an earlier call. See :func:`ingest_paths`."""
    from sitroom.ingest.normalize import Normalizer, Prepared, prepare
    from sitroom.ingest.readers import WARNING_CODES

    progress = progress or NoProgress()
    report = IngestReport(run_id=store.start_run(label))
    deduper = copy_finder(store) if deduper is None else deduper
    normalizer = Normalizer()
    for date in store.confident_dates():
        normalizer.remember(date)
    batch = _IngestBatch(store, report, deduper)
    deferred: list[tuple[RawDocument, Prepared]] = []
    progress.start("ingest", None)
    stream = items(batch.file_done) if callable(items) else items
    for item in stream:
        progress.advance()
        if isinstance(item, Rejected) and item.code in WARNING_CODES:
            report.warnings.append(item)  # not a document: a word about a file's records
            continue
        report.documents += 1
        if isinstance(item, Rejected):
            batch.reject(item, _rejected_key(item), "unknown")
            continue
        prep = prepare(item)
        result = prep if isinstance(prep, Rejected) else normalizer.finish(prep)
        if (
            isinstance(result, Article)
            and isinstance(prep, Prepared)
            and len(deferred) < max_deferred
            and Normalizer.wants_context(result)
        ):
            deferred.append((item, prep))
            batch.note(item, deferred=True)
        else:
            batch.add(item, result)
        if len(batch) >= batch_size:
            batch.flush()
    for doc, prepared in deferred:  # cleaned once, dated again
        batch.add(doc, normalizer.finish(prepared))
    for digest in list(batch.waiting):
        batch.file_done(digest, late=True)
    batch.flush()
    progress.stop()
    store.finish_run(report.run_id, "done", report.to_dict())
    return report


def _add_counts(report: IngestReport, counts: IngestCounts) -> None:
    report.added += counts.added
    report.duplicates += counts.duplicates
    report.already_seen += counts.already_seen


def _make_parser(settings: Settings) -> Any:
    return make_parser(settings)


def _chunks(ids: list[str], size: int) -> Iterator[list[str]]:
    for k in range(0, len(ids), size):
        yield ids[k : k + size]


def process(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    chunk: int | None = None,
    engine: Engine | None = None,
    *,
    recode: bool = False,
) -> ProcessReport:
    """Run NLP and extraction over every stored article not yet processed; with ``recode``,
    also over the processed articles another coder than ``settings.coder`` coded (their
    extraction is replaced: events coded again from the stored text).

    Articles go to the engine (``settings.engine``, or ``engine`` if given) in chunks of
    ``chunk`` (``settings.engine.chunk``); each chunk's extractions are written here in one
    transaction, in input order, whatever engine produced them. Safe to stop at any point and
    run again: each chunk is written with its ``processed_at`` in one transaction, and the
    picture (clusters, claims) and the actors' counts are rebuilt whole at the end of every
    run."""
    progress = progress or NoProgress()
    run_id = store.start_run("process --recode" if recode else "process")
    report = ProcessReport(run_id=run_id)
    report.not_english = queries.unprocessed_not_english(store)
    ids = store.unprocessed_ids()
    if recode:
        again = store.recode_ids(settings.coder)
        report.recoded = len(again)
        ids += again
    clock = {"extract": 0.0, "write": 0.0, "picture": 0.0}
    if ids:
        _extract_into(store, settings, ids, report, clock, progress, chunk, engine)
    store.refresh_actor_counts()  # also after a run stopped between its last batch and here
    t0 = time.perf_counter()
    # a recode replaces events of any day: the picture is rebuilt whole, not by days
    new_ids = None if report.recoded else ids
    report.clusters, report.claims = _corroborate(store, new_ids, settings.events.min_confidence)
    clock["picture"] = time.perf_counter() - t0
    report.seconds = {k: round(v, 3) for k, v in clock.items()}
    store.finish_run(run_id, "done", report.to_dict())
    return report


def groups_by_size(articles: list[Article], budget: int, max_chars: int) -> Iterator[list[Article]]:
    """Consecutive groups of articles with at most ``budget`` characters to parse between
    them (one article at least): a chunk of very long texts is parsed and written a few at a
    time, so that memory stays bounded (five 19 MB texts at once peaked at 3.4 GB)."""
    group: list[Article] = []
    size = 0
    for art in articles:
        n = min(len(art.text), max_chars)
        if group and size + n > budget:
            yield group
            group, size = [], 0
        group.append(art)
        size += n
    if group:
        yield group


def _extract_into(
    store: Store,
    settings: Settings,
    ids: list[str],
    report: ProcessReport,
    clock: dict[str, float],
    progress: Progress,
    chunk: int | None,
    engine: Engine | None,
) -> None:
    """Send the articles ``ids`` through the engine and write what comes back, chunk by
    chunk; the seconds spent waiting and writing go to ``clock``."""
    own = engine is None
    runner = engine if engine is not None else make_engine(settings)
    try:
        progress.start("process", len(ids))
        budget, most = 2 * settings.nlp.max_chars, settings.nlp.max_chars
        chunks = (
            group
            for c in _chunks(ids, chunk or settings.engine.chunk)
            for group in groups_by_size(store.load_articles(c), budget, most)
        )
        results = iter(runner.extract_chunks(chunks))
        while True:
            t0 = time.perf_counter()
            batch = next(results, None)
            t1 = time.perf_counter()
            clock["extract"] += t1 - t0
            if batch is None:
                break
            counts = store.add_extractions(batch, settings.coder)
            clock["write"] += time.perf_counter() - t1
            for key in ("articles", "quotes", "events", "mentions"):
                setattr(report, key, getattr(report, key) + counts[key])
            progress.advance(len(batch))
        progress.stop()
    finally:
        if own:
            runner.close()


def _corroborate(store: Store, new_ids: list[str] | None, min_confidence: float) -> tuple[int, int]:
    """Update the picture for the articles just processed, from the events that count
    (rebuilt whole when ``new_ids`` is None, or its rules or ``events.min_confidence``
    changed)."""
    from sitroom.picture.corroborate import build_clusters

    return build_clusters(store, new_ids, min_confidence)


# --------------------------------------------------------------------------- raw-file modes


def read_snippets(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse ``{"id", "text", "date"}`` lines; raise E032 with the line number on bad ones."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SitroomError(E.E032, line=n, detail=exc.msg) from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise SitroomError(E.E032, line=n, detail='expected an object with a "text" string')
        yield n, rec


def code_snippets(lines: Iterable[str], settings: Settings) -> Iterator[dict[str, Any]]:
    """Code one snippet per input line: ``{"id", "events": [...]}`` per line, in order."""
    from sitroom.nlp import Parser

    parser: Parser = _make_parser(settings)
    extractor = Extractor.from_settings(settings)

    def articles() -> Iterator[Article]:
        for n, rec in read_snippets(lines):
            ident = str(rec.get("id", n))
            date = rec.get("date") or None
            yield Article(
                article_id=ident,
                source_path="",
                text=rec["text"],
                date=str(date)[:10] if date else None,
                date_precision="day" if date else "unknown",
            )

    for parsed in parser.parse_many(articles()):
        ex = extractor.extract(parsed)
        yield {"id": parsed.article.article_id, "events": [e.to_dict() for e in ex.events]}


def annotate_files(
    paths: Sequence[str | Path],
    out_dir: Path,
    settings: Settings,
    on_error: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """Write a brat ``.ann`` for each plain-text file under ``paths`` into ``out_dir``.

    Offsets are into the file exactly as read (decoded as UTF-8, newlines untouched); a file
    that cannot be read is reported through ``on_error`` and skipped.
    """
    from sitroom.extract.actors.base import ActorBase
    from sitroom.extract.actors.resolver import ActorResolver
    from sitroom.ingest.readers import expand_paths

    readable: list[Path] = []
    for path in expand_paths(paths):
        if path.suffix.lower() not in {".txt", ""}:
            continue
        try:
            path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            if on_error:
                on_error(path, str(exc).splitlines()[0])
            continue
        readable.append(path)
    resolver = ActorResolver(ActorBase.load([Path(p) for p in settings.actor_files]))
    return annotate_quotes(readable, out_dir, _make_parser(settings), resolver)


# --------------------------------------------------------------------------- brat annotation


class TextParser(Protocol):
    """What annotation needs of a parser: plain articles in, parsed articles out."""

    def parse_many(self, articles: Iterable[Article]) -> Iterator[ParsedArticle]: ...


class Annotator(Protocol):
    """What annotation needs of an actor resolver."""

    def resolve(self, parsed: ParsedArticle) -> tuple[list[Mention], list[Actor]]: ...


def _text_files(paths: Iterable[Path | str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return out


def annotate_quotes(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    parser: TextParser,
    resolver: Annotator | None = None,
) -> list[Path]:
    """Write ``out_dir/<stem>.ann`` (brat) for each plain-text file; returns the files written.

    Offsets are into each file exactly as read (line endings kept).
    """
    from sitroom.extract.quotes.brat import quotes_to_brat
    from sitroom.extract.quotes.rules import extract_quotes

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for parsed in parser.parse_many(_articles(_text_files(paths))):
        mentions = resolver.resolve(parsed)[0] if resolver is not None else []
        target = out / f"{Path(parsed.article.source_path).stem}.ann"
        target.write_text(quotes_to_brat(extract_quotes(parsed, mentions)), encoding="utf-8")
        written.append(target)
    return written


def _articles(files: Iterable[Path]) -> Iterator[Article]:
    for path in files:
        text = read_text_exact(path)
        aid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        yield Article(article_id=aid, source_path=str(path), text=text)


def read_text_exact(path: Path) -> str:
    """A text file as read, with its line endings kept (brat offsets count them)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return fh.read()

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
from sitroom.errors import E, SitroomError
from sitroom.records import (
    Actor,
    Article,
    Extraction,
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
) -> IngestReport:
    """Read, clean and deduplicate every document under ``paths`` into ``store``.

    Documents whose date can only be estimated from their own text are normalized again at
    the end of the run (up to ``max_deferred`` of them), once the dates of the run's other
    articles and of the store give a reference year: the result then does not depend on the
    order of the inputs.
    """
    from sitroom.ingest.normalize import Normalizer
    from sitroom.ingest.readers import WARNING_CODES, iter_documents

    progress = progress or NoProgress()
    report = IngestReport(run_id=store.start_run("ingest " + " ".join(str(p) for p in paths)))
    deduper, normalizer = _seeded(store)
    batch = _IngestBatch(store, report, deduper)
    deferred: list[RawDocument] = []
    progress.start("ingest", None)
    items = iter_documents(
        paths, settings.ingest, skip_hashes=store.known_input_hashes(), on_file_done=batch.file_done
    )
    for item in items:
        progress.advance()
        if isinstance(item, Rejected) and item.code in WARNING_CODES:
            report.warnings.append(item)  # not a document: a word about a file's records
            continue
        report.documents += 1
        if isinstance(item, Rejected):
            batch.reject(item, _rejected_key(item), "unknown")
            continue
        result = normalizer.normalize(item)
        if (
            isinstance(result, Article)
            and len(deferred) < max_deferred
            and Normalizer.wants_context(result)
        ):
            deferred.append(item)
            batch.note(item, deferred=True)
        else:
            batch.add(item, result)
        if len(batch) >= batch_size:
            batch.flush()
    for doc in deferred:
        batch.add(doc, normalizer.normalize(doc))
    for digest in list(batch.waiting):
        batch.file_done(digest, late=True)
    batch.flush()
    progress.stop()
    store.finish_run(report.run_id, "done", report.to_dict())
    return report


def _seeded(store: Store) -> tuple[Any, Any]:
    """A deduper that knows the stored articles and a normalizer that knows their dates."""
    from sitroom.ingest.dedupe import Deduper
    from sitroom.ingest.normalize import Normalizer

    deduper = Deduper()
    for article_id, text, outlet, group in store.iter_dedupe_keys():
        deduper.add_known(article_id, text, outlet, group)
    normalizer = Normalizer()
    for date in store.confident_dates():
        normalizer.remember(date)
    return deduper, normalizer


def _add_counts(report: IngestReport, counts: IngestCounts) -> None:
    report.added += counts.added
    report.duplicates += counts.duplicates
    report.already_seen += counts.already_seen


class Extractor:
    """actors -> quotes -> events on a parsed article, with the configured coder."""

    def __init__(
        self,
        coder: str = "rules.v1",
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
        from sitroom.nlp import windows

        parts = windows(parsed, self.window_chars)
        if len(parts) == 1:
            return self._extract(parsed, spent)
        found = [self._extract(part, spent) for part in parts]
        actors = {a.actor_id: a for ex in reversed(found) for a in ex.actors}  # first wins
        return Extraction(
            parsed,
            [m for ex in found for m in ex.mentions],
            [actors[k] for k in dict.fromkeys(a.actor_id for ex in found for a in ex.actors)],
            [q for ex in found for q in ex.quotes],
            [e for ex in found for e in ex.events],
        )

    def _extract(self, parsed: ParsedArticle, spent: dict[str, float] | None) -> Extraction:
        from sitroom.extract.events.confidence import calibrate
        from sitroom.extract.quotes.rules import extract_quotes

        t0 = time.perf_counter()
        mentions, actors = self.resolver.resolve(parsed)
        t1 = time.perf_counter()
        quotes = extract_quotes(parsed, mentions)
        t2 = time.perf_counter()
        events = calibrate(self.coder.code(parsed, mentions, quotes), self.coder_name)
        if spent is not None:
            for stage, seconds in (("actors", t1 - t0), ("quotes", t2 - t1)):
                spent[stage] = spent.get(stage, 0.0) + seconds
            spent["events"] = spent.get("events", 0.0) + time.perf_counter() - t2
        return Extraction(parsed, mentions, actors, quotes, events)


def _make_parser(settings: Settings) -> Any:
    from sitroom.nlp import Parser

    return Parser(
        model=settings.nlp.model,
        batch_size=settings.nlp.batch_size,
        processes=settings.nlp.processes,
        max_chars=settings.nlp.max_chars,
    )


def _chunks(ids: list[str], size: int) -> Iterator[list[str]]:
    for k in range(0, len(ids), size):
        yield ids[k : k + size]


def process(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    chunk: int = 64,
    *,
    recode: bool = False,
) -> ProcessReport:
    """Run NLP and extraction over every stored article not yet processed; with ``recode``,
    also over the processed articles another coder than ``settings.coder`` coded (their
    extraction is replaced: events coded again from the stored text).

    Safe to stop at any point and run again: each chunk of articles is written with its
    ``processed_at`` in one transaction, and the picture (clusters, claims) and the actors'
    counts are rebuilt whole at the end of every run."""
    progress = progress or NoProgress()
    run_id = store.start_run("process --recode" if recode else "process")
    report = ProcessReport(run_id=run_id)
    report.not_english = queries.unprocessed_not_english(store)
    ids = store.unprocessed_ids()
    if recode:
        again = store.recode_ids(settings.coder)
        report.recoded = len(again)
        ids += again
    if ids:
        parser = _make_parser(settings)
        extractor = Extractor.from_settings(settings)
        progress.start("process", len(ids))
        budget = 2 * settings.nlp.max_chars
        for id_chunk in _chunks(ids, chunk):
            for group in groups_by_size(
                store.load_articles(id_chunk), budget, settings.nlp.max_chars
            ):
                results = [extractor.extract(p) for p in parser.parse_many(group)]
                counts = store.add_extractions(results, settings.coder)
                report.articles += counts["articles"]
                report.quotes += counts["quotes"]
                report.events += counts["events"]
                report.mentions += counts["mentions"]
                progress.advance(len(results))
        progress.stop()
    store.refresh_actor_counts()  # also after a run stopped between its last batch and here
    report.clusters, report.claims = _corroborate(store)
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


def _corroborate(store: Store) -> tuple[int, int]:
    from sitroom.picture.corroborate import build_clusters

    return build_clusters(store)


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

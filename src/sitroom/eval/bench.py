"""Benchmarks: sitroom's processing against bare spaCy ``nlp.pipe`` on the same texts.

Each variant runs in a fresh process (spawned) so that its peak memory is its own. The
baseline parses the texts with ``nlp.pipe`` and nothing else; ``sitroom`` parses them and runs
actors, quotes and events (what ``sitroom process`` does per article, without the store);
``sitroom+store`` runs the whole ``ingest`` + ``process`` into a fresh DuckDB file.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.records import Article


@dataclass
class BenchResult:
    variant: str
    texts: int
    words: int
    seconds: float
    words_per_second: float
    peak_rss_mb: float
    processes: int
    #: seconds per stage (parse, actors, quotes, events) for the extraction variant
    stages: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_texts(path: Path, limit: int | None = None) -> list[str]:
    """Texts from a JSON lines file (``text`` field) or from a directory of .txt files."""
    texts: list[str] = []
    if path.is_dir():
        for p in sorted(path.rglob("*.txt")):
            texts.append(p.read_text(encoding="utf-8", errors="replace"))
    else:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    texts.append(json.loads(line).get("text", ""))
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _articles(texts: list[str]) -> Iterator[Article]:
    for i, t in enumerate(texts):
        yield Article(article_id=f"b{i}", source_path="", text=t, date=None)


Timing = tuple[float, float, dict[str, float]]


def _run_baseline(texts: list[str], settings: Settings) -> Timing:
    from sitroom.nlp import load_pipeline

    nlp = load_pipeline(settings.nlp.model)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(
        texts, batch_size=settings.nlp.batch_size, n_process=settings.nlp.processes
    ):
        pass
    return time.perf_counter() - t0, _peak_rss_mb(), {}


def time_stages(texts: list[str], settings: Settings) -> dict[str, float]:
    """Seconds spent in each stage of extraction (parse, actors, quotes, events) on ``texts``:
    parsing is timed as the wait for the next parsed article, the other stages by
    ``Extractor.extract``'s own clocks. Model and data loading happen before the clocks start.
    """
    from sitroom.nlp import Parser
    from sitroom.pipeline import Extractor

    parser = Parser(
        settings.nlp.model, settings.nlp.batch_size, settings.nlp.processes, settings.nlp.max_chars
    )
    extractor = Extractor.from_settings(settings)
    spent = dict.fromkeys(("parse", "actors", "quotes", "events"), 0.0)
    parsed_articles = parser.parse_many(_articles(texts))
    while True:
        t0 = time.perf_counter()
        parsed = next(parsed_articles, None)
        spent["parse"] += time.perf_counter() - t0
        if parsed is None:
            return spent
        extractor.extract(parsed, spent)


def _run_sitroom(texts: list[str], settings: Settings) -> Timing:
    stages = time_stages(texts, settings)
    return sum(stages.values()), _peak_rss_mb(), {k: round(v, 2) for k, v in stages.items()}


def _run_store(texts: list[str], settings: Settings) -> Timing:
    from sitroom.nlp import load_pipeline
    from sitroom.pipeline import ingest_paths, process
    from sitroom.store.store import Store

    load_pipeline(settings.nlp.model)  # model loading is outside every timed region
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i, t in enumerate(texts):
                fh.write(json.dumps({"title": f"text {i}", "text": t}) + "\n")
        t0 = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb") as store:
            ingest_paths(store, [src], settings)
            process(store, settings)
        return time.perf_counter() - t0, _peak_rss_mb(), {}


VARIANTS: dict[str, Callable[[list[str], Settings], Timing]] = {
    "spacy nlp.pipe (baseline)": _run_baseline,
    "sitroom extract": _run_sitroom,
    "sitroom ingest+process+store": _run_store,
}


def _child(variant: str, texts: list[str], settings_json: str, queue: Any) -> None:
    settings = Settings.model_validate_json(settings_json)
    queue.put(VARIANTS[variant](texts, settings))


def run_variant(variant: str, texts: list[str], settings: Settings) -> BenchResult:
    """Run one variant in a fresh spawned process and measure it."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(variant, texts, settings.model_dump_json(), queue))
    proc.start()
    seconds, peak, stages = queue.get()
    proc.join()
    words = sum(len(t.split()) for t in texts)
    return BenchResult(
        variant=variant,
        texts=len(texts),
        words=words,
        seconds=round(seconds, 2),
        words_per_second=round(words / seconds, 1) if seconds else 0.0,
        peak_rss_mb=round(peak, 1),
        processes=settings.nlp.processes,
        stages=stages,
    )


def run_bench(texts: list[str], settings: Settings) -> list[BenchResult]:
    return [run_variant(v, texts, settings) for v in VARIANTS]


def stage_shares(results: list[BenchResult]) -> dict[str, float]:
    """What each extraction stage adds, in percent, to the rest of a corpus's processing.

    For a stage taking ``s`` seconds in the extraction variant and a whole stored run of ``T``
    seconds, the share is ``100 * s / (T - s)``: how much longer processing the corpus takes
    with the stage than without it. Empty without both variants.
    """
    extract = next((r for r in results if r.stages), None)
    stored = next((r for r in results if r.variant == "sitroom ingest+process+store"), None)
    if extract is None or stored is None:
        return {}
    return {
        stage: round(100 * s / (stored.seconds - s), 1)
        for stage, s in extract.stages.items()
        if stage != "parse" and stored.seconds > s
    }

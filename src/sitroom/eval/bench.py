"""Benchmarks: sitroom's processing against bare spaCy ``nlp.pipe`` on the same texts.

Each variant runs in a fresh process (spawned) so that its peak memory is its own. The
baseline parses the texts with ``nlp.pipe`` (the same pipeline components sitroom loads) and
nothing else, in one process, with spaCy's ``n_process``, and split over separate processes
that each parse their share (the bound any engine of several processes can reach);
``sitroom extract`` parses them and runs actors, quotes and events (without the store);
``sitroom ingest+process+store`` runs the whole ``ingest`` + ``process`` into a fresh DuckDB
file, with the local engine and with the Dask engine. Model loading (and the start of a Dask
cluster) is outside the timed part. Ratios between variants of one invocation are the figures
to read on a shared machine: they share its load.
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

BASELINE = "spacy nlp.pipe (baseline)"
SPLIT = "spacy nlp.pipe, texts split over processes"
EXTRACT = "sitroom extract"
STORED = "sitroom ingest+process+store"


@dataclass
class BenchResult:
    variant: str
    texts: int
    words: int
    seconds: float
    words_per_second: float
    peak_rss_mb: float
    processes: int
    #: seconds per stage: parse, actors, quotes, events for the extraction variant; ingest,
    #: extract (waiting for the engine), write, picture and the engine's start for the stored run
    stages: dict[str, float] = field(default_factory=dict)
    engine: str = "local"
    #: processor seconds of the timed part, over every process that took part: unlike the
    #: wall-clock seconds, hardly changed by other work on the machine
    cpu_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Variant:
    """One measurement: what runs (``kind``), on how many processes, on which engine."""

    name: str
    kind: str
    processes: int = 1
    engine: str = "local"

    def settings(self, base: Settings) -> Settings:
        s = base.model_copy(deep=True)
        s.engine.name = self.engine
        s.nlp.processes = self.processes if self.engine == "local" else 1
        s.engine.workers = self.processes
        return s


def plan(
    parallel: int = 2, kinds: tuple[str, ...] = ("baseline", "extract", "stored")
) -> list[Variant]:
    """The variants of one invocation: each kind on 1 and on ``parallel`` processes; the
    stored run also on the Dask engine with 1 and ``parallel`` workers."""
    out: list[Variant] = []
    if "baseline" in kinds:
        out += [Variant(BASELINE, "baseline"), Variant(BASELINE, "baseline", parallel)]
        out.append(Variant(SPLIT, "split", parallel))
    if "extract" in kinds:
        out += [Variant(EXTRACT, "extract"), Variant(EXTRACT, "extract", parallel)]
    if "stored" in kinds:
        out += [Variant(STORED, "stored"), Variant(STORED, "stored", parallel)]
    if "dask" in kinds or "stored" in kinds:
        out += [Variant(STORED, "stored", 1, "dask"), Variant(STORED, "stored", parallel, "dask")]
    return out


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


def _cpu() -> float:
    """Processor seconds of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _articles(texts: list[str]) -> Iterator[Article]:
    for i, t in enumerate(texts):
        yield Article(article_id=f"b{i}", source_path="", text=t, date=None)


#: seconds, peak RSS in MB, seconds per stage, processor seconds
Timing = tuple[float, float, dict[str, float], float]


def _run_baseline(texts: list[str], settings: Settings) -> Timing:
    from sitroom.nlp import load_pipeline

    nlp = load_pipeline(settings.nlp.model)
    t0, cpu = time.perf_counter(), _cpu()
    for _doc in nlp.pipe(
        texts, batch_size=settings.nlp.batch_size, n_process=settings.nlp.processes
    ):
        pass
    return time.perf_counter() - t0, _peak_rss_mb(), {}, _cpu() - cpu


def _split_part(texts: list[str], settings_json: str, barrier: Any, queue: Any) -> None:
    """One process of the split baseline: load, wait for the others, parse its share."""
    from sitroom.nlp import load_pipeline

    settings = Settings.model_validate_json(settings_json)
    nlp = load_pipeline(settings.nlp.model)
    barrier.wait()
    start, cpu = time.time(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
        pass
    queue.put((start, time.time(), _peak_rss_mb(), time.process_time() - cpu))


def _run_split(texts: list[str], settings: Settings) -> Timing:
    """Bare spaCy in ``processes`` separate processes, each with its share of the texts,
    all started together once their models are loaded: wall time from the first start to
    the last end; peak memory is the sum of theirs."""
    n = settings.nlp.processes
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(n), ctx.Queue()
    share = settings.model_copy(deep=True)
    share.nlp.processes = 1
    procs = [
        ctx.Process(target=_split_part, args=(texts[k::n], share.model_dump_json(), barrier, queue))
        for k in range(n)
    ]
    for p in procs:
        p.start()
    done = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    wall = max(d[1] for d in done) - min(d[0] for d in done)
    return wall, sum(d[2] for d in done), {}, sum(d[3] for d in done)


def time_stages(
    texts: list[str], settings: Settings, built: tuple[Any, Any] | None = None
) -> dict[str, float]:
    """Seconds spent in each stage of extraction (parse, actors, quotes, events) on ``texts``:
    parsing is timed as the wait for the next parsed article, the other stages by
    ``Extractor.extract``'s own clocks. Model and data loading happen before the clocks start
    (``built``: a parser and an extractor made and warmed up by the caller).
    """
    from sitroom.engine.local import TAG_BATCH

    parser, extractor = built or _built(settings)
    spent = dict.fromkeys(("parse", "actors", "quotes", "events"), 0.0)
    parsed_articles = parser.parse_many(_articles(texts))
    waiting = []  # extracted together, as the engines do
    while True:
        t0 = time.perf_counter()
        parsed = next(parsed_articles, None)
        spent["parse"] += time.perf_counter() - t0
        if parsed is not None:
            waiting.append(parsed)
        if waiting and (parsed is None or len(waiting) >= TAG_BATCH):
            extractor.extract_many(waiting, spent)
            waiting = []
        if parsed is None:
            return spent


def _built(settings: Settings) -> tuple[Any, Any]:
    from sitroom.engine.local import Extractor, make_parser, warm_up

    parser, extractor = make_parser(settings), Extractor.from_settings(settings)
    warm_up(make_parser(settings, processes=1), extractor)
    return parser, extractor


def _run_sitroom(texts: list[str], settings: Settings) -> Timing:
    built = _built(settings)
    cpu = _cpu()
    stages = time_stages(texts, settings, built)
    spent = {k: round(v, 2) for k, v in stages.items()}
    return sum(stages.values()), _peak_rss_mb(), spent, _cpu() - cpu


def _write_input(texts: list[str], folder: str) -> Path:
    src = Path(folder) / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"title": f"text {i}", "text": t}) + "\n")
    return src


def _warm_ingest() -> None:
    """Load what normalizing a document loads (language identification, date parsers) and
    the near-copy finder's modules (datasketch: about a second to import)."""
    import sitroom.ingest.dedupe  # noqa: F401  (imported lazily by the pipeline's first run)
    from sitroom.engine.local import WARM_TEXT
    from sitroom.ingest.normalize import Normalizer
    from sitroom.records import RawDocument

    Normalizer().normalize(RawDocument("warm-up.txt", WARM_TEXT, "text", "warm-up"))


def _run_store(texts: list[str], settings: Settings) -> Timing:
    """The whole run into a fresh store, on the configured engine. For the Dask engine the
    workers' peak memory is added to the driver's, and their processor seconds too."""
    from sitroom.engine import make_engine
    from sitroom.pipeline import ingest_paths, process
    from sitroom.store.store import Store

    t0 = time.perf_counter()
    engine = make_engine(settings)  # loads the model (here or in the workers): not timed
    _warm_ingest()
    started = time.perf_counter() - t0
    workers_cpu = getattr(engine, "worker_cpu", lambda: 0.0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src = _write_input(texts, tmp)
            t0, cpu, cpu_workers = time.perf_counter(), _cpu(), workers_cpu()
            with Store(Path(tmp) / "bench.duckdb") as store:
                ingest_paths(store, [src], settings)
                ingested = time.perf_counter() - t0
                report = process(store, settings, engine=engine)
            seconds = time.perf_counter() - t0
            cpu = _cpu() - cpu + workers_cpu() - cpu_workers
        workers = getattr(engine, "worker_peak_mb", lambda: 0.0)()
    finally:
        engine.close()
    stages = {"ingest": round(ingested, 2), **{k: round(v, 2) for k, v in report.seconds.items()}}
    stages["engine start (not timed)"] = round(started, 2)
    return seconds, _peak_rss_mb() + workers, stages, cpu


RUNNERS: dict[str, Callable[[list[str], Settings], Timing]] = {
    "baseline": _run_baseline,
    "split": _run_split,
    "extract": _run_sitroom,
    "stored": _run_store,
}


def _child(kind: str, texts: list[str], settings_json: str, queue: Any) -> None:
    settings = Settings.model_validate_json(settings_json)
    queue.put(RUNNERS[kind](texts, settings))


def run_variant(variant: Variant, texts: list[str], settings: Settings) -> BenchResult:
    """Run one variant in a fresh spawned process and measure it."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    own = variant.settings(settings).model_dump_json()
    proc = ctx.Process(target=_child, args=(variant.kind, texts, own, queue))
    proc.start()
    seconds, peak, stages, cpu = queue.get()
    proc.join()
    words = sum(len(t.split()) for t in texts)
    return BenchResult(
        variant=variant.name,
        texts=len(texts),
        words=words,
        seconds=round(seconds, 2),
        words_per_second=round(words / seconds, 1) if seconds else 0.0,
        peak_rss_mb=round(peak, 1),
        processes=variant.processes,
        stages=stages,
        engine=variant.engine,
        cpu_seconds=round(cpu, 2),
    )


def run_bench(
    texts: list[str],
    settings: Settings,
    variants: list[Variant] | None = None,
    on_result: Callable[[BenchResult], None] | None = None,
) -> list[BenchResult]:
    results = []
    for variant in plan() if variants is None else variants:
        results.append(run_variant(variant, texts, settings))
        if on_result is not None:
            on_result(results[-1])
    return results


def _find(
    results: list[BenchResult], name: str, processes: int = 1, engine: str = "local"
) -> BenchResult | None:
    return next(
        (
            r
            for r in results
            if r.variant == name and r.processes == processes and r.engine == engine
        ),
        None,
    )


def stage_shares(results: list[BenchResult]) -> dict[str, float]:
    """What each extraction stage adds, in percent, to the rest of a corpus's processing.

    For a stage taking ``s`` seconds in the extraction variant and a whole stored run of ``T``
    seconds (both in one process, local engine), the share is ``100 * s / (T - s)``: how much
    longer processing the corpus takes with the stage than without it. Empty without both.
    """
    extract = _find(results, EXTRACT)
    stored = _find(results, STORED)
    if extract is None or stored is None:
        return {}
    return {
        stage: round(100 * s / (stored.seconds - s), 1)
        for stage, s in extract.stages.items()
        if stage != "parse" and stored.seconds > s
    }


def ratios(results: list[BenchResult], parallel: int = 2) -> dict[str, float]:
    """Ratios of times within one invocation: the whole stored run's throughput against bare
    spaCy's, and what ``parallel`` processes or workers gain over one."""
    pairs = {
        "stored run / bare spaCy throughput, 1 process": (
            _find(results, STORED), _find(results, BASELINE)),
        f"bare spaCy, n_process={parallel} vs 1": (
            _find(results, BASELINE, parallel), _find(results, BASELINE)),
        f"bare spaCy, texts split over {parallel} processes vs 1": (
            _find(results, SPLIT, parallel), _find(results, BASELINE)),
        f"stored run, --processes {parallel} vs 1": (
            _find(results, STORED, parallel), _find(results, STORED)),
        f"stored run, dask {parallel} workers vs 1": (
            _find(results, STORED, parallel, "dask"), _find(results, STORED, 1, "dask")),
        f"stored run, dask {parallel} workers vs local 1 process": (
            _find(results, STORED, parallel, "dask"), _find(results, STORED)),
    }  # fmt: skip
    out = {
        label: round(slow.seconds / fast.seconds, 2)
        for label, (fast, slow) in pairs.items()
        if fast is not None and slow is not None and fast.seconds > 0
    }
    stored, bare = _find(results, STORED), _find(results, BASELINE)
    if stored is not None and bare is not None and stored.cpu_seconds > 0:
        label = "stored run / bare spaCy, processor seconds, 1 process"
        out[label] = round(bare.cpu_seconds / stored.cpu_seconds, 2)
    return out


#: The goals of the speed budget (issue 18): the whole stored run in one process reaches this
#: share of bare spaCy's throughput, and 2 processes or 2 Dask workers this speed-up over one.
GOAL_THROUGHPUT = 0.7
GOAL_SPEEDUP = 1.4


def goals(gains: dict[str, float], parallel: int = 2) -> dict[str, str]:
    """The goals checked on the ratios of one invocation (:func:`ratios`): for each, the
    figures it is read from and whether it is met; a goal missing a variant is left out."""
    out: dict[str, str] = {}
    wall = gains.get("stored run / bare spaCy throughput, 1 process")
    cpu = gains.get("stored run / bare spaCy, processor seconds, 1 process")
    if wall is not None or cpu is not None:
        seen = [v for v in (wall, cpu) if v is not None]
        out[f"stored run >= {GOAL_THROUGHPUT} of bare spaCy's throughput, 1 process"] = (
            f"wall-clock {wall}, processor time {cpu}: "
            + ("met" if min(seen) >= GOAL_THROUGHPUT else "not met")
        )
    local = gains.get(f"stored run, --processes {parallel} vs 1")
    dask = gains.get(f"stored run, dask {parallel} workers vs 1")
    if local is not None or dask is not None:
        best = max(v for v in (local, dask) if v is not None)
        out[f"{parallel} processes or {parallel} Dask workers >= {GOAL_SPEEDUP} times one"] = (
            f"local {local}, dask {dask}: " + ("met" if best >= GOAL_SPEEDUP else "not met")
        )
    return out

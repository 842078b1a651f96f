"""Processor seconds of each stage of the whole stored run, against bare spaCy, in one process.

    .venv/bin/python scripts/run_cpu.py [--corpus FILE] [--limit 100]

Loads the parser and the stages and warms them up as ``sitroom bench`` does, then times with
``time.process_time`` (which other work on a shared machine changes far less than wall-clock
time): bare spaCy ``nlp.pipe`` over the texts, then ``ingest`` + ``process`` of the same texts
into a fresh store on the local engine (one process), split into ingest, parse (what is left
of the extraction wait), conversion of spaCy's documents, actors, the quote tagger, the rest of
quotes, events, store writes, picture and garbage collection. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.eval.bench import _warm_ingest, _write_input, load_texts

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path("../shared/data/corpora")  # beside the checkout, as sitroom bench looks
RELEASES = (CORPORA if CORPORA.is_dir() else ROOT.parent / CORPORA) / (
    "presidential_releases_2021-11_2022-03.jsonl"
)
spent: dict[str, float] = {}


def clock(owner: Any, name: str, key: str) -> None:
    """Add the processor seconds of every call of ``owner.name`` to ``spent[key]``."""
    f = getattr(owner, name)

    @functools.wraps(f)
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - t0

    setattr(owner, name, timed)


def gc_clock(phase: str, _info: dict[str, Any], started: list[float] = [0.0]) -> None:  # noqa: B006
    if phase == "start":
        started[0] = time.process_time()
    else:
        spent["gc"] = spent.get("gc", 0.0) + time.process_time() - started[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=RELEASES)
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    import sitroom.extract.quotes.rules as rules
    import sitroom.extract.quotes.tagger as tagger
    import sitroom.nlp as nlp_module
    import sitroom.pipeline as pipeline
    from sitroom.engine import make_engine
    from sitroom.store.store import Store

    texts = load_texts(args.corpus, args.limit)
    settings = Settings()
    engine: Any = make_engine(settings)
    _warm_ingest()
    nlp = nlp_module.load_pipeline(settings.nlp.model)
    t0 = time.process_time()
    for _doc in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
        pass
    bare = time.process_time() - t0
    clock(nlp_module, "doc_to_parsed", "convert")
    clock(engine.extractor.resolver, "resolve", "actors")
    batched = hasattr(tagger, "predict_spans_many")  # not before commit 3c6394a
    if batched:
        clock(tagger, "predict_spans_many", "quote tagger")
    else:
        clock(rules, "predict_spans", "quote tagger")
    clock(rules, "extract_quotes", "quotes (rest)")
    clock(engine.extractor, "extract_many" if batched else "extract", "extraction")
    clock(pipeline, "ingest_paths", "ingest")
    clock(pipeline, "_corroborate", "picture")
    gc.callbacks.append(gc_clock)
    with tempfile.TemporaryDirectory() as tmp:
        src = _write_input(texts, tmp)
        t0 = time.process_time()
        with Store(Path(tmp) / "cpu.duckdb") as store:
            clock(store, "add_extractions", "write")
            pipeline.ingest_paths(store, [src], settings)
            pipeline.process(store, settings, engine=engine)
        total = time.process_time() - t0
    gc.callbacks.remove(gc_clock)
    if not batched:  # the tagger ran inside extract_quotes
        spent["quotes (rest)"] -= spent["quote tagger"]
    stages = {k: round(v, 2) for k, v in spent.items()}
    stages["events"] = round(
        spent["extraction"] - spent["actors"] - spent["quote tagger"] - spent["quotes (rest)"], 2
    )
    stages["parse and the rest"] = round(
        total - sum(spent[k] for k in ("ingest", "extraction", "convert", "write", "picture")), 2
    )
    del stages["extraction"]
    out = {
        "texts": len(texts),
        "bare spaCy CPU seconds": round(bare, 2),
        "stored run CPU seconds": round(total, 2),
        "stored run / bare spaCy throughput (CPU)": round(bare / total, 3),
        "stages (CPU seconds; gc overlaps the others)": stages,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

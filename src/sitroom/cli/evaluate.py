"""``sitroom eval`` (scores against labelled data) and ``sitroom bench`` (throughput)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from sitroom.cli.commands import cli
from sitroom.cli.common import (
    config_option,
    fail_cleanly,
    make_settings,
    nlp_options,
    parse_options,
)

if TYPE_CHECKING:
    from sitroom.eval.gold.common import SplitChoice

F = TypeVar("F", bound=Callable[..., Any])


@cli.group("eval")
def eval_group() -> None:
    """Score sitroom against labelled data."""


@eval_group.command("quotes")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="PolNeAR-style folder with text/ and attributions/ (e.g. ../shared/data/polnear/dev).",
)
@click.option("--pred", type=click.Path(file_okay=False, path_type=Path), help="Existing .ann dir.")
@click.option(
    "--strip-marks",
    is_flag=True,
    help="Score a copy with quotation marks, apostrophes and dashes deleted.",
)
@parse_options
@fail_cleanly
def eval_quotes(gold: Path, pred: Path | None, strip_marks: bool, **nlp: Any) -> None:
    """Score quote attribution against a PolNeAR-style folder (text/ and attributions/)."""
    from sitroom.eval.quotes import run_quote_eval

    settings = make_settings(None, None, **nlp)
    scores = run_quote_eval(gold, settings, pred_dir=pred, strip_marks=strip_marks)
    click.echo(json.dumps(scores, indent=1))


@cli.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    help="JSON lines file with a text field, or a folder of .txt files"
    " (default: the presidential releases in ../shared/data/corpora, else the sample corpus).",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=200,
    show_default=True,
    help="Texts to read from the corpus (its first ones).",
)
@click.option(
    "--parallel", type=click.IntRange(2), default=2, show_default=True,
    help="Processes (and Dask workers) of the parallel variants.",
)  # fmt: skip
@click.option(
    "--only", "kinds", multiple=True,
    type=click.Choice(["baseline", "extract", "stored", "dask"]),
    help="Run only these variants (repeatable; default all).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@config_option
@nlp_options
@fail_cleanly
def bench(
    corpus: Path | None,
    limit: int,
    parallel: int,
    kinds: tuple[str, ...],
    as_json: bool,
    config_path: str | None,
    **nlp: Any,
) -> None:
    """Measure each stage and the whole run against bare spaCy nlp.pipe on the same texts,
    on 1 and on --parallel processes, with the local and the Dask engine."""
    from sitroom.eval.bench import goals, load_texts, plan, ratios, run_bench, stage_shares

    settings = make_settings(None, config_path, **nlp)
    if corpus is None:
        shared = Path("../shared/data/corpora/presidential_releases_2021-11_2022-03.jsonl")
        corpus = shared if shared.exists() else Path(__file__).parents[1] / "sample"
    texts = load_texts(corpus, limit)
    variants = plan(parallel, kinds or ("baseline", "extract", "stored"))
    click.echo(f"bench: {len(texts)} texts from {corpus}, {len(variants)} variants", err=True)

    def show(r: Any) -> None:
        click.echo(f"bench: {r.variant}, {r.engine}, {r.processes}: {r.seconds} s", err=True)

    results = run_bench(texts, settings, variants, on_result=show)
    shares, gains = stage_shares(results), ratios(results, parallel)
    if as_json:
        doc = {
            "variants": [r.to_dict() for r in results],
            "stage_added_percent": shares,
            "ratios": gains,
            "goals": goals(gains, parallel),
        }
        click.echo(json.dumps(doc, indent=1))
        return
    _print_bench(results, shares, gains)
    for goal, verdict in goals(gains, parallel).items():
        click.echo(f"goal of issue 18, {goal}: {verdict}")


def _print_bench(results: list[Any], shares: dict[str, float], gains: dict[str, float]) -> None:
    click.echo(
        "| variant | engine | processes | texts | words | seconds | words/s | CPU seconds"
        " | peak RSS MB |"
    )
    click.echo("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        click.echo(
            f"| {r.variant} | {r.engine} | {r.processes} | {r.texts} | {r.words} | {r.seconds}"
            f" | {r.words_per_second} | {r.cpu_seconds} | {r.peak_rss_mb} |"
        )
    for r in results:
        if r.stages:
            spent = ", ".join(f"{k} {v} s" for k, v in r.stages.items())
            click.echo(f"\nstages of {r.variant} ({r.engine}, {r.processes}): {spent}")
    if shares:
        added = ", ".join(f"{k} +{v} %" for k, v in shares.items())
        click.echo(f"\ntime each stage adds to the whole stored run: {added}")
    for label, value in gains.items():
        click.echo(f"{label}: {value}")


@eval_group.command("extract")
@click.argument("html_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("gold_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--per-page", is_flag=True, help="Also print each page's scores.")
@fail_cleanly
def eval_extract(html_dir: Path, gold_json: Path, per_page: bool) -> None:
    """Word 4-gram F1 of HTML article extraction against gold bodies (JSON by file name)."""
    from sitroom.eval.extract import score_extraction

    scores = score_extraction(html_dir, gold_json)
    if not per_page:
        scores.pop("per_page", None)
    click.echo(json.dumps(scores, indent=1))


@eval_group.command("events")
@click.option(
    "--plover",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PLOVER gold sentences (JSON lines with text, event, mode, source, target).",
)
@click.option(
    "--quad",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sentences with a quad-class label (text<TAB>label, ConfliBERT style).",
)
@click.option(
    "--coder",
    "coder_name",
    help="Event coder by registered name. Default: rules.v3 for --plover; for --quad,"
    " hybrid.v1 when its model is built (make quad-model), else rules.v3.",
)
@fail_cleanly
def eval_events(plover: Path | None, quad: Path | None, coder_name: str | None) -> None:
    """Score the event coder against PLOVER gold sentences or quad-class labels."""
    from sitroom.eval.events import score_events, score_quad
    from sitroom.extract.events.learned import model_built
    from sitroom.extract.events.registry import get_coder

    if plover is None and quad is None:
        raise click.UsageError("give --plover FILE and/or --quad FILE")
    out: dict[str, Any] = {}
    if plover is not None:
        name = coder_name or "rules.v3"
        out["plover"] = {"coder": name, **score_events(plover, get_coder(name)).to_dict()}
    if quad is not None:
        name = coder_name or ("hybrid.v1" if model_built() else "rules.v3")
        out["quad"] = {"coder": name, **score_quad(quad, get_coder(name)).to_dict()}
    click.echo(json.dumps(out, indent=1))


_ERRORS_HELP = (
    "Write the tuning half's errors (system against gold per item, with their texts) to FILE,"
    " outside the repository, for error analysis. Check-half errors are refused: never look at"
    " them while tuning (the check half is the held-out figure); only --split check --i-know"
    " writes them, once tuning is over."
)


def gold_options(default_gold: str) -> Callable[[F], F]:
    """Options shared by ``eval gold-events`` and ``eval gold-quotes``."""

    def wrap(fn: F) -> F:
        fn = click.option("--i-know", is_flag=True, help="With --split check: allow --errors.")(fn)
        fn = click.option(
            "--parse-cache",
            type=click.Path(file_okay=False, path_type=Path),
            help="Keep the parsed documents in this folder and reuse them on the next run"
            " (for tuning: only the extraction stages run again).",
        )(fn)
        fn = click.option(
            "--errors",
            "errors_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help=_ERRORS_HELP,
        )(fn)
        fn = click.option(
            "--shared",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("../shared"),
            show_default=True,
            help="The shared folder holding the texts behind the gold.",
        )(fn)
        fn = click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            default=0.0,
            show_default=True,
            help="Also report the figures for system records of at least this confidence.",
        )(fn)
        fn = click.option(
            "--split",
            type=click.Choice(["tune", "check", "all"]),
            default="all",
            show_default=True,
            help="Half to score; all reports tune, check and both together.",
        )(fn)
        fn = click.option(
            "--annotator",
            "annotators",
            multiple=True,
            help="Annotator files to use, in priority order (repeatable). Default: every"
            " annotations_*.jsonl but c (the double annotation), in name order.",
        )(fn)
        return click.option(
            "--gold",
            "gold_dir",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            default=Path(default_gold),
            show_default=True,
            help="The gold folder.",
        )(fn)

    return wrap


def _errors_target(
    errors_file: Path | None, split: str, i_know: bool, gold_dir: Path
) -> tuple[Path, str] | None:
    from sitroom.eval.gold.common import check_errors_target

    if errors_file is None:
        return None
    half = check_errors_target(errors_file, cast("SplitChoice", split), i_know, [gold_dir])
    return errors_file, half


@eval_group.command("gold-events")
@gold_options("gold/events")
@config_option
@nlp_options
@fail_cleanly
def eval_gold_events(
    gold_dir: Path,
    annotators: tuple[str, ...],
    split: str,
    min_confidence: float,
    shared: Path,
    errors_file: Path | None,
    i_know: bool,
    parse_cache: Path | None,
    config_path: str | None,
    **nlp: Any,
) -> None:
    """Score events on our real-news event gold (GUIDELINE §8), per split and corpus (JSON).

    Runs sitroom in process on the shared documents behind the items. Look at the tune half
    only while tuning; the check half is the held-out figure.
    """
    from sitroom.eval.gold.events import evaluate_gold_events

    settings = make_settings(None, config_path, **nlp)
    errors = _errors_target(errors_file, split, i_know, gold_dir)
    report = evaluate_gold_events(
        gold_dir,
        settings,
        shared=shared,
        annotators=annotators or None,
        split=cast("SplitChoice", split),
        min_confidence=min_confidence,
        errors=errors,
        parse_cache=parse_cache,
    )
    click.echo(json.dumps(report, indent=1))


@eval_group.command("gold-quotes")
@gold_options("gold/quotes")
@config_option
@parse_options
@fail_cleanly
def eval_gold_quotes(
    gold_dir: Path,
    annotators: tuple[str, ...],
    split: str,
    min_confidence: float,
    shared: Path,
    errors_file: Path | None,
    i_know: bool,
    parse_cache: Path | None,
    config_path: str | None,
    **nlp: Any,
) -> None:
    """Score quotes on our real-news quote gold (its GUIDELINE §8), per split and source (JSON).

    Runs sitroom in process on the shared documents behind the annotated units. Look at the
    tune half only while tuning; the check half is the held-out figure.
    """
    from sitroom.eval.gold.quotes import evaluate_gold_quotes

    settings = make_settings(None, config_path, **nlp)
    errors = _errors_target(errors_file, split, i_know, gold_dir)
    report = evaluate_gold_quotes(
        gold_dir,
        settings,
        shared=shared,
        annotators=annotators or None,
        split=cast("SplitChoice", split),
        min_confidence=min_confidence,
        errors=errors,
        parse_cache=parse_cache,
    )
    click.echo(json.dumps(report, indent=1))

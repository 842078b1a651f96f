"""The ``sitroom`` command line: a thin click layer over the library.

Exit codes: 0 success; 1 the run finished but some inputs were rejected (quarantined);
2 usage error; 3 an error stopped the command (the message says why).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sitroom import __version__
from sitroom.config import Settings, load_settings
from sitroom.errors import SitroomError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_REJECTED = 1
EXIT_ERROR = 3


# --------------------------------------------------------------------------- helpers


class CliProgress:
    """A rich progress bar on a terminal, plain log lines otherwise (stderr)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self.done = 0
        self.total: int | None = None
        self.label = ""
        self._last = 0.0

    def start(self, label: str, total: int | None) -> None:
        self.label, self.total, self.done = label, total, 0
        self._last = time.monotonic()
        if self.tty:
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total)
        else:
            click.echo(f"{label}: started" + (f" ({total} items)" if total else ""), err=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.advance(self._task, n)
        elif time.monotonic() - self._last > 5:
            self._last = time.monotonic()
            of = f"/{self.total}" if self.total else ""
            click.echo(f"{self.label}: {self.done}{of} done", err=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        else:
            click.echo(f"{self.label}: finished, {self.done} items", err=True)


def fail_cleanly(fn: F) -> F:
    """Turn expected errors into one-line messages and exit code 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SitroomError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(EXIT_ERROR)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        envvar="SITROOM_DB",
        default="sitroom.duckdb",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="DuckDB file (also SITROOM_DB).",
    )(fn)


def config_option(fn: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False),
        help="TOML settings file layered over the defaults.",
    )(fn)


def nlp_options(fn: F) -> F:
    fn = click.option("--processes", type=click.IntRange(1), help="Parser processes.")(fn)
    fn = click.option("--batch-size", type=click.IntRange(1), help="Texts per nlp.pipe batch.")(fn)
    fn = click.option("--model", help="Installed spaCy pipeline to use.")(fn)
    fn = click.option(
        "--actors",
        "actor_files",
        multiple=True,
        type=click.Path(exists=True),
        help="Actor JSON file or folder layered over the packaged base (repeatable).",
    )(fn)
    return click.option("--coder", help="Event coder by registered name, e.g. rules.v1.")(fn)


def ingest_options(fn: F) -> F:
    fn = click.option("--max-bytes", type=click.IntRange(1), help="Quarantine larger files.")(fn)
    for name in ("outlet", "url", "date", "title"):
        fn = click.option(
            f"--{name}-field", f"{name}_field", help=f"JSON/CSV field holding the {name}."
        )(fn)
    return click.option(
        "--text-field",
        "text_fields",
        multiple=True,
        help="JSON/CSV field holding the body (repeat to try several; default text, body).",
    )(fn)


def make_settings(
    db: str | None = None,
    config_path: str | None = None,
    *,
    model: str | None = None,
    batch_size: int | None = None,
    processes: int | None = None,
    coder: str | None = None,
    actor_files: tuple[str, ...] = (),
    max_bytes: int | None = None,
    text_fields: tuple[str, ...] = (),
    **fields: str | None,
) -> Settings:
    settings = load_settings(config_path, db=db, coder=coder)
    for key, value in fields.items():
        if value:
            setattr(settings.ingest, key, value)
    if text_fields:
        settings.ingest.text_fields = list(text_fields)
    if actor_files:
        settings.actor_files = [*settings.actor_files, *actor_files]
    if model:
        settings.nlp.model = model
    if batch_size:
        settings.nlp.batch_size = batch_size
    if processes:
        settings.nlp.processes = processes
    if max_bytes:
        settings.ingest.max_bytes = max_bytes
    return settings


def open_store(path: str, *, read_only: bool = False) -> Any:
    from sitroom.store.store import Store

    if read_only and not Path(path).exists():
        raise _no_db_error(path)
    return Store(path, read_only=read_only)


def _no_db_error(path: str) -> SitroomError:
    from sitroom.errors import E

    return SitroomError(E.E001, path=f"{path} (run `sitroom ingest` or `sitroom run` first)")


# --------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
def cli() -> None:
    """sitroom: turn a stream of crisis news into evidence-backed events, quotes and timelines."""


def _do_ingest(store: Any, paths: tuple[str, ...], settings: Settings) -> int:
    from sitroom.pipeline import ingest_paths

    report = ingest_paths(store, list(paths), settings, CliProgress())
    for rej in report.rejected:
        click.echo(f"rejected: {rej.source_path}: {rej.reason}", err=True)
    for rej in report.skipped[:20]:
        click.echo(f"skipped: {rej.source_path}: {rej.reason}", err=True)
    if len(report.skipped) > 20:
        click.echo(f"skipped: {len(report.skipped) - 20} more empty records", err=True)
    click.echo(
        f"ingest: {report.documents} documents read, {report.added} articles added"
        f" ({report.duplicates} marked as copies), {report.already_seen} already stored,"
        f" {len(report.rejected)} rejected, {len(report.skipped)} empty records skipped",
        err=True,
    )
    if report.documents == 0 and not report.rejected:
        click.echo("ingest: nothing new to read (every input was already ingested)", err=True)
    return EXIT_REJECTED if report.rejected else 0


def _do_process(store: Any, settings: Settings) -> None:
    from sitroom.pipeline import process

    report = process(store, settings, CliProgress())
    click.echo(
        f"process: {report.articles} articles, {report.quotes} quotes, {report.events} events,"
        f" {report.clusters} clusters, {report.claims} contested claims"
        + (
            f"; {report.not_english} non-English articles stored, not parsed"
            if report.not_english
            else ""
        ),
        err=True,
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@ingest_options
@db_option
@config_option
@fail_cleanly
def ingest(paths: tuple[str, ...], db: str, config_path: str | None, **opts: Any) -> None:
    """Read, clean and deduplicate PATHS (files, directories, globs) into the store."""
    settings = make_settings(db, config_path, **opts)
    with open_store(settings.db) as store:
        code = _do_ingest(store, paths, settings)
    sys.exit(code)


@cli.command()
@db_option
@config_option
@nlp_options
@fail_cleanly
def process(db: str, config_path: str | None, **nlp: Any) -> None:
    """Parse and extract actors, quotes and events from articles not yet processed."""
    settings = make_settings(db, config_path, **nlp)
    with open_store(settings.db) as store:
        _do_process(store, settings)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@ingest_options
@db_option
@config_option
@nlp_options
@fail_cleanly
def run(paths: tuple[str, ...], db: str, config_path: str | None, **opts: Any) -> None:
    """Ingest PATHS, then process everything not yet processed."""
    settings = make_settings(db, config_path, **opts)
    with open_store(settings.db) as store:
        code = _do_ingest(store, paths, settings)
        _do_process(store, settings)
    click.echo(f"results: {Path(settings.db).resolve()}", err=True)
    sys.exit(code)


def _export_command(group: click.Group, what: str) -> None:
    @group.command("export")
    @click.option(
        "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
        show_default=True,
    )  # fmt: skip
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file.")
    @db_option
    @fail_cleanly
    def export(fmt: str, out: Path | None, db: str) -> None:
        from sitroom.store.export import write_records

        with open_store(db, read_only=True) as store:
            n = write_records(_records(store, what), fmt, out)
        click.echo(f"{what}: {n} records exported" + (f" to {out}" if out else ""), err=True)

    export.__doc__ = f"Export {what} as JSON lines, CSV or Parquet."
    export.help = export.__doc__


def _records(store: Any, what: str) -> Any:
    if what == "articles":
        return store.articles()
    if what == "quotes":
        return store.quotes()
    if what == "events":
        return store.events()
    if what == "actors":
        return store.actors()
    from sitroom.picture import corroborate

    if what == "clusters":
        return corroborate.clusters(store)
    return corroborate.claims(store)


def _group(name: str, doc: str) -> click.Group:
    grp = click.Group(name, help=doc)
    cli.add_command(grp)
    _export_command(grp, name)
    return grp


articles_group = _group("articles", "Stored articles.")
quotes_group = _group("quotes", "Attributed statements (quotes).")
events_group = _group("events", "Coded events.")
actors_group = _group("actors", "Actors known or inferred.")
clusters_group = _group("clusters", "Event clusters across outlets.")
claims_group = _group("claims", "Contested claims: an accusation and its denial.")


@quotes_group.command("annotate")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["brat"]), default="brat", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@config_option
@nlp_options
@fail_cleanly
def quotes_annotate(
    paths: tuple[str, ...], fmt: str, out: Path, config_path: str | None, **nlp: Any
) -> None:
    """Write brat standoff attributions for each plain-text file in PATHS."""
    from sitroom.pipeline import annotate_files

    settings = make_settings(None, config_path, **nlp)
    errors: list[str] = []

    def on_error(path: Path, reason: str) -> None:
        errors.append(str(path))
        click.echo(f"rejected: {path}: {reason}", err=True)

    written = annotate_files(list(paths), out, settings, on_error=on_error)
    click.echo(f"annotate: {len(written)} .ann files written to {out}", err=True)
    sys.exit(EXIT_REJECTED if errors else 0)


@cli.command()
@click.option("--from", "date_from", help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day, YYYY-MM-DD.")
@click.option("--actor", help="Only events involving this actor id (e.g. RUS).")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@fail_cleanly
def timeline(
    date_from: str | None, date_to: str | None, actor: str | None, fmt: str, out: Path | None,
    db: str,
) -> None:  # fmt: skip
    """The crisis day by day: top events with evidence and key quotes."""
    from sitroom.picture.timeline import timeline as timeline_days
    from sitroom.web import markdown, render

    with open_store(db, read_only=True) as store:
        days = timeline_days(store, date_from=date_from, date_to=date_to, actor=actor)
    if fmt == "json":
        text = json.dumps(days, ensure_ascii=False, indent=1, default=str)
    elif fmt == "html":
        text = render.timeline_html(days)
    else:
        text = markdown.timeline_markdown(days)
    _emit(text, out)


@cli.command()
@click.option("--dyad", required=True, help="Two actor ids, e.g. RUS-UKR.")
@click.option("--from", "date_from", help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day, YYYY-MM-DD.")
@click.option("--ordered", is_flag=True, help="Only acts of the first actor on the second.")
@click.option("--weekly", is_flag=True, help="Aggregate the daily index by ISO week.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@fail_cleanly
def escalation(
    dyad: str,
    date_from: str | None,
    date_to: str | None,
    ordered: bool,
    weekly: bool,
    fmt: str,
    out: Path | None,
    db: str,
) -> None:
    """Escalation index for a dyad, per day, with change alerts (higher = more conflict).

    CSV columns: date, index, smoothed, events, alert. The formula is in docs/escalation.md.
    """
    from sitroom.picture import escalation as index
    from sitroom.store.export import write_records

    with open_store(db, read_only=True) as store:
        rows = index.escalation(store, dyad, date_from, date_to, ordered=ordered)
    if weekly:
        rows = index.weekly(rows)
    if fmt == "json":
        _emit(json.dumps(rows, indent=1, default=str), out)
    else:
        write_records(rows, "csv", out)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        click.echo(f"written: {out}", err=True)


@cli.command()
@click.option("--input", "input_path", required=True, type=click.File("r", encoding="utf-8"))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path))
@config_option
@nlp_options
@fail_cleanly
def code(input_path: Any, output: Path | None, config_path: str | None, **nlp: Any) -> None:
    """Code snippets: each input line {"id","text","date"} gives {"id","events"}."""
    from sitroom.pipeline import code_snippets
    from sitroom.store.export import write_records

    settings = make_settings(None, config_path, **nlp)
    n = write_records(code_snippets(input_path, settings), "jsonl", output)
    click.echo(f"code: {n} snippets coded", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@db_option
@config_option
@fail_cleanly
def serve(host: str, port: int, db: str, config_path: str | None) -> None:
    """Serve the REST API and the dashboard (127.0.0.1 by default)."""
    from sitroom.web.app import run_server

    settings = make_settings(db, config_path)
    if not Path(settings.db).exists():
        raise _no_db_error(settings.db)
    click.echo(f"serving {settings.db} on http://{host}:{port}/", err=True)
    run_server(settings.db, host=host, port=port, api_token=settings.api_token, settings=settings)


@cli.command()
@click.option("--date", "day", required=True, help="The day to brief, YYYY-MM-DD.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md"]), help="Default: from --out, else html."
)
@db_option
@fail_cleanly
def report(day: str, out: Path | None, fmt: str | None, db: str) -> None:
    """The daily briefing: top events with evidence, escalation changes, claims, key quotes."""
    from sitroom.web.render import render_report

    fmt = fmt or ("md" if out is not None and out.suffix.lower() == ".md" else "html")
    with open_store(db, read_only=True) as store:
        text = render_report(store, day, fmt="md" if fmt == "md" else "html")
    _emit(text, out)


@cli.group("eval")
def eval_group() -> None:
    """Score sitroom against labelled data."""


@eval_group.command("quotes")
@click.option(
    "--gold", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--pred", type=click.Path(file_okay=False, path_type=Path), help="Existing .ann dir.")
@click.option(
    "--strip-marks",
    is_flag=True,
    help="Score a copy with quotation marks, apostrophes and dashes deleted.",
)
@nlp_options
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
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@config_option
@nlp_options
@fail_cleanly
def bench(
    corpus: Path | None, limit: int, as_json: bool, config_path: str | None, **nlp: Any
) -> None:
    """Measure throughput and peak memory against bare spaCy nlp.pipe on the same texts."""
    from sitroom.eval.bench import load_texts, run_bench, stage_shares

    settings = make_settings(None, config_path, **nlp)
    if corpus is None:
        shared = Path("../shared/data/corpora/presidential_releases_2021-11_2022-03.jsonl")
        corpus = shared if shared.exists() else Path(__file__).parent / "sample"
    texts = load_texts(corpus, limit)
    click.echo(f"bench: {len(texts)} texts from {corpus}", err=True)
    results = run_bench(texts, settings)
    shares = stage_shares(results)
    if as_json:
        doc = {"variants": [r.to_dict() for r in results], "stage_added_percent": shares}
        click.echo(json.dumps(doc, indent=1))
        return
    click.echo("| variant | texts | words | seconds | words/s | peak RSS MB | processes |")
    click.echo("|---|---|---|---|---|---|---|")
    for r in results:
        click.echo(
            f"| {r.variant} | {r.texts} | {r.words} | {r.seconds} | {r.words_per_second}"
            f" | {r.peak_rss_mb} | {r.processes} |"
        )
    for r in results:
        if r.stages:
            spent = ", ".join(f"{k} {v} s" for k, v in r.stages.items())
            click.echo(f"\nstages of {r.variant}: {spent}")
    if shares:
        added = ", ".join(f"{k} +{v} %" for k, v in shares.items())
        click.echo(f"time each stage adds to the whole stored run: {added}")


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
    help="Event coder by registered name. Default: rules.v1 for --plover; for --quad,"
    " hybrid.v1 when its model is built (make quad-model), else rules.v1.",
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
        name = coder_name or "rules.v1"
        out["plover"] = {"coder": name, **score_events(plover, get_coder(name)).to_dict()}
    if quad is not None:
        name = coder_name or ("hybrid.v1" if model_built() else "rules.v1")
        out["quad"] = {"coder": name, **score_quad(quad, get_coder(name)).to_dict()}
    click.echo(json.dumps(out, indent=1))


def main() -> None:
    cli(prog_name="sitroom")


if __name__ == "__main__":
    main()

"""The ``sitroom`` group and the commands that feed and read the store.

Exit codes: see :mod:`sitroom.cli.common` (0 success, 1 some inputs rejected, 2 usage,
3 an error stopped the command, 4 a damaged or foreign store, 5 a bug, 130 interrupted).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sitroom import __version__
from sitroom.cli.common import (
    EXIT_REJECTED,
    EXIT_STORE,
    CliProgress,
    config_option,
    db_option,
    engine_options,
    fail_cleanly,
    ingest_options,
    make_settings,
    nlp_options,
    no_db_error,
    open_store,
    parse_options,
)
from sitroom.config import Settings

# --------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
def cli() -> None:
    """sitroom: turn a stream of crisis news into evidence-backed events, quotes and timelines."""


def _do_ingest(store: Any, paths: tuple[str, ...], settings: Settings) -> int:
    from sitroom.pipeline import ingest_paths

    report = ingest_paths(store, list(paths), settings, CliProgress())
    for rej in report.rejected:
        click.echo(f"rejected: {rej.source_path}: {rej.code}: {rej.reason}", err=True)
    for rej in report.warnings:
        click.echo(f"warning: {rej.source_path}: {rej.code}: {rej.reason}", err=True)
    for rej in report.skipped[:20]:
        click.echo(f"skipped: {rej.source_path}: {rej.code}: {rej.reason}", err=True)
    if len(report.skipped) > 20:
        click.echo(f"skipped: {len(report.skipped) - 20} more empty records", err=True)
    click.echo(
        f"ingest: {report.documents} documents read, {report.added} articles added"
        f" ({report.duplicates} marked as copies), {report.already_seen} already stored,"
        f" {len(report.rejected)} rejected, {len(report.skipped)} empty records skipped"
        + (f", {len(report.warnings)} warnings" if report.warnings else ""),
        err=True,
    )
    if report.documents == 0 and not report.rejected:
        click.echo("ingest: nothing new to read (every input was already ingested)", err=True)
    return EXIT_REJECTED if report.rejected else 0


def _do_process(store: Any, settings: Settings, recode: bool = False) -> None:
    from sitroom.pipeline import process

    report = process(store, settings, CliProgress(), recode=recode)
    click.echo(
        f"process: {report.articles} articles, {report.quotes} quotes, {report.events} events,"
        f" {report.clusters} clusters, {report.claims} contested claims"
        + (f"; {report.recoded} articles re-coded with {settings.coder}" if recode else "")
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
@engine_options
@click.option(
    "--recode",
    is_flag=True,
    help="Also code again the articles another event coder coded (their events replaced).",
)
@fail_cleanly
def process(db: str, config_path: str | None, recode: bool, **nlp: Any) -> None:
    """Parse and extract actors, quotes and events from articles not yet processed; with
    --recode, also from the articles another coder than the chosen one coded."""
    settings = make_settings(db, config_path, **nlp)
    with open_store(settings.db) as store:
        _do_process(store, settings, recode)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@ingest_options
@db_option
@config_option
@nlp_options
@engine_options
@fail_cleanly
def run(paths: tuple[str, ...], db: str, config_path: str | None, **opts: Any) -> None:
    """Ingest PATHS, then process everything not yet processed.

    With --engine dask, parsing and extraction run on a Dask cluster (a local one of
    --workers processes, or the one at --scheduler); the store is written here alone."""
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
        show_default=True, help="JSON lines, CSV (nested values as JSON text) or Parquet.",
    )  # fmt: skip
    @click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Output file (default: standard output; Parquet needs a file).",
    )
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["brat"]),
    default="brat",
    show_default=True,
    help="Annotation format: brat standoff, one .ann per text file.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the .ann files (created if missing).",
)
@config_option
@parse_options
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
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.File("r", encoding="utf-8"),
    help='JSON lines file, one {"id", "text", "date"} per line ("-" for standard input).',
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help='JSON lines file for {"id", "events"} (default: standard output).',
)
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
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 opens the server to the network).",
)
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port to listen on.")
@click.option(
    "--workers", type=click.IntRange(1, 32),
    help="Server processes, each reading the store (default 1, or the setting serve_workers,"
    " SITROOM_SERVE_WORKERS); 2 on a two-core machine answers more under load.",
)  # fmt: skip
@db_option
@config_option
@fail_cleanly
def serve(host: str, port: int, workers: int | None, db: str, config_path: str | None) -> None:
    """Serve the REST API and the dashboard (127.0.0.1 by default).

    The store stays writable meanwhile: `sitroom run`, `ingest` and `process` on it write a
    copy and publish it, and the server shows it from its next request."""
    from sitroom.errors import E, SitroomError
    from sitroom.store.check import check_store
    from sitroom.web.app import run_server

    settings = make_settings(db, config_path)
    if not Path(settings.db).exists():
        raise no_db_error(settings.db)
    verdict = check_store(settings.db)  # pages would fail on a damaged store: refuse it
    if not verdict.ok:
        raise SitroomError(E.E033, path=settings.db, detail=verdict.problems[0].split(": ", 1)[1])
    click.echo(f"serving {settings.db} on http://{host}:{port}/", err=True)
    run_server(settings.db, host=host, port=port, api_token=settings.api_token, settings=settings,
               workers=workers or settings.serve_workers)  # fmt: skip


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@db_option
@fail_cleanly
def check(as_json: bool, db: str) -> None:
    """Read all of the store and say whether it is sound (exit 0) or damaged or not a
    sitroom store (exit 4, E033), with rows per table, runs that did not finish and
    articles not yet processed."""
    import json

    from sitroom.store.check import check_store

    verdict = check_store(db)
    if as_json:
        click.echo(json.dumps(verdict.to_dict()))
    else:
        for problem in verdict.problems:
            click.echo(f"error: {problem}", err=True)
        if verdict.ok:
            rows = ", ".join(f"{n} {t}" for t, n in verdict.rows.items() if t != "_migrations")
            click.echo(f"check: {db} is sound: {rows}")
            if verdict.unfinished_runs:
                click.echo(
                    f"check: {verdict.unfinished_runs} runs were stopped before their end"
                    " (interrupted): what they stored stays, and running the same command"
                    " again completes what they left"
                )
            if verdict.unprocessed:
                click.echo(
                    f"check: {verdict.unprocessed} articles not processed yet (`sitroom process`)"
                )
    if not verdict.ok:
        sys.exit(EXIT_STORE)

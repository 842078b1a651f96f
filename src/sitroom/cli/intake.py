"""The streaming commands: ``watch`` a folder and ``poll`` feeds into the store."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sitroom.cli.commands import cli
from sitroom.cli.common import (
    config_option,
    db_option,
    engine_options,
    fail_cleanly,
    ingest_options,
    make_settings,
    nlp_options,
    open_store,
)
from sitroom.config import Settings

UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(text: str) -> float:
    """Seconds from ``30``, ``30s``, ``5m`` or ``1h``."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if not found or float(found.group(1)) <= 0:
        raise click.BadParameter(f"{text!r}: expected a positive number of s, m or h (5m)")
    return float(found.group(1)) * UNITS[found.group(2)]


def _interval(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    return None if value is None else parse_interval(value)


def _say(what: str) -> Callable[[Any], None]:
    def on_pass(report: Any) -> None:
        ing, proc = report.ingest, report.process
        if ing is None:
            return
        for rej in ing.rejected:
            click.echo(f"rejected: {rej.source_path}: {rej.code}: {rej.reason}", err=True)
        click.echo(
            f"{what}: {report.found} new, {ing.added} articles added"
            + (f", {proc.quotes} quotes, {proc.events} events" if proc else ""),
            err=True,
        )

    return on_pass


def _run_stream(what: str, settings: Settings, loop: Callable[..., None], **kwargs: Any) -> None:
    from sitroom.engine import make_engine

    engine = make_engine(settings)
    try:
        loop(
            open_store=lambda: open_store(settings.db),
            settings=settings,
            engine=engine,
            on_pass=_say(what),
            **kwargs,
        )
    except KeyboardInterrupt:
        click.echo(f"{what}: stopped", err=True)
    finally:
        engine.close()


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="One pass over the folder, then stop.")
@click.option(
    "--every", default="2s", show_default=True, callback=_interval,
    help="Rescan interval (30s, 5m).",
)  # fmt: skip
@ingest_options
@db_option
@config_option
@nlp_options
@engine_options
@fail_cleanly
def watch(
    folder: Path, once: bool, every: float, db: str, config_path: str | None, **opts: Any
) -> None:
    """Ingest and process files as they appear or change in FOLDER (Ctrl-C stops)."""
    from sitroom.stream import watch_folder

    settings = make_settings(db, config_path, **opts)
    click.echo(
        f"watch: {folder} into {settings.db}" + ("" if once else " (Ctrl-C stops)"), err=True
    )
    _run_stream("watch", settings, watch_folder, folder=folder, once=once, every=every)


@cli.command()
@click.argument("feed_urls", nargs=-1, required=True)
@click.option("--once", is_flag=True, help="Fetch each feed once, then stop.")
@click.option(
    "--every", callback=_interval,
    help="Interval between passes (default poll.every, 300 s): 90s, 5m.",
)  # fmt: skip
@db_option
@config_option
@nlp_options
@engine_options
@fail_cleanly
def poll(
    feed_urls: tuple[str, ...],
    once: bool,
    every: float | None,
    db: str,
    config_path: str | None,
    **opts: Any,
) -> None:
    """Fetch RSS/Atom FEED_URLS and their new linked pages into the store (Ctrl-C stops)."""
    from sitroom.stream import poll_feeds

    settings = make_settings(db, config_path, **opts)
    click.echo(
        f"poll: {len(feed_urls)} feeds into {settings.db}" + ("" if once else " (Ctrl-C stops)"),
        err=True,
    )
    _run_stream("poll", settings, poll_feeds, feed_urls=list(feed_urls), once=once, every=every)

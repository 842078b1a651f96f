"""Commands that read the crisis picture: the timeline, the escalation index, the briefing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sitroom.cli.commands import cli
from sitroom.cli.common import (
    db_option,
    emit,
    fail_cleanly,
    open_store,
)


@cli.command()
@click.option("--from", "date_from", help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day, YYYY-MM-DD.")
@click.option("--actor", help="Only events involving this actor id (e.g. RUS).")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True,
    help="Markdown, JSON (one object per day) or a standalone HTML page.",
)  # fmt: skip
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: standard output).",
)
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
    emit(text, out)


@cli.command()
@click.option("--dyad", required=True, help="Two actor ids, e.g. RUS-UKR.")
@click.option("--from", "date_from", help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day, YYYY-MM-DD.")
@click.option("--ordered", is_flag=True, help="Only acts of the first actor on the second.")
@click.option("--weekly", is_flag=True, help="Aggregate the daily index by ISO week.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
    help="CSV (one row per day) or JSON with the alerts.",
)  # fmt: skip
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: standard output).",
)
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
        emit(json.dumps(rows, indent=1, default=str), out)
    else:
        write_records(rows, "csv", out)


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
    emit(text, out)

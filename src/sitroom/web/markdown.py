"""Markdown pages of the picture's data: the timeline and the daily briefing.

Each text goes on one line with Markdown's active characters escaped. The two pages escape
slightly differently (:func:`_md_line` for the timeline, :func:`_md` for the briefing, which
also prints None as nothing); both are kept as they were.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.picture.briefing import Briefing, DyadChange, TopCluster
from sitroom.picture.quoting import shown_quote
from sitroom.picture.timeline import KeyQuote, TimelineDay
from sitroom.records import Claim

_ACTIVE = re.compile(r"([\\`*_\[\]<>#|])")


def _md_line(text: str) -> str:
    """Plain text made safe for a Markdown line."""
    return _ACTIVE.sub(r"\\\1", " ".join(str(text).split()))


def timeline_markdown(days: list[TimelineDay]) -> str:
    """The timeline as Markdown: a section per day, events then key quotes."""
    lines = ["# Timeline", ""]
    for day in days:
        lines += [f"## {day['date']}", ""]
        for ev in day["events"]:
            dyad = f"{', '.join(ev['source']) or '?'} → {', '.join(ev['target']) or '?'}"
            outlets = f"{ev['n_outlets']} outlet{'s' if ev['n_outlets'] != 1 else ''}"
            mod = "" if ev["modality"] == "asserted" else f", {ev['modality']}"
            lines.append(
                f"- **{ev['type']}** {_md_line(dyad)} ({outlets}{mod}): {_md_line(ev['summary'])}"
            )
        if day["quotes"]:
            lines += ["", "Key quotes:", ""]
            for q in day["quotes"]:
                who = (q.get("speaker") or {}).get("name") or "unattributed"
                said = shown_quote(q["kind"], q["content"]["text"])
                lines.append(f"- {_md_line(who)}: {_md_line(said)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- briefing


def _md(text: Any) -> str:
    """One line of text with Markdown's active characters escaped."""
    flat = re.sub(r"\s+", " ", "" if text is None else str(text)).strip()
    return _ACTIVE.sub(r"\\\1", flat)


def _side(c: TopCluster) -> str:
    src = ", ".join(c.cluster.source or []) or "?"
    tgt = ", ".join(c.cluster.target or []) or "?"
    return f"{_md(src)} → {_md(tgt)}"


def _md_top(top: list[TopCluster]) -> list[str]:
    lines = ["## Top events", ""]
    for c in top:
        ev = c.evidence or {}
        art = c.article
        mod = "" if c.cluster.modality == "asserted" else f" ({c.cluster.modality})"
        lines.append(
            f"- **{_md(c.cluster.type)}**{mod} {_side(c)}, {c.cluster.n_outlets} outlet(s)"
        )
        lines.append(f"  > {_md(ev.get('text') or c.cluster.summary)}")
        title = art.title if art else None
        outlet = art.outlet if art else None
        lines.append(f"  — {_md(title or 'article')}, {_md(outlet or '')}")
    return [*lines, ""] if top else [*lines, "No event clusters on this day.", ""]


def _md_changes(changes: list[DyadChange]) -> list[str]:
    head = "| dyad | smoothed index | 7 days before | change | events today | alert today |"
    lines = ["## Escalation", "", head]
    lines.append("|---|---|---|---|---|---|")
    for ch in changes:
        cells = [ch.dyad, ch.today, ch.week_before, ch.delta, ch.events_today, ch.alert or ""]
        lines.append("| " + " | ".join(_md("" if v is None else v) for v in cells) + " |")
    return [*lines, ""]


def _md_claims(claims: list[Claim]) -> list[str]:
    lines = ["## New contested claims", ""]
    for c in claims:
        for label, side in (("Claim", c.claim), (c.response["kind"], c.response)):
            who = ", ".join(side.get("actors") or []) or "?"
            lines.append(f"- **{_md(label)}** ({_md(who)}): {_md(side.get('text'))}")
        lines.append("")
    return lines if claims else [*lines, "None.", ""]


def _md_quotes(quotes: list[KeyQuote]) -> list[str]:
    lines = ["## Key quotes", ""]
    for q in quotes:
        who = (q.get("speaker") or {}).get("name") or "Unattributed"
        said = _md(shown_quote(q["kind"], q["content"]["text"]))
        lines.append(f"- **{_md(who)}**: {said} ({_md(q.get('outlet'))})")
    return [*lines, ""] if quotes else [*lines, "None.", ""]


def report_markdown(data: Briefing) -> str:
    """The daily briefing as Markdown: top events, escalation table, claims, key quotes."""
    lines = [f"# sitroom daily briefing: {data.date}", ""]
    lines += _md_top(data.top)
    lines += _md_changes(data.changes)
    lines += _md_claims(data.claims)
    lines += _md_quotes(data.quotes)
    return "\n".join(lines).rstrip() + "\n"

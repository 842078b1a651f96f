"""The REST API and the dashboard (FastAPI, server-rendered Jinja2 pages, no external assets).

The store is opened read-only once per app (DuckDB then refuses writers from other processes
until the server stops); each request reads through its own cursor.
Every article text, title and quote goes through Jinja2's autoescaping; highlighted text is
built by slicing the article at span offsets and escaping each piece (:func:`highlight`).
Chart data is embedded as JSON (``tojson`` escapes ``<``, ``>`` and ``&``) and drawn by
plotly, whose JavaScript is served from the installed ``plotly`` package at
``/static/plotly-<version>.min.js``: nothing is loaded from another host.

Only GET is served unless a token is configured: any other method needs
``Authorization: Bearer <token>``.

List endpoints return ``{"items": [...], "next_cursor": str | null}``. A cursor is the sort
key of the last row of the page, JSON then URL-safe base64: the next page starts strictly
after it, so pages do not shift when rows are added before the position read so far.

Search: DuckDB's ``fts`` extension is downloaded on first use (impossible offline) and its
index must be written into the store (which the server opens read-only), so ``/api/search``
matches every term of the query case-insensitively as a substring of the title or text
(at most :data:`MAX_TERMS` terms of at least 2 characters), newest first.
"""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import json
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from sitroom.config import Settings
from sitroom.errors import E, SitroomError
from sitroom.extract.events.plover import PLOVER_TYPES
from sitroom.picture import aggregate, corroborate
from sitroom.store.store import Store, _row_to_event

TEMPLATES = Path(__file__).parent / "templates"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INTERNAL_ARTICLE_FIELDS = ("run_id", "ingested_at", "processed_at", "raw_hash")
ARTICLE_LIST_FIELDS = (
    "article_id",
    "title",
    "outlet",
    "date",
    "date_precision",
    "url",
    "language",
    "copy_group",
    "duplicate_of",
)
MAX_TERMS = 8
TIMELINE_DAYS = 14
CHART_DAYS = 90
FUTURE_DAYS = 7
N_DYADS = 3
TOP_CLUSTERS = 12
FAR_DATE = "9999-12-31"
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {1: "#2f9e44", 2: "#1971c2", 3: "#f08c00", 4: "#c92a2a"}
DYAD_COLOURS = ("#c92a2a", "#1971c2", "#2f9e44", "#7048e8", "#e8590c")

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000).")]
Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of the last page")]
DateParam = Annotated[str | None, Query(description="YYYY-MM-DD", examples=["2022-01-10"])]
ActorParam = Annotated[str | None, Query(max_length=100, description="Actor id, e.g. RUS")]
DyadParam = Annotated[str | None, Query(max_length=100, description="Two actor ids: RUS-UKR")]
TypeParam = Annotated[str | None, Query(max_length=20, description="PLOVER type, e.g. THREATEN")]
Modality = Literal["asserted", "future", "hypothetical", "negated"]


# --------------------------------------------------------------------------- rendering


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight_evidence"] = highlight_evidence
    env.globals["plotly_src"] = plotly_src
    env.globals["quad_names"] = QUAD_NAMES
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates (autoescape on)."""
    return _env().get_template(template).render(**context)


@functools.lru_cache(maxsize=1)
def _plotly() -> tuple[str, str]:
    """(version, minified JavaScript) of the installed plotly package."""
    import plotly  # type: ignore[import-untyped]
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    return str(plotly.__version__), str(get_plotlyjs())


def plotly_src() -> str:
    """The URL our pages load plotly.js from (versioned, so it can be cached for good)."""
    import importlib.metadata

    return f"/static/plotly-{importlib.metadata.version('plotly')}.min.js"


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of text to highlight: ``classes`` for CSS, ``anchor`` an element id."""

    start: int
    end: int
    classes: str
    anchor: str | None = None


def highlight(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` escaped, with each mark's stretch wrapped in ``<mark class=...>``.

    The text is cut at every mark boundary; each piece is escaped and wrapped with the classes
    of all marks covering it, so overlapping spans (an event inside a quote) both show.
    Marks outside the text are clipped; an anchor ``<span id>`` opens each mark.
    """
    n = len(text)
    clipped = [
        Mark(max(0, m.start), min(n, m.end), m.classes, m.anchor) for m in marks if m.start < n
    ]
    cuts = sorted({0, n, *(m.start for m in clipped), *(m.end for m in clipped)})
    out: list[str] = []
    for lo, hi in itertools.pairwise(cuts):
        for m in clipped:
            if m.start == lo and m.anchor:
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        piece = str(escape(text[lo:hi]))
        classes = sorted(
            {c for m in clipped if m.start <= lo and hi <= m.end for c in m.classes.split()}
        )
        out.append(
            f'<mark class="{escape(" ".join(classes))}">{piece}</mark>' if classes else piece
        )
    return Markup("".join(out))


def highlight_evidence(evidence: dict[str, Any] | None) -> Markup:
    """An evidence sentence with its trigger highlighted (offsets are article offsets)."""
    if not evidence:
        return Markup("")
    text = str(evidence.get("text") or "")
    trig = evidence.get("trigger") or {}
    start = int(trig.get("start", -1)) - int(evidence.get("start", 0))
    end = start + len(str(trig.get("text", "")))
    if text[start:end] != trig.get("text") and trig.get("text"):
        start = text.find(str(trig["text"]))
        end = start + len(str(trig["text"]))
    marks = [Mark(start, end, "trigger")] if 0 <= start < end else []
    return highlight(text, marks)


def _article_marks(
    events: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]], selected: str | None
) -> list[Mark]:
    marks: list[Mark] = []
    for q in quotes:
        sel = " selected" if q["quote_id"] == selected else ""
        c = q["content"]
        marks.append(Mark(c["start"], c["end"], "quote" + sel, f"q-{q['quote_id']}"))
        if q.get("cue"):
            marks.append(Mark(q["cue"]["start"], q["cue"]["end"], "cue"))
    for ev in events:
        sel = " selected" if ev["event_id"] == selected else ""
        e = ev["evidence"]
        marks.append(Mark(e["start"], e["end"], "evidence" + sel, f"ev-{ev['event_id']}"))
        t = e.get("trigger")
        if t:
            marks.append(Mark(t["start"], t["end"], "trigger"))
    return marks


# --------------------------------------------------------------------------- parameters


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque cursor for the sort key ``key`` (JSON, URL-safe base64)."""
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, n: int) -> list[Any]:
    """The sort key inside ``cursor`` (``n`` strings or integers), else SitroomError E042."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise SitroomError(E.E042, value=cursor) from exc
    ok = isinstance(key, list) and len(key) == n
    if not ok or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in key):
        raise SitroomError(E.E042, value=cursor)
    return list(key)


def check_type(value: str | None) -> str | None:
    """An upper-cased PLOVER type, or None; else SitroomError E043."""
    if not value:
        return None
    if value.upper() not in PLOVER_TYPES:
        raise SitroomError(
            E.E043, name="type", value=value, detail="expected one of " + ", ".join(PLOVER_TYPES)
        )
    return value.upper()


def check_dyad(value: str | None) -> tuple[str, str] | None:
    """The two actor ids of ``A-B`` (E041 when malformed), or None."""
    return aggregate.parse_dyad(value) if value else None


def _dates(*values: str | None) -> None:
    for v in values:
        corroborate.check_date(v)


@dataclass
class Query_:
    """WHERE clauses and their parameters, built up filter by filter."""

    where: list[str]
    params: list[Any]

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)


# --------------------------------------------------------------------------- queries
# Each returns plain dicts; they are shared by the API, the pages and the daily briefing.


def _where(q: Query_) -> str:
    return (" WHERE " + " AND ".join(q.where)) if q.where else ""


def _paged(
    st: Store,
    table: str,
    columns: str,
    q: Query_,
    keys: Sequence[str],
    cursor: str | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Rows of ``table`` matching ``q.where``, a page after ``cursor`` in ``keys`` order."""
    if cursor:
        last = decode_cursor(cursor, len(keys))
        q.add(f"({', '.join(keys)}) > ({', '.join('?' for _ in keys)})", *last)
    aliases = ", ".join(f"{k} AS _k{i}" for i, k in enumerate(keys))
    order = ", ".join(f"_k{i}" for i in range(len(keys)))
    sql = f"SELECT {columns}, {aliases} FROM {table}{_where(q)} ORDER BY {order}"
    rows = st._rows(sql + f" LIMIT {int(limit) + 1}", q.params)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor([rows[-1][f"_k{i}"] for i in range(len(keys))]) if more else None
    for r in rows:
        for i in range(len(keys)):
            del r[f"_k{i}"]
    return rows, nxt


def _date_range(q: Query_, column: str, date_from: str | None, date_to: str | None) -> None:
    _dates(date_from, date_to)
    if date_from:
        q.add(f"{column} >= CAST(? AS DATE)", date_from)
    if date_to:
        q.add(f"{column} <= CAST(? AS DATE)", date_to)


def _actor_filters(q: Query_, src: str, tgt: str, actor: str | None, dyad: str | None) -> None:
    if actor:
        q.add(f"(list_contains({src}, ?) OR list_contains({tgt}, ?))", actor, actor)
    pair = check_dyad(dyad)
    if pair:
        a, b = pair
        q.add(
            f"((list_contains({src}, ?) AND list_contains({tgt}, ?))"
            f" OR (list_contains({src}, ?) AND list_contains({tgt}, ?)))",
            a,
            b,
            b,
            a,
        )


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters shared by event and cluster listings (all optional)."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    dyad: str | None = None
    type: str | None = None
    modality: str | None = None
    min_outlets: int | None = None


def _filter_query(f: Filters, src: str, tgt: str) -> Query_:
    """The WHERE clauses of ``f`` but ``min_outlets`` (actor lists in columns src, tgt)."""
    q = Query_([], [])
    _date_range(q, "date", f.date_from, f.date_to)
    _actor_filters(q, src, tgt, f.actor, f.dyad)
    if check_type(f.type):
        q.add("type = ?", f.type.upper() if f.type else None)
    if f.modality:
        q.add("modality = ?", f.modality)
    return q


def event_page(
    st: Store, f: Filters, cursor: str | None = None, limit: int = 100
) -> tuple[list[dict[str, Any]], str | None]:
    """Coded events (one per report), by date, article and position."""
    q = _filter_query(f, "source_ids", "target_ids")
    keys = (
        f"coalesce(CAST(date AS VARCHAR), '{FAR_DATE}')",
        "article_id",
        "coalesce(evidence_start, 0)",
        "event_id",
    )
    rows, nxt = _paged(st, "events", "*", q, keys, cursor, limit)
    return [_row_to_event(r) for r in rows], nxt


def cluster_page(
    st: Store, f: Filters, cursor: str | None = None, limit: int = 100
) -> tuple[list[dict[str, Any]], str | None]:
    """Event clusters (one per real-world event, counting outlets), by date then outlets."""
    q = _filter_query(f, "source", "target")
    if f.min_outlets:
        q.add("n_outlets >= ?", int(f.min_outlets))
    cols = ", ".join(
        f"CAST({c} AS VARCHAR) AS {c}" if c in {"date", "first_reported", "last_reported"} else c
        for c in corroborate.CLUSTER_FIELDS
    )
    keys = (f"coalesce(CAST(date AS VARCHAR), '{FAR_DATE}')", "-n_outlets", "cluster_id")
    return _paged(st, "clusters", cols, q, keys, cursor, limit)


def article_page(
    st: Store,
    date_from: str | None,
    date_to: str | None,
    outlet: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles without their text, newest first."""
    q = Query_([], [])
    _date_range(q, "date", date_from, date_to)
    if outlet:
        q.add("outlet = ?", outlet)
    cols = ", ".join(
        f"CAST({c} AS VARCHAR) AS {c}" if c == "date" else c for c in ARTICLE_LIST_FIELDS
    )
    keys = ("coalesce(CAST(date AS VARCHAR), '0000-00-00')", "article_id")
    return _paged(st, "articles", cols, q, keys, cursor, limit)


def quote_page(
    st: Store,
    date_from: str | None,
    date_to: str | None,
    speaker: str | None,
    kind: str | None,
    article_id: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes in the export contract's shape, by date, article and position."""
    q = Query_([], [])
    _date_range(q, "date", date_from, date_to)
    for col, val in (("speaker_id", speaker), ("kind", kind), ("article_id", article_id)):
        if val:
            q.add(f"{col} = ?", val)
    cols = "quote_id, article_id, kind, cue, content, source, speaker, confidence"
    keys = (
        f"coalesce(CAST(date AS VARCHAR), '{FAR_DATE}')",
        "article_id",
        "coalesce(content_start, 0)",
        "quote_id",
    )
    rows, nxt = _paged(st, "quotes", cols, q, keys, cursor, limit)
    for r in rows:
        for key in ("cue", "content", "source", "speaker"):
            r[key] = json.loads(r[key]) if r[key] is not None else None
    return rows, nxt


def search_articles(
    st: Store, text: str, date_from: str | None, date_to: str | None, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles whose title or text contains every term of ``text`` (case-insensitive)."""
    terms = [t for t in text.split() if len(t) >= 2][:MAX_TERMS]
    if not terms:
        raise SitroomError(
            E.E043, name="q", value=text, detail="give at least one term of 2 or more characters"
        )
    q = Query_([], [])
    _date_range(q, "date", date_from, date_to)
    for t in terms:
        pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q.add("(coalesce(title, '') || ' ' || coalesce(text, '')) ILIKE ? ESCAPE '\\'", pattern)
    first = terms[0].lower()
    snippet = (
        "CASE WHEN strpos(lower(text), ?) > 0 THEN substr(text, greatest(1,"
        " strpos(lower(text), ?) - 80), 240) ELSE substr(text, 1, 240) END AS snippet"
    )
    q.params[:0] = [first, first]
    cols = f"article_id, title, outlet, CAST(date AS VARCHAR) AS date, {snippet}"
    keys = ("coalesce(CAST(date AS VARCHAR), '0000-00-00')", "article_id")
    return _paged(st, "articles", cols, q, keys, cursor, limit)


def actor_list(
    st: Store, text: str | None, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """Actors seen in the store, most mentioned first."""
    q = Query_([], [])
    if text:
        q.add("(actor_id ILIKE ? OR name ILIKE ?)", f"%{text}%", f"%{text}%")
    cols = "actor_id, name, country, sector, role, inferred, n_mentions"
    keys = ("-coalesce(n_mentions, 0)", "actor_id")
    return _paged(st, "actors", cols, q, keys, cursor, limit)


def actor_profile(st: Store, actor_id: str, n: int = 30) -> dict[str, Any] | None:
    """An actor with its statements, events as source and target, and its dyads."""
    rows = st._rows(
        "SELECT actor_id, name, country, sector, role, inferred, evidence, n_mentions"
        " FROM actors WHERE actor_id = ?",
        [actor_id],
    )
    if not rows:
        return None
    actor = rows[0]
    q = "SELECT * FROM events WHERE list_contains({}, ?) ORDER BY date DESC NULLS LAST, event_id"
    as_source = [
        _row_to_event(r) for r in st._rows(q.format("source_ids") + f" LIMIT {n}", [actor_id])
    ]
    as_target = [
        _row_to_event(r) for r in st._rows(q.format("target_ids") + f" LIMIT {n}", [actor_id])
    ]
    statements, _ = quote_page(st, None, None, actor_id, None, None, None, n)
    meta = corroborate.article_meta(
        st, {e["article_id"] for e in [*as_source, *as_target, *statements]}
    )
    return {
        **actor,
        "as_source": as_source,
        "as_target": as_target,
        "statements": statements,
        "dyads": actor_dyads(st, actor_id),
        "articles": meta,
    }


def actor_dyads(st: Store, actor_id: str, n: int = 15) -> list[dict[str, Any]]:
    """The actors it acts with (either direction), by number of event clusters."""
    return st._rows(
        "SELECT other, count(*) AS clusters, round(avg(goldstein), 2) AS mean_goldstein FROM ("
        " SELECT unnest(target) AS other, goldstein FROM clusters WHERE list_contains(source, ?)"
        " UNION ALL"
        " SELECT unnest(source) AS other, goldstein FROM clusters WHERE list_contains(target, ?)"
        ") WHERE other <> ? GROUP BY other ORDER BY clusters DESC, other LIMIT ?",
        [actor_id, actor_id, actor_id, n],
    )


def principal_dyads(st: Store, n: int = N_DYADS) -> list[str]:
    """The ``n`` pairs of states or organisations in the most event clusters, as ``A-B``.

    A person counts for their country (a minister for their state), an organisation for itself.
    """
    rows = st._rows(
        "WITH m AS (SELECT actor_id, coalesce(country, actor_id) AS code FROM actors),"
        " s AS (SELECT unnest(source) AS s, target FROM clusters),"
        " p AS (SELECT s, unnest(target) AS t FROM s)"
        " SELECT least(ms.code, mt.code) AS a, greatest(ms.code, mt.code) AS b, count(*) AS n"
        " FROM p JOIN m ms ON ms.actor_id = p.s JOIN m mt ON mt.actor_id = p.t"
        " WHERE ms.code <> mt.code GROUP BY ALL ORDER BY n DESC, a, b LIMIT ?",
        [n],
    )
    return [f"{r['a']}-{r['b']}" for r in rows]


def quad_counts(st: Store, date_from: str | None, date_to: str | None) -> list[dict[str, Any]]:
    """Event clusters per day and quad class: rows ``{date, quad_class, n}``."""
    q = Query_(["date IS NOT NULL", "quad_class IS NOT NULL"], [])
    _date_range(q, "date", date_from, date_to)
    return st._rows(
        "SELECT CAST(date AS VARCHAR) AS date, quad_class, count(*) AS n FROM clusters"
        + _where(q)
        + " GROUP BY ALL ORDER BY date, quad_class",
        q.params,
    )


def top_clusters(st: Store, day: str, f: Filters, n: int = TOP_CLUSTERS) -> list[dict[str, Any]]:
    """The day's ``n`` most important clusters, each with ``evidence`` of its first event."""
    found = corroborate.clusters(
        st,
        date_from=day,
        date_to=day,
        actor=f.actor,
        type=check_type(f.type),
        min_outlets=f.min_outlets,
    )
    pair = check_dyad(f.dyad)
    if pair:
        found = [c for c in found if set(pair) <= set(c["source"]) | set(c["target"])]
    if f.modality:
        found = [c for c in found if c["modality"] == f.modality]
    top = sorted(found, key=aggregate.importance, reverse=True)[:n]
    reps = _events_by_id(st, [c["event_ids"][0] for c in top if c["event_ids"]])
    meta = corroborate.article_meta(st, {r["article_id"] for r in reps.values()})
    for c in top:
        rep = reps.get(c["event_ids"][0]) if c["event_ids"] else None
        c["evidence"] = rep["evidence"] if rep else None
        c["rep"] = rep
        c["article"] = meta.get(rep["article_id"], {}) if rep else {}
    return top


def _events_by_id(st: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = st._rows(
        "SELECT event_id, article_id, evidence FROM events WHERE event_id IN (SELECT unnest(?))",
        [list(ids)],
    )
    return {r["event_id"]: {**r, "evidence": json.loads(r["evidence"])} for r in rows}


def latest_day(st: Store, table: str = "clusters") -> str | None:
    """The last date with rows in ``table`` (clusters or events) at most a week after the
    newest article: a plan for next week shows, a misread year (2116) does not make "today"."""
    if table not in {"clusters", "events"}:
        raise ValueError(table)
    row = st.con.execute(
        f"SELECT CAST(max(date) AS VARCHAR) FROM {table} WHERE date <= coalesce("
        f"(SELECT max(date) FROM articles) + INTERVAL {FUTURE_DAYS} DAY, DATE '9999-12-31')"
    ).fetchone()
    return row[0] if row else None


def escalation_series(
    st: Store, dyads: Sequence[str], date_from: str | None, date_to: str | None
) -> dict[str, list[dict[str, Any]]]:
    """``aggregate.escalation`` of each dyad over the range."""
    return {d: aggregate.escalation(st, d, date_from, date_to) for d in dyads}


# --------------------------------------------------------------------------- charts


def escalation_chart(series: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A plotly figure (data and layout as plain JSON) of the smoothed index per dyad."""
    data: list[dict[str, Any]] = []
    for i, (dyad, rows) in enumerate(series.items()):
        colour = DYAD_COLOURS[i % len(DYAD_COLOURS)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": dyad,
                "x": [r["date"] for r in rows],
                "y": [r["smoothed"] for r in rows],
                "line": {"color": colour, "width": 2},
                "connectgaps": True,
            }
        )
        for kind, symbol in (("rise", "triangle-up"), ("fall", "triangle-down")):
            hits = [r for r in rows if r["alert"] == kind]
            if hits:
                data.append(
                    {
                        "type": "scatter",
                        "mode": "markers",
                        "name": f"{dyad} {kind}",
                        "x": [r["date"] for r in hits],
                        "y": [r["index"] for r in hits],
                        "marker": {"symbol": symbol, "size": 11, "color": colour},
                        "showlegend": False,
                        "hovertemplate": f"{kind} alert %{{x}}",
                    }
                )
    layout = {
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "height": 260,
        "yaxis": {"title": {"text": "conflict index"}, "zeroline": True},
        "legend": {"orientation": "h", "y": 1.12},
    }
    return {"data": data, "layout": layout}


def quad_chart(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A stacked bar figure of clusters per day by quad class."""
    data = []
    for qc, name in QUAD_NAMES.items():
        sel = [r for r in rows if r["quad_class"] == qc]
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": [r["date"] for r in sel],
                "y": [r["n"] for r in sel],
                "marker": {"color": QUAD_COLOURS[qc]},
            }
        )
    layout = {
        "barmode": "stack",
        "height": 220,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "legend": {"orientation": "h", "y": 1.15},
    }
    return {"data": data, "layout": layout}


# --------------------------------------------------------------------------- app plumbing


class _WriteGuard(BaseHTTPMiddleware):
    """Read-only unless a token is configured; writes need ``Authorization: Bearer``."""

    def __init__(self, app: Any, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method in READ_METHODS:
            return await call_next(request)
        if self.token is None:
            return JSONResponse({"detail": "this server is read-only"}, status_code=403)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return JSONResponse({"detail": "missing or wrong API token"}, status_code=401)
        return await call_next(request)


def _open_db(db_path: str) -> Store:
    if not Path(db_path).is_file():
        raise SitroomError(E.E001, path=db_path)
    return Store(db_path, read_only=True)


def _handle_error(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, SitroomError) else str(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=400)
    return HTMLResponse(render("error.html", message=message), status_code=400)


class _Coder:
    """The spaCy parser and extractor for ``POST /api/code``, loaded on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self.loaded: tuple[Any, Any] | None = None

    def code(self, text: str, day: str | None) -> list[dict[str, Any]]:
        from sitroom.pipeline import Extractor
        from sitroom.records import Article

        with self.lock:
            if self.loaded is None:
                from sitroom.nlp import Parser

                nlp = self.settings.nlp
                parser = Parser(model=nlp.model, batch_size=1, processes=1, max_chars=nlp.max_chars)
                self.loaded = (parser, Extractor.from_settings(self.settings))
            parser, extractor = self.loaded
            art = Article(
                article_id="snippet",
                source_path="",
                text=text,
                date=day,
                date_precision="day" if day else "unknown",
            )
            return [e.to_dict() for e in extractor.extract(parser.parse(art)).events]


def create_app(
    db_path: str, *, api_token: str | None = None, settings: Settings | None = None
) -> FastAPI:
    """The API and dashboard over the store at ``db_path`` (which must exist).

    ``settings`` chooses the spaCy model and coder of ``POST /api/code`` (defaults otherwise).
    """
    base = _open_db(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        base.close()

    app = FastAPI(
        title="sitroom",
        description="Evidence-backed events, quotes, clusters and claims of a crisis. "
        "List endpoints return {items, next_cursor}; pass next_cursor back as `cursor`.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(_WriteGuard, token=api_token)
    app.add_exception_handler(SitroomError, _handle_error)
    coder = _Coder(settings or Settings())

    def store() -> Iterator[Store]:
        st = base.view()
        try:
            yield st
        finally:
            st.close()

    dep = Depends(store)
    _api_routes(app, dep)
    _code_route(app, coder)
    _page_routes(app, dep)
    _static_routes(app)
    return app


# --------------------------------------------------------------------------- API


def _envelope(page: tuple[list[dict[str, Any]], str | None]) -> dict[str, Any]:
    return {"items": page[0], "next_cursor": page[1]}


def _filters(
    date_from: DateParam = None,
    date_to: DateParam = None,
    actor: ActorParam = None,
    dyad: DyadParam = None,
    type: TypeParam = None,
    modality: Modality | None = None,
    min_outlets: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> Filters:
    """The event and cluster filters of a request's query string."""
    return Filters(date_from, date_to, actor, dyad, type, modality, min_outlets)


@dataclass(frozen=True, slots=True)
class Paging:
    """Where a list page starts (``cursor``, None for the first) and its size."""

    cursor: str | None
    limit: int


def _paging(cursor: Cursor = None, limit: Limit = 100) -> Paging:
    return Paging(cursor, limit)


FilterArgs = Annotated[Filters, Depends(_filters)]
PageArgs = Annotated[Paging, Depends(_paging)]


class Page(BaseModel):
    """A page of results; ``next_cursor`` is null on the last page."""

    items: list[dict[str, Any]]
    next_cursor: str | None


class CodeRequest(BaseModel):
    """One sentence or short snippet to code, with its date if known."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)
    date: str | None = Field(None, description="YYYY-MM-DD", examples=["2022-01-10"])


def _api_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/health")
    def health(st: Store = dep) -> dict[str, Any]:
        counts = {t: st.count(t) for t in ("articles", "events", "quotes", "clusters", "claims")}
        return {"status": "ok", **counts}

    @app.get("/api/articles", response_model=Page)
    def articles(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        return _envelope(article_page(st, date_from, date_to, outlet, page.cursor, page.limit))

    @app.get("/api/articles/{article_id}")
    def article(article_id: str, st: Store = dep) -> dict[str, Any]:
        rec = st.article(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        for key in INTERNAL_ARTICLE_FIELDS:
            rec.pop(key, None)
        rec["events"] = st.events(article_id=article_id)
        rec["quotes"] = st.quotes(article_id=article_id)
        return rec

    @app.get("/api/events", response_model=Page)
    def events(
        st: Store = dep,
        view: Literal["clusters", "events"] = "clusters",
        *,
        f: FilterArgs,
        page: PageArgs,
    ) -> dict[str, Any]:
        """Event clusters (``view=clusters``, the default) or single coded events."""
        listing = event_page if view == "events" else cluster_page
        return _envelope(listing(st, f, page.cursor, page.limit))

    @app.get("/api/clusters", response_model=Page)
    def clusters(st: Store = dep, *, f: FilterArgs, page: PageArgs) -> dict[str, Any]:
        """Event clusters: the same as ``/api/events?view=clusters``."""
        return _envelope(cluster_page(st, f, page.cursor, page.limit))

    @app.get("/api/quotes", response_model=Page)
    def quotes(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        speaker: ActorParam = None,
        kind: Literal["direct", "indirect", "mixed", "unmarked"] | None = None,
        article_id: Annotated[str | None, Query(max_length=200)] = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        return _envelope(
            quote_page(st, date_from, date_to, speaker, kind, article_id, page.cursor, page.limit)
        )

    _api_picture_routes(app, dep)


def _api_picture_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/actors", response_model=Page)
    def actors(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=100)] = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        return _envelope(actor_list(st, q, page.cursor, page.limit))

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str, st: Store = dep) -> dict[str, Any]:
        prof = actor_profile(st, actor_id)
        if prof is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        prof.pop("articles")
        return prof

    @app.get("/api/claims", response_model=Page)
    def claims(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        rows = corroborate.claims(st, date_from=date_from, date_to=date_to, actor=actor)
        keyed = [(str(r["claim"].get("date") or FAR_DATE), r["claim_id"], r) for r in rows]
        keyed.sort(key=lambda t: (t[0], t[1]))
        if page.cursor:
            last = tuple(decode_cursor(page.cursor, 2))
            keyed = [t for t in keyed if (t[0], t[1]) > last]
        shown = keyed[: page.limit]
        nxt = encode_cursor(shown[-1][:2]) if len(keyed) > page.limit else None
        return {"items": [t[2] for t in shown], "next_cursor": nxt}

    @app.get("/api/timeline")
    def timeline(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
    ) -> list[dict[str, Any]]:
        """One entry per day: its top event clusters and key quotes.

        Without ``date_from`` and ``date_to``: the last 14 days up to the newest article.
        """
        start, end = _window(st, date_from, date_to, TIMELINE_DAYS)
        return aggregate.timeline(st, date_from=start, date_to=end, actor=actor)

    @app.get("/api/escalation")
    def escalation(
        dyad: Annotated[str, Query(max_length=100, description="Two actor ids: RUS-UKR.")],
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        ordered: bool = False,
    ) -> list[dict[str, Any]]:
        """Daily escalation index of a dyad, with alerts (formula: aggregate.escalation)."""
        _check_range(date_from, date_to)
        return aggregate.escalation(st, dyad, date_from, date_to, ordered=ordered)

    @app.get("/api/dyads")
    def dyads(st: Store = dep, n: Annotated[int, Query(ge=1, le=20)] = N_DYADS) -> list[str]:
        """The principal dyads: the pairs in the most event clusters."""
        return principal_dyads(st, n)

    @app.get("/api/search", response_model=Page)
    def search(
        q: Annotated[str, Query(min_length=2, max_length=200)],
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        cursor: Cursor = None,
        limit: Limit = 20,
    ) -> dict[str, Any]:
        """Articles containing every term of ``q`` (case-insensitive substring match)."""
        return _envelope(search_articles(st, q, date_from, date_to, cursor, limit))


MAX_RANGE_DAYS = 3660


def _check_range(date_from: str | None, date_to: str | None) -> None:
    """Both dates valid and, when both given, at most ten years apart, in order."""
    _dates(date_from, date_to)
    if date_from and date_to:
        span = (Date.fromisoformat(date_to) - Date.fromisoformat(date_from)).days
        if not 0 <= span <= MAX_RANGE_DAYS:
            raise SitroomError(
                E.E043,
                name="date range",
                value=f"{date_from}..{date_to}",
                detail=f"date_to must follow date_from by 0-{MAX_RANGE_DAYS} days",
            )


def _code_route(app: FastAPI, coder: _Coder) -> None:
    @app.post("/api/code")
    def code(body: CodeRequest) -> dict[str, Any]:
        """Code one sentence into PLOVER events (needs the API token)."""
        corroborate.check_date(body.date)
        return {"events": coder.code(body.text, body.date)}


def _static_routes(app: FastAPI) -> None:
    @app.get("/static/plotly-{version}.min.js", include_in_schema=False)
    def plotly_js(version: str) -> Response:
        have, js = _plotly()
        if version != have:
            raise HTTPException(404, f"this server has plotly {have}")
        return Response(
            js,
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return render("docs.html", schema=app.openapi())


# --------------------------------------------------------------------------- pages


def _copies(st: Store, rec: dict[str, Any]) -> list[dict[str, Any]]:
    keys = [k for k in (rec.get("copy_group"), rec.get("duplicate_of")) if k]
    if not keys:
        return []
    return st._rows(
        "SELECT article_id, title, outlet, CAST(date AS VARCHAR) AS date FROM articles"
        " WHERE article_id <> ? AND (copy_group IN (SELECT unnest(?))"
        " OR duplicate_of IN (SELECT unnest(?)) OR article_id IN (SELECT unnest(?)))"
        " ORDER BY date, article_id",
        [rec["article_id"], keys, keys, keys],
    )


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _positive(value: str | None, name: str) -> int | None:
    """A form field that must be empty or a whole number of at least 1."""
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise SitroomError(E.E043, name=name, value=value, detail="expected a number >= 1")
    return int(value)


def _form(**values: Any) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in values.items()}


def _page_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/", response_class=HTMLResponse)
    def overview(
        st: Store = dep,
        date: DateParam = None,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
        dyad: DyadParam = None,
        type: TypeParam = None,
        min_outlets: Annotated[str | None, Query(max_length=5, description="a number >= 1")] = None,
    ) -> str:
        date_from, date_to = _window(st, date_from or None, date_to or None, CHART_DAYS)
        _dates(date or None)
        day = date or latest_day(st)
        f = Filters(
            None,
            None,
            actor or None,
            dyad or None,
            type or None,
            None,
            _positive(min_outlets, "min_outlets"),
        )
        dyads = [dyad] if dyad else principal_dyads(st)
        series = escalation_series(st, dyads, date_from, date_to)
        quads = quad_counts(st, date_from, date_to)
        top = top_clusters(st, day, f) if day else []
        filters = _form(
            date=date,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            dyad=dyad,
            type=type,
            min_outlets=min_outlets,
        )
        alerts = [(d, r) for d, rows in series.items() for r in rows if r["alert"]]
        return render(
            "index.html",
            day=day,
            clusters=top,
            filters=filters,
            escalation=escalation_chart(series),
            quads=quad_chart(quads),
            alerts=alerts[-8:],
            dyads=dyads,
        )

    @app.get("/events", response_class=HTMLResponse)
    def events_page(
        st: Store = dep,
        date: DateParam = None,
        actor: ActorParam = None,
        type: TypeParam = None,
    ) -> str:
        _dates(date or None)
        day = date or latest_day(st, "events")
        f = Filters(day, day, actor or None, None, type or None)
        events = event_page(st, f, None, 500)[0] if day else []
        meta = corroborate.article_meta(st, (e["article_id"] for e in events))
        prev, nxt = _neighbour_days(st, day)
        return render(
            "events.html",
            day=day,
            prev=prev,
            next=nxt,
            events=events,
            articles=meta,
            filters=_form(date=date, actor=actor, type=type),
        )

    _detail_pages(app, dep)


def _default_window(
    st: Store, date_from: str | None, date_to: str | None, days: int
) -> tuple[str | None, str | None]:
    """The range asked for; with neither end given, the last ``days`` days with data."""
    if date_from or date_to:
        return date_from, date_to
    last = latest_day(st)
    if last is None:
        return None, None
    return (Date.fromisoformat(last) - timedelta(days=days - 1)).isoformat(), last


def _window(
    st: Store, date_from: str | None, date_to: str | None, days: int
) -> tuple[str | None, str | None]:
    """:func:`_default_window` of a range that passes :func:`_check_range`."""
    _check_range(date_from, date_to)
    return _default_window(st, date_from, date_to, days)


def _neighbour_days(st: Store, day: str | None) -> tuple[str | None, str | None]:
    if day is None:
        return None, None
    sql = "SELECT CAST({}(date) AS VARCHAR) FROM events WHERE date {} CAST(? AS DATE)"
    prev = st.con.execute(sql.format("max", "<"), [day]).fetchone()
    nxt = st.con.execute(sql.format("min", ">"), [day]).fetchone()
    return prev[0] if prev else None, nxt[0] if nxt else None


def _detail_pages(app: FastAPI, dep: Any) -> None:
    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_view(
        article_id: str, st: Store = dep, event: str | None = None, quote: str | None = None
    ) -> str:
        rec = st.article(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        events = st.events(article_id=article_id)
        quotes = st.quotes(article_id=article_id)
        body = highlight(rec["text"] or "", _article_marks(events, quotes, event or quote))
        return render(
            "article.html",
            article=rec,
            body=body,
            events=events,
            quotes=quotes,
            copies=_copies(st, rec),
            url=_safe_url(rec.get("url")),
            candidates=rec.get("date_candidates") or [],
        )

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
    ) -> str:
        start, end = _window(st, date_from or None, date_to or None, TIMELINE_DAYS)
        days = aggregate.timeline(st, start, end, actor or None)
        filters = _form(date_from=start, date_to=end, actor=actor)
        return render("timeline.html", days=days, standalone=False, filters=filters)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(
        st: Store = dep,
        actor: ActorParam = None,
        date_from: DateParam = None,
        date_to: DateParam = None,
    ) -> str:
        rows = corroborate.claims(
            st, actor=actor or None, date_from=date_from or None, date_to=date_to or None
        )
        filters = _form(actor=actor, date_from=date_from, date_to=date_to)
        return render("claims.html", claims=rows, filters=filters)

    @app.get("/actors", response_class=HTMLResponse)
    def actors_page(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=100)] = None,
        cursor: Cursor = None,
    ) -> str:
        rows, nxt = actor_list(st, q or None, cursor or None, 100)
        return render("actors.html", actors=rows, next_cursor=nxt, filters=_form(q=q))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse)
    def actor_page(actor_id: str, st: Store = dep) -> str:
        prof = actor_profile(st, actor_id)
        if prof is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        return render("actor.html", actor=prof)

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=200)] = None,
        cursor: Cursor = None,
    ) -> str:
        rows, nxt = search_articles(st, q, None, None, cursor or None, 50) if q else ([], None)
        return render("search.html", results=rows, next_cursor=nxt, filters=_form(q=q))


def run_server(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_token: str | None = None,
    settings: Settings | None = None,
) -> None:
    """Serve the API and dashboard with uvicorn (blocks until stopped)."""
    import uvicorn

    app = create_app(db_path, api_token=api_token, settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="info")

"""The API's and the dashboard's reads: paged and filtered listings, search, actor
profiles, dyads, counts per day, and the days next to a day.

Listings are pages in a fixed order (keyset pagination): a cursor is the sort key of the last
row of a page, JSON then URL-safe base64, and the next page starts strictly after it, so pages
do not shift when rows are added before the position read so far. Every function returns
typed records (:class:`~sitroom.records.Event`, :class:`~sitroom.records.Cluster`,
:class:`~sitroom.records.Quote`) or the small frozen rows defined here. Filters take checked
values; checking what a request says is the web layer's job.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.records import Cluster, Event, Quote
from sitroom.store.queries import CLUSTER_COLUMNS, ArticleMeta, article_meta
from sitroom.store.rows import row_to_event, row_to_quote
from sitroom.store.store import Store

FAR_DATE = "9999-12-31"
FUTURE_DAYS = 7

Page = tuple[list[Any], str | None]


@dataclass(frozen=True, slots=True)
class Selection:
    """Checked filters of an event or cluster listing (all optional): a date range, an
    actor on either side, a dyad (both actors, on opposite sides, in either order), an
    upper-case PLOVER type, a modality and, for clusters, a least number of outlets."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    modality: str | None = None
    min_outlets: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleListing:
    """An article in a list: no text."""

    article_id: str
    title: str | None
    outlet: str | None
    date: str | None
    date_precision: str
    url: str | None
    language: str
    copy_group: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article that matches a search, with a snippet around the first term."""

    article_id: str
    title: str | None
    outlet: str | None
    date: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class ActorRow:
    """An entry of the actors table, with how often it is mentioned."""

    actor_id: str
    name: str | None
    country: str | None
    sector: str | None
    role: str | None
    inferred: bool | None
    n_mentions: int | None


@dataclass(frozen=True, slots=True)
class ActorDetail:
    """An entry of the actors table with the evidence an inferred role rests on."""

    actor_id: str
    name: str | None
    country: str | None
    sector: str | None
    role: str | None
    inferred: bool | None
    evidence: str | None
    n_mentions: int | None


@dataclass(frozen=True, slots=True)
class DyadCount:
    """An actor another acts with: their event clusters and mean Goldstein score."""

    other: str
    clusters: int
    mean_goldstein: float | None


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """An actor with its statements, events as source and as target, its dyads and the
    articles all of them come from."""

    actor: ActorDetail
    as_source: list[Event]
    as_target: list[Event]
    statements: list[Quote]
    dyads: list[DyadCount]
    articles: dict[str, ArticleMeta] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuadCount:
    """The number of event clusters of a day in one quad class."""

    date: str
    quad_class: int
    n: int


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """Another article to link to: its id, title, outlet and date."""

    article_id: str
    title: str | None
    outlet: str | None
    date: str | None


# --------------------------------------------------------------------------- cursors


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


# --------------------------------------------------------------------------- queries


@dataclass
class _Where:
    """WHERE clauses and their parameters, built up filter by filter."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""

    def dates(self, column: str, date_from: str | None, date_to: str | None) -> None:
        if date_from:
            self.add(f"{column} >= CAST(? AS DATE)", date_from)
        if date_to:
            self.add(f"{column} <= CAST(? AS DATE)", date_to)


def _paged(
    st: Store,
    table: str,
    columns: str,
    q: _Where,
    keys: Sequence[str],
    cursor: str | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Rows of ``table`` matching ``q``, a page after ``cursor`` in ``keys`` order."""
    if cursor:
        last = decode_cursor(cursor, len(keys))
        q.add(f"({', '.join(keys)}) > ({', '.join('?' for _ in keys)})", *last)
    aliases = ", ".join(f"{k} AS _k{i}" for i, k in enumerate(keys))
    order = ", ".join(f"_k{i}" for i in range(len(keys)))
    sql = f"SELECT {columns}, {aliases} FROM {table}{q.sql()} ORDER BY {order}"
    rows = st._rows(sql + f" LIMIT {int(limit) + 1}", q.params)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor([rows[-1][f"_k{i}"] for i in range(len(keys))]) if more else None
    for r in rows:
        for i in range(len(keys)):
            del r[f"_k{i}"]
    return rows, nxt


def _selection_where(sel: Selection, src: str, tgt: str) -> _Where:
    """The WHERE clauses of ``sel`` but ``min_outlets`` (actor lists in columns src, tgt)."""
    q = _Where()
    q.dates("date", sel.date_from, sel.date_to)
    if sel.actor:
        q.add(f"(list_contains({src}, ?) OR list_contains({tgt}, ?))", sel.actor, sel.actor)
    if sel.dyad:
        a, b = sel.dyad
        q.add(
            f"((list_contains({src}, ?) AND list_contains({tgt}, ?))"
            f" OR (list_contains({src}, ?) AND list_contains({tgt}, ?)))",
            a, b, b, a,
        )  # fmt: skip
    if sel.type:
        q.add("type = ?", sel.type)
    if sel.modality:
        q.add("modality = ?", sel.modality)
    return q


def event_page(st: Store, sel: Selection, cursor: str | None = None, limit: int = 100) -> Page:
    """Coded events (one per report), by date, article and position."""
    q = _selection_where(sel, "source_ids", "target_ids")
    keys = (
        f"coalesce(CAST(date AS VARCHAR), '{FAR_DATE}')",
        "article_id",
        "coalesce(evidence_start, 0)",
        "event_id",
    )
    rows, nxt = _paged(st, "events", "*", q, keys, cursor, limit)
    return [Event.from_dict(row_to_event(r)) for r in rows], nxt


def cluster_page(st: Store, sel: Selection, cursor: str | None = None, limit: int = 100) -> Page:
    """Event clusters (one per real-world event, counting outlets), by date then outlets."""
    q = _selection_where(sel, "source", "target")
    if sel.min_outlets:
        q.add("n_outlets >= ?", int(sel.min_outlets))
    keys = (f"coalesce(CAST(date AS VARCHAR), '{FAR_DATE}')", "-n_outlets", "cluster_id")
    rows, nxt = _paged(st, "clusters", CLUSTER_COLUMNS, q, keys, cursor, limit)
    return [Cluster.from_dict(r) for r in rows], nxt


def article_page(
    st: Store,
    date_from: str | None,
    date_to: str | None,
    outlet: str | None,
    cursor: str | None,
    limit: int,
) -> Page:
    """Articles without their text (:class:`ArticleListing`), oldest first."""
    q = _Where()
    q.dates("date", date_from, date_to)
    if outlet:
        q.add("outlet = ?", outlet)
    cols = (
        "article_id, title, outlet, CAST(date AS VARCHAR) AS date, date_precision, url,"
        " language, copy_group, duplicate_of"
    )
    keys = ("coalesce(CAST(date AS VARCHAR), '0000-00-00')", "article_id")
    rows, nxt = _paged(st, "articles", cols, q, keys, cursor, limit)
    return [ArticleListing(**r) for r in rows], nxt


def quote_page(
    st: Store,
    date_from: str | None,
    date_to: str | None,
    speaker: str | None,
    kind: str | None,
    article_id: str | None,
    cursor: str | None,
    limit: int,
) -> Page:
    """Quotes, by date, article and position."""
    q = _Where()
    q.dates("date", date_from, date_to)
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
    return [Quote.from_dict(row_to_quote(r)) for r in rows], nxt


def search_articles(
    st: Store,
    terms: Sequence[str],
    date_from: str | None,
    date_to: str | None,
    cursor: str | None,
    limit: int,
) -> Page:
    """Articles whose title or text contains every one of ``terms`` (case-insensitive
    substrings; at least one term), as :class:`SearchHit`, oldest first."""
    q = _Where()
    q.dates("date", date_from, date_to)
    for t in terms:
        pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q.add("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')", pattern, pattern)
    first = terms[0].lower()
    snippet = (
        "CASE WHEN strpos(lower(text), ?) > 0 THEN substr(text, greatest(1,"
        " strpos(lower(text), ?) - 80), 240) ELSE substr(text, 1, 240) END AS snippet"
    )
    q.params[:0] = [first, first]
    cols = f"article_id, title, outlet, CAST(date AS VARCHAR) AS date, {snippet}"
    keys = ("coalesce(CAST(date AS VARCHAR), '0000-00-00')", "article_id")
    rows, nxt = _paged(st, "articles", cols, q, keys, cursor, limit)
    return [SearchHit(**r) for r in rows], nxt


def actor_list(st: Store, text: str | None, cursor: str | None, limit: int) -> Page:
    """Actors seen in the store (:class:`ActorRow`), most mentioned first."""
    q = _Where()
    if text:
        q.add("(actor_id ILIKE ? OR name ILIKE ?)", f"%{text}%", f"%{text}%")
    cols = "actor_id, name, country, sector, role, inferred, n_mentions"
    keys = ("-coalesce(n_mentions, 0)", "actor_id")
    rows, nxt = _paged(st, "actors", cols, q, keys, cursor, limit)
    return [ActorRow(**r) for r in rows], nxt


# --------------------------------------------------------------------------- actors, days


def actor_profile(st: Store, actor_id: str, n: int = 30) -> ActorProfile | None:
    """An actor with its ``n`` latest statements, events as source and target, and its
    dyads; None if the store has no such actor."""
    rows = st._rows(
        "SELECT actor_id, name, country, sector, role, inferred, evidence, n_mentions"
        " FROM actors WHERE actor_id = ?",
        [actor_id],
    )
    if not rows:
        return None
    sql = "SELECT * FROM events WHERE list_contains({}, ?) ORDER BY date DESC NULLS LAST, event_id"
    as_source, as_target = (
        [Event.from_dict(row_to_event(r))
         for r in st._rows(sql.format(side) + f" LIMIT {n}", [actor_id])]
        for side in ("source_ids", "target_ids")
    )  # fmt: skip
    statements: list[Quote] = quote_page(st, None, None, actor_id, None, None, None, n)[0]
    ids = {e.article_id for e in [*as_source, *as_target]} | {q.article_id for q in statements}
    dyads = actor_dyads(st, actor_id)
    return ActorProfile(ActorDetail(**rows[0]), as_source, as_target, statements, dyads,
                        article_meta(st, ids))  # fmt: skip


def actor_dyads(st: Store, actor_id: str, n: int = 15) -> list[DyadCount]:
    """The actors it acts with (either direction), by number of event clusters."""
    rows = st._rows(
        "SELECT other, count(*) AS clusters, round(avg(goldstein), 2) AS mean_goldstein FROM ("
        " SELECT unnest(target) AS other, goldstein FROM clusters WHERE list_contains(source, ?)"
        " UNION ALL"
        " SELECT unnest(source) AS other, goldstein FROM clusters WHERE list_contains(target, ?)"
        ") WHERE other <> ? GROUP BY other ORDER BY clusters DESC, other LIMIT ?",
        [actor_id, actor_id, actor_id, n],
    )
    return [DyadCount(**r) for r in rows]


def quad_counts(st: Store, date_from: str | None, date_to: str | None) -> list[QuadCount]:
    """Event clusters per day and quad class, by day."""
    q = _Where(["date IS NOT NULL", "quad_class IS NOT NULL"], [])
    q.dates("date", date_from, date_to)
    rows = st._rows(
        "SELECT CAST(date AS VARCHAR) AS date, quad_class, count(*) AS n FROM clusters"
        + q.sql()
        + " GROUP BY ALL ORDER BY date, quad_class",
        q.params,
    )
    return [QuadCount(**r) for r in rows]


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


def neighbour_days(st: Store, day: str) -> tuple[str | None, str | None]:
    """The nearest days before and after ``day`` with events."""
    sql = "SELECT CAST({}(date) AS VARCHAR) FROM events WHERE date {} CAST(? AS DATE)"
    prev = st.con.execute(sql.format("max", "<"), [day]).fetchone()
    nxt = st.con.execute(sql.format("min", ">"), [day]).fetchone()
    return prev[0] if prev else None, nxt[0] if nxt else None


def copies(st: Store, article_id: str, keys: Sequence[str]) -> list[ArticleLink]:
    """The other articles of the copy groups or duplicate links ``keys``, by date."""
    rows = st._rows(
        "SELECT article_id, title, outlet, CAST(date AS VARCHAR) AS date FROM articles"
        " WHERE article_id <> ? AND (copy_group IN (SELECT unnest(?))"
        " OR duplicate_of IN (SELECT unnest(?)) OR article_id IN (SELECT unnest(?)))"
        " ORDER BY date, article_id",
        [article_id, list(keys), list(keys), list(keys)],
    )
    return [ArticleLink(**r) for r in rows]

"""The picture's reads and writes: events to cluster, actor mentions, sentences, article
metadata, dated quotes, and the stored clusters and claims.

Every function returns typed records (:class:`~sitroom.records.Event`,
:class:`~sitroom.records.Cluster`, :class:`~sitroom.records.Claim`...) or the small frozen
rows defined here for narrower answers. Filters take checked values (dates as YYYY-MM-DD);
checking what a user typed is the caller's job.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sitroom.config import EventsSettings
from sitroom.records import ActorRef, Claim, Cluster, Event, Mention, Quote, TextUnit
from sitroom.store.rows import row_to_event, row_to_quote
from sitroom.store.store import Store, date_filter, paging

#: The columns of the ``clusters`` table, in the contract's order.
CLUSTER_FIELDS = (
    "cluster_id", "type", "mode", "modality", "source", "target", "date", "event_ids",
    "article_ids", "outlets", "n_outlets", "first_reported", "last_reported", "confidence",
    "summary", "goldstein", "quad_class",
)  # fmt: skip
#: The ``clusters`` columns read as text (dates), so a cluster reads back as it was written.
CLUSTER_COLUMNS = ", ".join(
    f"CAST({c} AS VARCHAR) AS {c}" if c in {"date", "first_reported", "last_reported"} else c
    for c in CLUSTER_FIELDS
)


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the picture needs of an article: outlet, copy links, date and title (no text)."""

    article_id: str
    outlet: str | None = None
    copy_group: str | None = None
    duplicate_of: str | None = None
    date: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention resolved to an actor: its character offsets, the actor as the actors
    table knows it (name, country and sector may be missing) and the mention's kind
    (``name``, ``adjective``, ``place``... see :class:`~sitroom.records.Mention`)."""

    start: int
    end: int
    actor: ActorRef
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DatedQuote:
    """A stored quote with its date (the article's), and for the timeline its article's
    title and outlet."""

    quote: Quote
    date: str | None = None
    title: str | None = None
    outlet: str | None = None


# --------------------------------------------------------------------------- articles


def article_meta(store: Store, ids: Iterable[str] | None = None) -> dict[str, ArticleMeta]:
    """Article id -> its :class:`ArticleMeta`, for the articles ``ids`` (all when None)."""
    sql = (
        "SELECT article_id, outlet, copy_group, duplicate_of, CAST(date AS VARCHAR) AS date,"
        " title FROM articles"
    )
    if ids is None:
        rows = store._rows(sql)
    else:
        rows = store._rows(sql + " WHERE article_id IN (SELECT unnest(?))", [sorted(set(ids))])
    return {r["article_id"]: ArticleMeta(**r) for r in rows}


def daily_volume(store: Store, date_from: str, date_to: str) -> dict[str, tuple[int, int]]:
    """Day (YYYY-MM-DD) -> (stored articles dated that day, their distinct outlets)."""
    rows = store.con.execute(
        "SELECT CAST(date AS VARCHAR), count(*), count(DISTINCT lower(outlet)) FROM articles"
        " WHERE date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY 1",
        [date_from, date_to],
    ).fetchall()
    return {str(r[0])[:10]: (int(r[1]), int(r[2])) for r in rows}


def sentences(store: Store, days: Sequence[str] | None = None) -> list[TextUnit]:
    """Every stored sentence with its text and its article's date (of the articles dated
    ``days`` only, when given)."""
    where, params = "", []
    if days is not None:
        where = " WHERE CAST(a.date AS VARCHAR) IN (SELECT unnest(?))"
        params = [list(days)]
    rows = store.con.execute(
        "SELECT s.article_id, s.start_char, s.end_char,"
        " substring(a.text, s.start_char + 1, s.end_char - s.start_char),"
        " a.date FROM sentences s JOIN articles a USING (article_id)"
        + where
        + " ORDER BY s.article_id, s.idx",
        params,
    ).fetchall()
    return [TextUnit(str(r[0]), int(r[1]), int(r[2]), str(r[3] or ""), r[4]) for r in rows]


def actor_mentions(
    store: Store, article_ids: Iterable[str] | None = None
) -> dict[str, list[ActorMention]]:
    """Article id -> its mentions resolved to an actor, in text order (of the articles
    ``article_ids``, all when None)."""
    sql = (
        "SELECT m.article_id, m.start_char, m.end_char, m.actor_id, a.name, a.country, a.sector,"
        " m.kind"
        " FROM mentions m LEFT JOIN actors a USING (actor_id) WHERE m.actor_id IS NOT NULL"
    )
    params: list[Any] = []
    if article_ids is not None:
        sql += " AND m.article_id IN (SELECT unnest(?))"
        params.append(list(article_ids))
    rows = store.con.execute(sql + " ORDER BY m.article_id, m.start_char", params).fetchall()
    out: dict[str, list[ActorMention]] = {}
    for aid, start, end, actor_id, name, country, sector, kind in rows:
        actor = ActorRef(actor_id, name, country, sector)
        out.setdefault(str(aid), []).append(ActorMention(start, end, actor, kind))
    return out


# --------------------------------------------------------------------------- quotes


def dated_quotes(store: Store, article_ids: Iterable[str] | None = None) -> list[DatedQuote]:
    """Every stored quote with its date (of the articles ``article_ids``, when given)."""
    sql = "SELECT *, CAST(date AS VARCHAR) AS day FROM quotes"
    if article_ids is None:
        rows = store._rows(sql)
    else:
        rows = store._rows(sql + " WHERE article_id IN (SELECT unnest(?))", [sorted(article_ids)])
    return [DatedQuote(Quote.from_dict(row_to_quote(r)), r["day"]) for r in rows]


def day_quotes(
    store: Store, date_from: str | None, date_to: str | None, speaker: str | None
) -> list[DatedQuote]:
    """The dated quotes within the days (of ``speaker`` only, if given), with their
    article's title and outlet."""
    where, params = date_filter("q.date", date_from, date_to)
    where.insert(0, "q.date IS NOT NULL")
    if speaker:
        where.append("q.speaker_id = ?")
        params.append(speaker)
    rows = store._rows(
        "SELECT q.*, CAST(q.date AS VARCHAR) AS day, a.title, a.outlet FROM quotes q"
        " LEFT JOIN articles a USING (article_id) WHERE " + " AND ".join(where),
        params,
    )
    return [
        DatedQuote(Quote.from_dict(row_to_quote(r)), r["day"], r["title"], r["outlet"])
        for r in rows
    ]


# --------------------------------------------------------------------------- events


def events(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    min_confidence: float = 0.0,
) -> list[Event]:
    """Stored events as records (``actor`` on either side, confidence at least
    ``min_confidence``), by date, article and position."""
    found = store.events(
        date_from=date_from, date_to=date_to, actor=actor, min_confidence=min_confidence
    )
    return [Event.from_dict(d) for d in found]


def counted_events(
    store: Store,
    settings: EventsSettings,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
) -> list[Event]:
    """The stored events that count (clusters, claims, timeline, index): those whose
    confidence reaches the setting ``events.min_confidence``; the others stay stored and
    exported. Same order and filters as :func:`events`."""
    return events(
        store,
        date_from=date_from,
        date_to=date_to,
        actor=actor,
        min_confidence=settings.min_confidence,
    )


def events_by_id(store: Store, ids: Sequence[str]) -> dict[str, Event]:
    """Event id -> the stored event, for the events ``ids``."""
    if not ids:
        return {}
    rows = store._rows("SELECT * FROM events WHERE event_id IN (SELECT unnest(?))", [list(ids)])
    return {r["event_id"]: Event.from_dict(row_to_event(r)) for r in rows}


def events_on_days(store: Store, days: Sequence[str]) -> list[Event]:
    """Events dated one of ``days`` (YYYY-MM-DD) or of an article dated one of them."""
    rows = store._rows(
        "SELECT e.* FROM events e JOIN articles a USING (article_id)"
        " WHERE CAST(e.date AS VARCHAR) IN (SELECT unnest(?))"
        " OR CAST(a.date AS VARCHAR) IN (SELECT unnest(?))"
        " ORDER BY e.date NULLS LAST, e.article_id, e.evidence_start, e.event_id",
        [list(days), list(days)],
    )
    return [Event.from_dict(row_to_event(r)) for r in rows]


def article_days(store: Store, article_ids: Iterable[str]) -> set[str]:
    """The days (YYYY-MM-DD) the articles ``article_ids`` and their events are dated."""
    ids = sorted(set(article_ids))
    rows = store.con.execute(
        "SELECT CAST(date AS VARCHAR) FROM articles WHERE article_id IN (SELECT unnest(?))"
        " UNION SELECT CAST(date AS VARCHAR) FROM events WHERE article_id IN (SELECT unnest(?))",
        [ids, ids],
    ).fetchall()
    return {str(r[0])[:10] for r in rows if r[0] is not None}


def event_sides(store: Store) -> list[tuple[list[Mention], list[Mention]]]:
    """(source, target) mentions of every event that names both sides."""
    rows = store.con.execute(
        "SELECT source, target FROM events WHERE source <> '[]' AND target <> '[]'"
    ).fetchall()
    return [
        ([Mention.from_dict(m) for m in json.loads(src)],
         [Mention.from_dict(m) for m in json.loads(tgt)])
        for src, tgt in rows
    ]  # fmt: skip


def dyad_events(
    store: Store,
    a: str,
    b: str,
    date_from: str | None,
    date_to: str | None,
    min_confidence: float = 0.0,
) -> list[Event]:
    """Dated events that name both ``a`` and ``b`` (as an actor id or a mention's country)
    on either side, with a confidence of at least ``min_confidence``; the caller decides
    which of them are acts between the two."""
    where = []
    params: list[Any] = []
    for code in (a, b):
        where.append(
            "(list_contains(source_ids, ?) OR list_contains(target_ids, ?)"
            " OR source LIKE ? OR target LIKE ?)"
        )
        pattern = f'%"country": {json.dumps(code)}%'
        params += [code, code, pattern, pattern]
    dates, date_params = date_filter("date", date_from, date_to)
    where += dates
    params += date_params
    if min_confidence > 0:
        where.append("confidence >= ?")
        params.append(min_confidence)
    rows = store._rows(
        "SELECT * FROM events WHERE date IS NOT NULL AND " + " AND ".join(where), params
    )
    return [Event.from_dict(row_to_event(r)) for r in rows]


# --------------------------------------------------------------------------- clusters, claims


def _where(conditions: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def clusters(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    type: str | None = None,
    min_outlets: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Cluster]:
    """Stored clusters, by date then corroboration (``type`` in any case)."""
    where, params = date_filter("date", date_from, date_to)
    if actor:
        where.append("(list_contains(source, ?) OR list_contains(target, ?))")
        params += [actor, actor]
    if type:
        where.append("type = ?")
        params.append(type.upper())
    if min_outlets:
        where.append("n_outlets >= ?")
        params.append(int(min_outlets))
    sql = f"SELECT {CLUSTER_COLUMNS} FROM clusters" + _where(where)
    sql += " ORDER BY date NULLS LAST, n_outlets DESC, cluster_id" + paging(limit, offset)
    return [Cluster.from_dict(r) for r in store._rows(sql, params)]


def claims(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Claim]:
    """Stored contested claims, by date; with ``actor``, those it takes part in (as accuser,
    accused or respondent)."""
    where, params = date_filter("date", date_from, date_to)
    sql = "SELECT claim_id, claim, response FROM claims" + _where(where)
    sql += " ORDER BY date NULLS LAST, claim_id"
    out = []
    for r in store._rows(sql, params):
        rec = Claim(r["claim_id"], json.loads(r["claim"]), json.loads(r["response"]))
        sides = set(rec.claim["actors"]) | set(rec.claim.get("accused", []))
        if actor and actor not in sides | set(rec.response["actors"]):
            continue
        out.append(rec)
    return out[offset:] if limit is None else out[offset : offset + limit]


def replace_picture(
    store: Store, found: Sequence[Cluster], pairs: Sequence[Claim], version: str | None = None
) -> None:
    """Replace the ``clusters`` and ``claims`` tables, in one transaction (and record the
    ``version`` of the rules that built them)."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM clusters")
        con.execute("DELETE FROM claims")
        _insert_picture(store, found, pairs)
        if version is not None:
            con.execute("DELETE FROM picture_state WHERE key = 'version'")
            con.execute("INSERT INTO picture_state VALUES ('version', ?)", [version])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def clusters_holding(store: Store, event_ids: Iterable[str]) -> dict[str, list[str]]:
    """Cluster id -> its event ids, for the stored clusters holding one of ``event_ids``."""
    rows = store.con.execute(
        "SELECT cluster_id, event_ids FROM clusters WHERE list_has_any(event_ids, ?)",
        [sorted(set(event_ids))],
    ).fetchall()
    return {str(r[0]): [str(e) for e in r[1]] for r in rows}


def _insert_rows(store: Store, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (in the table's column order) through one Arrow table: much faster
    than a statement per row."""
    if not rows:
        return
    import pyarrow as pa

    cols = [d[0] for d in store.con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    columns = list(zip(*rows, strict=True))
    arrow = pa.table({c: list(v) for c, v in zip(cols, columns, strict=True)})
    store.con.register("_picture_rows", arrow)
    try:
        store.con.execute(f"INSERT INTO {table} SELECT * FROM _picture_rows")
    finally:
        store.con.unregister("_picture_rows")


def _insert_picture(store: Store, found: Sequence[Cluster], pairs: Sequence[Claim]) -> None:
    _insert_rows(store, "clusters", [tuple(getattr(c, f) for f in CLUSTER_FIELDS) for c in found])
    _insert_rows(
        store,
        "claims",
        [(c.claim_id, json.dumps(c.claim, ensure_ascii=False),
          json.dumps(c.response, ensure_ascii=False), c.claim["date"]) for c in pairs],
    )  # fmt: skip


def update_picture(
    store: Store,
    drop_clusters: Iterable[str],
    found: Sequence[Cluster],
    claim_days: Sequence[str],
    pairs: Sequence[Claim],
) -> None:
    """In one transaction: replace the clusters ``drop_clusters`` by ``found``, and the
    claims dated ``claim_days`` by ``pairs``."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [sorted(drop_clusters)]
        )
        con.execute(
            "DELETE FROM claims WHERE CAST(date AS VARCHAR) IN (SELECT unnest(?))",
            [list(claim_days)],
        )
        _insert_picture(store, found, pairs)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def picture_counts(store: Store) -> tuple[int, int]:
    """(stored clusters, stored claims)."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM clusters), (SELECT count(*) FROM claims)"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def picture_version(store: Store) -> str | None:
    """The version of the rules the stored picture was built with (None: never built)."""
    row = store.con.execute("SELECT value FROM picture_state WHERE key = 'version'").fetchone()
    return str(row[0]) if row else None


def principal_dyads(store: Store, n: int) -> list[str]:
    """The ``n`` pairs of states or organisations in the most event clusters, as ``A-B``
    (``A:B`` when an id has a hyphen, as a person without a country has, so that the pair
    reads back as two ids).

    A person counts for their country (a minister for their state), an organisation for itself.
    """
    rows = store._rows(
        "WITH m AS (SELECT actor_id, coalesce(country, actor_id) AS code FROM actors),"
        " s AS (SELECT unnest(source) AS s, target FROM clusters),"
        " p AS (SELECT s, unnest(target) AS t FROM s)"
        " SELECT least(ms.code, mt.code) AS a, greatest(ms.code, mt.code) AS b, count(*) AS n"
        " FROM p JOIN m ms ON ms.actor_id = p.s JOIN m mt ON mt.actor_id = p.t"
        " WHERE ms.code <> mt.code GROUP BY ALL ORDER BY n DESC, a, b LIMIT ?",
        [n],
    )
    return [f"{r['a']}{':' if '-' in r['a'] + r['b'] else '-'}{r['b']}" for r in rows]


def unprocessed_not_english(store: Store) -> int:
    """Articles waiting for processing that are not in English (stored, never parsed)."""
    row = store.con.execute(
        "SELECT count(*) FROM articles WHERE processed_at IS NULL AND language <> 'en'"
    ).fetchone()
    return int(row[0]) if row else 0

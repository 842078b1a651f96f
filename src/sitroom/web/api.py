"""The REST API's routes (``/api/...``): stored records, the picture, search, and coding a
snippet.

List endpoints return ``{"items": [...], "next_cursor": str | null}`` (pages in a fixed
order: :mod:`sitroom.store.listings`). Records are shown in the export contract's shape,
confidences as stored.

Search: DuckDB's ``fts`` extension is downloaded on first use (impossible offline) and its
index must be written into the store (which the server opens read-only), so ``/api/search``
matches every term of the query case-insensitively as a substring of the title or text
(at most :data:`~sitroom.web.params.MAX_TERMS` terms of at least 2 characters), newest first.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Annotated, Any, Literal, cast

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from sitroom.config import Settings
from sitroom.picture.briefing import N_DYADS, principal_dyads
from sitroom.picture.corroborate import stored_claims
from sitroom.picture.escalation import escalation as escalation_index
from sitroom.picture.shared import check_date
from sitroom.picture.timeline import timeline as timeline_days
from sitroom.records import Claim, Cluster, Event, Quote
from sitroom.store import listings
from sitroom.store.listings import decode_cursor, encode_cursor
from sitroom.store.store import Store
from sitroom.web.cache import memo
from sitroom.web.params import (
    ActorParam,
    Cursor,
    DateParam,
    FilterArgs,
    Limit,
    Page,
    PageArgs,
    check_dates,
    check_range,
    search_terms,
    window,
)

TIMELINE_DAYS = 14
INTERNAL_ARTICLE_FIELDS = ("run_id", "ingested_at", "processed_at", "raw_hash", "coder")


def plain(record: Any) -> dict[str, Any]:
    """A record as JSON: events and quotes in the contract's shape (confidence as stored),
    clusters and claims as exported, the listings' rows field by field."""
    if isinstance(record, Event | Quote):
        return record.to_dict(digits=None)
    if isinstance(record, Cluster | Claim):
        return record.to_dict()
    return asdict(record)


def _envelope(page: listings.Page) -> dict[str, Any]:
    return {"items": [plain(r) for r in page[0]], "next_cursor": page[1]}


def actor_json(profile: listings.ActorProfile) -> dict[str, Any]:
    """An actor profile as JSON (without the articles it comes from)."""
    return {
        **asdict(profile.actor),
        "as_source": [plain(e) for e in profile.as_source],
        "as_target": [plain(e) for e in profile.as_target],
        "statements": [plain(q) for q in profile.statements],
        "dyads": [asdict(d) for d in profile.dyads],
    }


def cached_escalation(
    st: Store, dyad: str, date_from: str | None, date_to: str | None, ordered: bool = False
) -> list[dict[str, Any]]:
    """The escalation index of a dyad over a range, computed once per store snapshot."""
    return memo(
        st,
        ("escalation", dyad, date_from, date_to, ordered),
        lambda: escalation_index(st, dyad, date_from, date_to, ordered=ordered),
    )


def cached_dyads(st: Store, n: int = N_DYADS) -> list[str]:
    """The ``n`` principal dyads, computed once per store snapshot."""
    return memo(st, ("dyads", n), lambda: principal_dyads(st, n))


def add_api_routes(app: FastAPI, dep: Any, settings: Settings) -> None:
    """Register every ``/api`` route; ``dep`` gives a request its store cursor."""
    _record_routes(app, dep)
    _listing_routes(app, dep)
    _actor_routes(app, dep)
    _picture_routes(app, dep)
    _search_route(app, dep)
    _code_route(app, _Coder(settings))


def _record_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/health", response_model=None)
    def health(st: Store = dep) -> dict[str, Any] | JSONResponse:
        """``ok`` with row counts when the whole store reads (checked once), else 503 with
        the problems (E033): a damaged store is never reported healthy."""
        verdict = st.health()
        if not verdict.ok:
            return JSONResponse({"status": "damaged", "problems": verdict.problems}, 503)
        counts = {t: verdict.rows.get(t, 0) for t in ("articles", "events", "quotes", "clusters",
                                                       "claims")}  # fmt: skip
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
        check_dates(date_from, date_to)
        return _envelope(
            listings.article_page(st, date_from, date_to, outlet, page.cursor, page.limit)
        )

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


def _listing_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/events", response_model=Page)
    def events(
        st: Store = dep,
        view: Literal["clusters", "events"] = "clusters",
        *,
        f: FilterArgs,
        page: PageArgs,
    ) -> dict[str, Any]:
        """Event clusters (``view=clusters``, the default) or single coded events."""
        listing = listings.event_page if view == "events" else listings.cluster_page
        return _envelope(listing(st, f.selection(), page.cursor, page.limit))

    @app.get("/api/clusters", response_model=Page)
    def clusters(st: Store = dep, *, f: FilterArgs, page: PageArgs) -> dict[str, Any]:
        """Event clusters: the same as ``/api/events?view=clusters``."""
        return _envelope(listings.cluster_page(st, f.selection(), page.cursor, page.limit))

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
        check_dates(date_from, date_to)
        return _envelope(
            listings.quote_page(
                st, date_from, date_to, speaker, kind, article_id, page.cursor, page.limit
            )
        )


def _actor_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/actors", response_model=Page)
    def actors(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=100)] = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        return _envelope(listings.actor_list(st, q, page.cursor, page.limit))

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str, st: Store = dep) -> dict[str, Any]:
        prof = listings.actor_profile(st, actor_id)
        if prof is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        return actor_json(prof)

    @app.get("/api/claims", response_model=Page)
    def claims(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
        *,
        page: PageArgs,
    ) -> dict[str, Any]:
        rows = [c.to_dict() for c in stored_claims(st, date_from=date_from, date_to=date_to,
                                                   actor=actor)]  # fmt: skip
        keyed = [(str(r["claim"].get("date") or listings.FAR_DATE), r["claim_id"], r)
                 for r in rows]  # fmt: skip
        keyed.sort(key=lambda t: (t[0], t[1]))
        if page.cursor:
            last = tuple(decode_cursor(page.cursor, 2))
            keyed = [t for t in keyed if (t[0], t[1]) > last]
        shown = keyed[: page.limit]
        nxt = encode_cursor(shown[-1][:2]) if len(keyed) > page.limit else None
        return {"items": [t[2] for t in shown], "next_cursor": nxt}


def _picture_routes(app: FastAPI, dep: Any) -> None:
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
        start, end = window(st, date_from, date_to, TIMELINE_DAYS)
        days = memo(
            st, ("timeline", start, end, actor), lambda: timeline_days(st, start, end, actor)
        )  # fmt: skip  (as pages.timeline_of)
        return cast(list[dict[str, Any]], days)

    @app.get("/api/escalation")
    def escalation(
        dyad: Annotated[str, Query(max_length=100, description="Two actor ids: RUS-UKR.")],
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        ordered: bool = False,
    ) -> list[dict[str, Any]]:
        """Daily escalation index of a dyad, with alerts (formula: picture.escalation)."""
        check_range(date_from, date_to)
        return memo(
            st,
            ("escalation", dyad, date_from, date_to, ordered),
            lambda: escalation_index(st, dyad, date_from, date_to, ordered=ordered),
        )

    @app.get("/api/dyads")
    def dyads(st: Store = dep, n: Annotated[int, Query(ge=1, le=20)] = N_DYADS) -> list[str]:
        """The principal dyads: the pairs in the most event clusters."""
        return cached_dyads(st, n)


def _search_route(app: FastAPI, dep: Any) -> None:
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
        terms = search_terms(q)
        check_dates(date_from, date_to)
        return _envelope(listings.search_articles(st, terms, date_from, date_to, cursor, limit))


class CodeRequest(BaseModel):
    """One sentence or short snippet to code, with its date if known."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)
    date: str | None = Field(None, description="YYYY-MM-DD", examples=["2022-01-10"])


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


def _code_route(app: FastAPI, coder: _Coder) -> None:
    @app.post("/api/code")
    def code(body: CodeRequest) -> dict[str, Any]:
        """Code one sentence into PLOVER events (needs the API token)."""
        check_date(body.date)
        return {"events": coder.code(body.text, body.date)}

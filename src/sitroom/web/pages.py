"""The dashboard's pages: the overview (charts and the day's top clusters), a day's events,
an article with its evidence highlighted, the timeline, claims, actors and search.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from sitroom.errors import SitroomError
from sitroom.picture.briefing import TopCluster, top_clusters
from sitroom.picture.corroborate import stored_claims
from sitroom.picture.timeline import TimelineDay, timeline
from sitroom.store import listings
from sitroom.store.queries import article_meta
from sitroom.store.store import Store
from sitroom.web.api import actor_json, cached_dyads, cached_escalation, plain
from sitroom.web.cache import memo
from sitroom.web.params import (
    ActorParam,
    Cursor,
    DateParam,
    DyadParam,
    Filters,
    TypeParam,
    check_dates,
    check_dyad,
    check_type,
    form,
    positive,
    search_terms,
    window,
)
from sitroom.web.render import (
    article_marks,
    cluster_view,
    escalation_chart,
    highlight,
    quad_chart,
    render,
    selected_start,
    text_page,
)

TIMELINE_DAYS = 14
CHART_DAYS = 90


def add_page_routes(app: FastAPI, dep: Any) -> None:
    """Register every dashboard page; ``dep`` gives a request its store cursor."""
    _day_pages(app, dep)
    _article_page(app, dep)
    _picture_pages(app, dep)
    _actor_pages(app, dep)


def escalation_series(
    st: Store, dyads: list[str], date_from: str | None, date_to: str | None
) -> dict[str, list[dict[str, Any]]]:
    """The escalation index of each dyad over the range."""
    return {d: cached_escalation(st, d, date_from, date_to) for d in dyads}


WARM_DYADS = 10


def warm_picture(st: Store) -> None:
    """Compute what the overview and the escalation API show first (the principal dyads'
    escalation over all days and over the overview's window, the quad counts, the latest
    day's top clusters, the default timeline), so that no
    request waits for it after the server starts or swaps in a new snapshot."""
    date_from, date_to = window(st, None, None, CHART_DAYS)
    quad_counts(st, date_from, date_to)
    escalation_series(st, cached_dyads(st), date_from, date_to)
    day = memo(st, ("latest_day",), lambda: listings.latest_day(st))
    if day:
        day_top(st, day)
    timeline_of(st, *window(st, None, None, TIMELINE_DAYS), None)
    for dyad in cached_dyads(st, WARM_DYADS):
        with contextlib.suppress(SitroomError):  # the request will say what is wrong
            cached_escalation(st, dyad, None, None)


def day_top(
    st: Store,
    day: str,
    actor: str | None = None,
    dyad: tuple[str, str] | None = None,
    kind: str | None = None,
    outlets: int | None = None,
) -> list[TopCluster]:
    """The day's top clusters under the overview's filters, once per store snapshot."""
    return memo(st, ("top", day, actor, dyad, kind, outlets),
                lambda: top_clusters(st, day, actor=actor, dyad=dyad, type=kind,
                                     min_outlets=outlets))  # fmt: skip


def timeline_of(
    st: Store, start: str | None, end: str | None, actor: str | None
) -> list[TimelineDay]:
    """The timeline of a range (the page's and the API's), once per store snapshot."""
    return memo(st, ("timeline", start, end, actor), lambda: timeline(st, start, end, actor))


def quad_counts(st: Store, date_from: str | None, date_to: str | None) -> list[Any]:
    """Clusters per day and quad class over the range, once per store snapshot."""
    return memo(st, ("quads", date_from, date_to),
                lambda: listings.quad_counts(st, date_from, date_to))  # fmt: skip


def _overview(st: Store, date: str | None, f: Filters, min_outlets: str | None) -> str:
    """The overview page: escalation and quad charts over ``f``'s range, the alerts, and
    the top clusters of ``date`` (default: the latest day) under ``f``'s filters."""
    date_from, date_to = window(st, f.date_from, f.date_to, CHART_DAYS)
    check_dates(date)
    day = date or memo(st, ("latest_day",), lambda: listings.latest_day(st))
    outlets = positive(min_outlets, "min_outlets")
    dyads = [f.dyad] if f.dyad else cached_dyads(st)
    series = escalation_series(st, dyads, date_from, date_to)
    quads = quad_counts(st, date_from, date_to)
    top = []
    if day:
        kind = check_type(f.type)
        found = day_top(st, day, f.actor, check_dyad(f.dyad), kind, outlets)
        top = [cluster_view(t) for t in found]
    filters = form(date=date, date_from=date_from, date_to=date_to, actor=f.actor, dyad=f.dyad,
                   type=f.type, min_outlets=min_outlets)  # fmt: skip
    alerts = [(d, r) for d, rows in series.items() for r in rows if r["alert"]]
    return render(
        "index.html", day=day, clusters=top, filters=filters, escalation=escalation_chart(series),
        quads=quad_chart(quads), alerts=alerts[-8:], dyads=dyads,
    )  # fmt: skip


def _day_pages(app: FastAPI, dep: Any) -> None:
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
        f = Filters(date_from or None, date_to or None, actor or None, dyad or None, type or None)
        return _overview(st, date or None, f, min_outlets)

    @app.get("/events", response_class=HTMLResponse)
    def events_page(
        st: Store = dep,
        date: DateParam = None,
        actor: ActorParam = None,
        type: TypeParam = None,
    ) -> str:
        check_dates(date or None)
        day = date or listings.latest_day(st, "events")
        events = []
        if day:
            sel = Filters(day, day, actor or None, None, type or None).selection()
            events = listings.event_page(st, sel, None, 500)[0]
        meta = article_meta(st, (e.article_id for e in events))
        prev, nxt = listings.neighbour_days(st, day) if day else (None, None)
        return render(
            "events.html", day=day, prev=prev, next=nxt, events=[plain(e) for e in events],
            articles=meta, filters=form(date=date, actor=actor, type=type),
        )  # fmt: skip


def _article_page(app: FastAPI, dep: Any) -> None:
    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_view(
        article_id: str,
        st: Store = dep,
        event: Annotated[str | None, Query(max_length=300)] = None,
        quote: Annotated[str | None, Query(max_length=300)] = None,
        page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    ) -> str:
        """An article with its evidence highlighted, :data:`PAGE_CHARS` characters a page
        (the page holding the selected event or quote unless ``page`` is given)."""
        rec = st.article(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        events = st.events(article_id=article_id)
        quotes = st.quotes(article_id=article_id)
        text = rec["text"] or ""
        marks = article_marks(events, quotes, event or quote)
        part = text_page(text, page, selected_start(marks, event or quote))
        shown_events = [e for e in events if part.holds(e["evidence"])]
        shown_quotes = [q for q in quotes if part.holds(q["content"])]
        body = highlight(text[part.start : part.end], part.shift(marks))
        keys = [k for k in (rec.get("copy_group"), rec.get("duplicate_of")) if k]
        copies = listings.copies(st, rec["article_id"], keys) if keys else []
        return render(
            "article.html", article=rec, body=body, events=shown_events, quotes=shown_quotes,
            n_events=len(events), n_quotes=len(quotes), part=part, copies=copies,
            url=_safe_url(rec.get("url")), candidates=rec.get("date_candidates") or [],
        )  # fmt: skip


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _picture_pages(app: FastAPI, dep: Any) -> None:
    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(
        st: Store = dep,
        date_from: DateParam = None,
        date_to: DateParam = None,
        actor: ActorParam = None,
    ) -> str:
        start, end = window(st, date_from or None, date_to or None, TIMELINE_DAYS)
        days = timeline_of(st, start, end, actor or None)
        filters = form(date_from=start, date_to=end, actor=actor)
        return render("timeline.html", days=days, standalone=False, filters=filters)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(
        st: Store = dep,
        actor: ActorParam = None,
        date_from: DateParam = None,
        date_to: DateParam = None,
    ) -> str:
        rows = stored_claims(
            st, actor=actor or None, date_from=date_from or None, date_to=date_to or None
        )
        filters = form(actor=actor, date_from=date_from, date_to=date_to)
        return render("claims.html", claims=[c.to_dict() for c in rows], filters=filters)


def _actor_pages(app: FastAPI, dep: Any) -> None:
    @app.get("/actors", response_class=HTMLResponse)
    def actors_page(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=100)] = None,
        cursor: Cursor = None,
    ) -> str:
        rows, nxt = listings.actor_list(st, q or None, cursor or None, 100)
        return render("actors.html", actors=[asdict(r) for r in rows], next_cursor=nxt,
                      filters=form(q=q))  # fmt: skip

    @app.get("/actors/{actor_id}", response_class=HTMLResponse)
    def actor_page(actor_id: str, st: Store = dep) -> str:
        prof = listings.actor_profile(st, actor_id)
        if prof is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        return render("actor.html", actor={**actor_json(prof), "articles": prof.articles})

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        st: Store = dep,
        q: Annotated[str | None, Query(max_length=200)] = None,
        cursor: Cursor = None,
    ) -> str:
        found: listings.Page = ([], None)
        if q:
            found = listings.search_articles(st, search_terms(q), None, None, cursor or None, 50)
        rows, nxt = found
        return render("search.html", results=[asdict(r) for r in rows], next_cursor=nxt,
                      filters=form(q=q))  # fmt: skip

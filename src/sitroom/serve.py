"""The REST API and the dashboard (FastAPI, server-rendered Jinja2 pages, no external assets).

The store is opened read-only once per app (DuckDB then refuses writers from other processes
until the server stops); each request reads through its own cursor.
Every article text, title and quote goes through Jinja2's autoescaping; highlighted text is
built by slicing the article at span offsets and escaping each piece
(:func:`highlight`). Only GET is served unless a token is configured: any other method needs
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from sitroom import aggregate, corroborate
from sitroom.errors import E, SitroomError
from sitroom.store import Store

TEMPLATES = Path(__file__).parent / "templates"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INTERNAL_ARTICLE_FIELDS = ("run_id", "ingested_at", "processed_at", "raw_hash")

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000).")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]
DateParam = Annotated[str | None, Query(description="YYYY-MM-DD", examples=["2022-01-10"])]


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
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates (autoescape on)."""
    return _env().get_template(template).render(**context)


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
        classes = sorted({c for m in clipped if m.start <= lo and hi <= m.end
                          for c in m.classes.split()})  # fmt: skip
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


def _article_marks(events: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]],
                   selected: str | None) -> list[Mark]:  # fmt: skip
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


def _request_store(base: Store) -> Store:
    """A view of ``base`` on its own DuckDB cursor, so that requests in parallel threads do
    not share a connection (opening the file costs ~100 ms; a cursor almost nothing)."""
    return base.view()


def _dates(*values: str | None) -> None:
    for v in values:
        corroborate.check_date(v)


def _handle_error(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, SitroomError) else str(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=400)
    return HTMLResponse(render("error.html", message=message), status_code=400)


def create_app(db_path: str, *, api_token: str | None = None) -> FastAPI:
    """The API and dashboard over the store at ``db_path`` (which must exist)."""
    base = _open_db(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        base.close()

    app = FastAPI(
        title="sitroom",
        description="Evidence-backed events, quotes, clusters and claims of a crisis.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_middleware(_WriteGuard, token=api_token)
    app.add_exception_handler(SitroomError, _handle_error)

    def store() -> Iterator[Store]:
        st = _request_store(base)
        try:
            yield st
        finally:
            st.close()

    _api_routes(app, Depends(store))
    _page_routes(app, Depends(store))
    return app


# --------------------------------------------------------------------------- API


def _api_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/api/health")
    def health(st: Store = dep) -> dict[str, Any]:
        counts = {t: st.count(t) for t in ("articles", "events", "quotes")}
        return {"status": "ok", **counts}

    @app.get("/api/events")
    def events(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        actor: str | None = None, type: str | None = None, limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[dict[str, Any]]:  # fmt: skip
        _dates(date_from, date_to)
        return st.events(date_from=date_from, date_to=date_to, actor=actor, type=type,
                         limit=limit, offset=offset)  # fmt: skip

    @app.get("/api/quotes")
    def quotes(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        speaker: str | None = None, article_id: str | None = None, limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[dict[str, Any]]:  # fmt: skip
        _dates(date_from, date_to)
        return st.quotes(date_from=date_from, date_to=date_to, speaker=speaker,
                         article_id=article_id, limit=limit, offset=offset)  # fmt: skip

    @app.get("/api/timeline")
    def timeline(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        actor: str | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return aggregate.timeline(st, date_from=date_from, date_to=date_to, actor=actor)

    @app.get("/api/clusters")
    def clusters(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        actor: str | None = None, type: str | None = None,
        min_outlets: Annotated[int | None, Query(ge=1)] = None, limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return corroborate.clusters(st, date_from=date_from, date_to=date_to, actor=actor,
                                    type=type, min_outlets=min_outlets, limit=limit,
                                    offset=offset)  # fmt: skip

    @app.get("/api/claims")
    def claims(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        actor: str | None = None, limit: Limit = 100, offset: Offset = 0,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return corroborate.claims(st, date_from=date_from, date_to=date_to, actor=actor,
                                  limit=limit, offset=offset)  # fmt: skip

    @app.get("/api/escalation")
    def escalation(
        dyad: Annotated[str, Query(description="Two actor ids, e.g. RUS-UKR.")],
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        ordered: bool = False,
    ) -> list[dict[str, Any]]:  # fmt: skip
        return aggregate.escalation(st, dyad, date_from, date_to, ordered=ordered)

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


# --------------------------------------------------------------------------- pages


def _day_bounds(st: Store, day: str | None) -> tuple[str | None, str | None, str | None]:
    """(day shown, previous day with events, next day with events)."""
    if day is None:
        row = st.con.execute("SELECT CAST(max(date) AS VARCHAR) FROM events").fetchone()
        day = row[0] if row else None
    if day is None:
        return None, None, None
    prev = st.con.execute(
        "SELECT CAST(max(date) AS VARCHAR) FROM events WHERE date < CAST(? AS DATE)", [day]
    ).fetchone()
    nxt = st.con.execute(
        "SELECT CAST(min(date) AS VARCHAR) FROM events WHERE date > CAST(? AS DATE)", [day]
    ).fetchone()
    return day, prev[0] if prev else None, nxt[0] if nxt else None


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


def _page_routes(app: FastAPI, dep: Any) -> None:
    @app.get("/", response_class=HTMLResponse)
    def index(
        st: Store = dep, date: DateParam = None, actor: str | None = None,
        type: str | None = None,
    ) -> str:  # fmt: skip
        _dates(date)
        day, prev, nxt = _day_bounds(st, date or None)
        events = st.events(date_from=day, date_to=day, actor=actor or None,
                           type=type or None) if day else []  # fmt: skip
        meta = corroborate.article_meta(st, (e["article_id"] for e in events))
        filters = {"date": date or "", "actor": actor or "", "type": type or ""}
        return render("index.html", day=day, prev=prev, next=nxt, events=events,
                      articles=meta, filters=filters)  # fmt: skip

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(
        article_id: str, st: Store = dep, event: str | None = None, quote: str | None = None
    ) -> str:
        rec = st.article(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        events = st.events(article_id=article_id)
        quotes = st.quotes(article_id=article_id)
        body = highlight(rec["text"] or "", _article_marks(events, quotes, event or quote))
        return render("article.html", article=rec, body=body, events=events, quotes=quotes,
                      copies=_copies(st, rec), url=_safe_url(rec.get("url")),
                      candidates=rec.get("date_candidates") or [])  # fmt: skip

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(
        st: Store = dep, date_from: DateParam = None, date_to: DateParam = None,
        actor: str | None = None,
    ) -> str:  # fmt: skip
        days = aggregate.timeline(st, date_from or None, date_to or None, actor or None)
        filters = {"date_from": date_from or "", "date_to": date_to or "", "actor": actor or ""}
        return render("timeline.html", days=days, standalone=False, filters=filters)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(st: Store = dep, actor: str | None = None) -> str:
        rows = corroborate.claims(st, actor=actor or None)
        return render("claims.html", claims=rows, filters={"actor": actor or ""})


def run_server(
    db_path: str, host: str = "127.0.0.1", port: int = 8000, api_token: str | None = None
) -> None:
    """Serve the API and dashboard with uvicorn (blocks until stopped)."""
    import uvicorn

    uvicorn.run(create_app(db_path, api_token=api_token), host=host, port=port, log_level="info")

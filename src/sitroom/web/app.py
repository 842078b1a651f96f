"""The web application: the REST API and the dashboard (FastAPI, server-rendered Jinja2 pages,
no external assets), its middleware and error handling.

The store is served live (:class:`sitroom.store.live.LiveStore`): the app reads a read-only
snapshot, each request through its own cursor, and swaps in the file a writer publishes
(``sitroom run`` while the server runs); what is computed from a snapshot is cached with it
(:mod:`sitroom.web.cache`). The routes are in
:mod:`sitroom.web.api` and :mod:`sitroom.web.pages`, the templates and charts in
:mod:`sitroom.web.render`.

Only GET is served unless a token is configured: any other method needs
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from sitroom.config import Settings
from sitroom.errors import SitroomError
from sitroom.store.live import LiveStore, announce
from sitroom.store.store import Store
from sitroom.web.api import add_api_routes
from sitroom.web.cache import ResponseCache
from sitroom.web.middleware import SecurityHeaders, WriteGuard
from sitroom.web.pages import add_page_routes, warm_picture
from sitroom.web.render import css_url, render, stylesheet

log = logging.getLogger(__name__)


def _warm_in_background(live: LiveStore) -> None:
    def work() -> None:
        try:
            with live.reader() as st:
                warm_picture(st)
        except Exception:  # a failure here shows again, with its message, on the request
            log.warning("could not precompute the overview", exc_info=True)

    threading.Thread(target=work, name="sitroom-warm", daemon=True).start()


def _handle_error(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, SitroomError) else str(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=400)
    return HTMLResponse(render("error.html", message=message), status_code=400)


def create_app(
    db_path: str,
    *,
    api_token: str | None = None,
    settings: Settings | None = None,
    warm: bool = True,
) -> FastAPI:
    """The API and dashboard over the store at ``db_path`` (which must exist).

    ``settings`` chooses the spaCy model and coder of ``POST /api/code`` (defaults otherwise).
    With ``warm``, the overview's picture is computed in the background when the app starts
    and after each new snapshot (:func:`sitroom.web.pages.warm_picture`).
    """
    live = LiveStore(db_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        live.watch()
        if warm:
            _warm_in_background(live)
            live.on_swap = lambda: _warm_in_background(live)
        yield
        live.on_swap = None
        live.close()

    app = FastAPI(
        title="sitroom",
        description="Evidence-backed events, quotes, clusters and claims of a crisis. "
        "List endpoints return {items, next_cursor}; pass next_cursor back as `cursor`.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(ResponseCache, generation=live.current)
    app.add_middleware(WriteGuard, token=api_token)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(SitroomError, _handle_error)

    app.state.live = live

    def store() -> Iterator[Store]:
        with live.reader() as st:
            yield st

    dep = Depends(store)
    add_api_routes(app, dep, settings or Settings())
    add_page_routes(app, dep)
    _static_routes(app)
    return app


def _static_routes(app: FastAPI) -> None:
    @app.get("/static/sitroom-{version}.css", include_in_schema=False)
    def css_file(version: str) -> Response:
        if f"/static/sitroom-{version}.css" != css_url():
            raise HTTPException(404, "no such stylesheet")
        return Response(
            stylesheet(),
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return render("docs.html", schema=app.openapi())


WORKER_STATE = "_SITROOM_SERVE_STATE"  # how run_server hands its arguments to worker processes


def run_server(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_token: str | None = None,
    settings: Settings | None = None,
    workers: int = 1,
) -> None:
    """Serve the API and dashboard with uvicorn (blocks until stopped), in ``workers``
    processes: each reads its own read-only snapshot of the store (DuckDB lets several
    processes read a file) with its own caches. No access log (it costs a tenth of a
    request's time); errors and start-up are logged."""
    import uvicorn

    create_app(db_path, api_token=api_token, settings=settings).state.live.close()  # checks
    state = {"db": db_path, "token": api_token,
             "settings": (settings or Settings()).model_dump(mode="json")}  # fmt: skip
    os.environ[WORKER_STATE] = json.dumps(state)
    with announce(db_path, host, port):
        uvicorn.run(
            "sitroom.web.app:app_from_environment", factory=True, host=host, port=port,
            workers=workers, log_level="info", access_log=False,
        )  # fmt: skip


def app_from_environment() -> FastAPI:
    """The app of a worker process started by :func:`run_server`."""
    state = json.loads(os.environ[WORKER_STATE])
    settings = Settings.model_validate(state["settings"])
    return create_app(state["db"], api_token=state["token"], settings=settings)

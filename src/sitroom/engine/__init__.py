"""Engines: where parsing and extraction run. The pipeline hands an engine chunks of stored
articles and gets back, chunk by chunk and in input order, the extractions to write.

``local`` runs them in this process (spaCy's own ``n_process`` for several processes);
``cluster`` runs them on a Dask cluster, one spaCy pipeline per worker process, while the
driver alone writes to the store (DuckDB has a single writer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from sitroom.config import Settings
from sitroom.errors import E, SitroomError
from sitroom.records import Article, Extraction

ENGINES = ("local", "dask")


class Engine(Protocol):
    """Turns chunks of articles into their extractions, chunk by chunk, in input order."""

    def extract_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[list[Extraction]]: ...

    def close(self) -> None: ...


def make_engine(
    settings: Settings,
) -> Engine:
    """The engine ``settings.engine.name`` names: ``local``, or ``dask`` (a ``LocalCluster``
    of ``settings.engine.workers`` processes, or the running cluster at its ``scheduler``)."""
    name = settings.engine.name
    if name == "local":
        from sitroom.engine.local import LocalEngine

        return LocalEngine(settings)
    if name == "dask":
        from sitroom.engine.cluster import DaskEngine

        return DaskEngine(settings)
    raise SitroomError(E.E025, name=name, known=", ".join(ENGINES))

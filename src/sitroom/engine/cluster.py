"""The Dask engine: chunks of articles go to the workers of a Dask cluster, each worker
process keeps one spaCy pipeline and one extractor (built by its first task and cached, see
:func:`~sitroom.engine.local.worker_stages`), and the extractions come back to the driver,
which alone writes them (DuckDB has a single writer).

Without a scheduler address a ``LocalCluster`` of ``workers`` processes with one thread each
is started here and stopped by :meth:`DaskEngine.close`; with one, the running cluster is used
as it is (its workers need sitroom and the spaCy model installed). Results are yielded in
input order, with a bounded number of chunks in flight, so memory does not grow with the run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from sitroom.config import Settings
from sitroom.engine.local import extract_chunk, worker_stages
from sitroom.errors import E, SitroomError
from sitroom.records import Article, Extraction


def _warm(settings_json: str) -> bool:
    """Load the model and the extractor in a worker before the first chunk arrives."""
    worker_stages(settings_json)
    return True


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class DaskEngine:
    """Extraction on a Dask cluster: a local one by default, any running one by address."""

    def __init__(self, settings: Settings) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise SitroomError(E.E026, address="none", detail=str(exc)) from exc
        # The workers' statistical profiler samples their threads 100 times a second (about
        # 4 % more processor time on 40 releases): off for a LocalCluster; a cluster started
        # by hand takes DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False.
        dask.config.set({"distributed.worker.profile.enabled": False})
        self.settings_json = settings.model_dump_json()
        address = settings.engine.scheduler
        self.cluster: Any = None
        try:
            if address:
                self.client: Any = Client(address, timeout=20)
            else:
                self.cluster = LocalCluster(
                    n_workers=settings.engine.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,  # logging.ERROR
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise SitroomError(E.E026, address=address or "local", detail=str(exc)) from exc
        try:
            self.client.wait_for_workers(1, timeout=60)
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            self.client.run(_warm, self.settings_json)
        except Exception as exc:  # no worker came, or one cannot load sitroom or the model
            self.close()
            detail = f"the workers cannot run sitroom: {type(exc).__name__}: {exc}"[:300]
            raise SitroomError(E.E026, address=address or "local", detail=detail) from exc

    def extract_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[list[Extraction]]:
        """Submit chunks, at most two per worker in flight, and yield results in order."""
        window: deque[Any] = deque()
        limit = 2 * self.workers
        for chunk in chunks:
            window.append(self.client.submit(extract_chunk, chunk, self.settings_json, pure=False))
            if len(window) >= limit:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def worker_cpu(self) -> float:
        """Processor seconds the workers' processes have used so far, added up."""
        import time

        return float(sum(self.client.run(time.process_time).values()))

    def worker_peak_mb(self) -> float:
        """The peak memory of the workers' processes, added up (MB)."""
        peaks = self.client.run(_peak_rss_mb)
        return float(sum(peaks.values()))

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

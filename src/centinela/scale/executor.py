"""Where partitions are coded: in this process (the baseline) or on a Dask cluster.

Both take partitions lazily and give results back as they finish, so memory holds only the partitions
in flight, whatever the size of the corpus. The Dask executor starts a LocalCluster of worker
processes by default, or joins any cluster by its scheduler address (whose workers must have centinela
installed). Each worker builds its coder once, on the first partition of documents it gets, and keeps
it in a worker plugin: the coder (about 80 MB) never travels.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from centinela.errors import CentinelaError
from centinela.scale.inputs import Partition
from centinela.scale.work import Options, Result, process

if TYPE_CHECKING:
    from centinela.coding.coder import Coder

PLUGIN = "centinela-coder"


def _build_coder() -> Coder:
    from centinela.coding.coder import Coder

    return Coder.build()


class LocalExecutor:
    """Codes each partition in this process, one after the other."""

    name = "local"

    def __init__(self, coder: Coder | None = None) -> None:
        self._coder = coder

    def coder(self) -> Coder:
        if self._coder is None:
            self._coder = _build_coder()
        return self._coder

    def run(self, parts: Iterable[Partition], options: Options) -> Iterator[Result]:
        for part in parts:
            yield process(part, self.coder, options)

    def close(self) -> None:
        self._coder = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CoderPlugin(WorkerPlugin):
    """Holds a worker's coder (``setup`` runs on each worker as it joins)."""

    name = PLUGIN

    def __init__(self) -> None:
        self._coder: Coder | None = None

    def setup(self, worker: Any) -> None:
        self._coder = None

    def teardown(self, worker: Any) -> None:
        self._coder = None

    def coder(self) -> Coder:
        if self._coder is None:
            self._coder = _build_coder()
        return self._coder


def process_on_worker(part: Partition, options: Options) -> Result:
    """The task each Dask worker runs: code one partition with the worker's own coder."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, CoderPlugin)  # registered by DaskExecutor under this name
    return process(part, plugin.coder, options)


def _local_cluster(workers: int) -> Any:
    import dask
    from distributed import LocalCluster

    # Dask workers sample their running task's stack every 10 ms for the dashboard's profile and keep
    # 1,000 one-second profiles of it: over a long backfill a worker grew by about 100 MB for a
    # dashboard this cluster does not serve. A cluster given by address keeps its own settings.
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


class DaskExecutor:
    """Codes partitions on Dask workers: a new LocalCluster, or the cluster at ``scheduler``."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2, in_flight: int | None = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise CentinelaError(f"the dask executor needs dask[distributed]: {exc}") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = _local_cluster(workers)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise CentinelaError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
        self.client.register_plugin(CoderPlugin(), name=PLUGIN)
        workers_now = len(self.client.scheduler_info().get("workers", {})) or max(1, workers)
        # Two partitions per worker: one coding, one waiting, so no worker idles while results are written.
        self.in_flight = in_flight or 2 * workers_now

    def run(self, parts: Iterable[Partition], options: Options) -> Iterator[Result]:
        from distributed import as_completed

        pending = iter(parts)
        running = as_completed()
        for part in islice(pending, self.in_flight):
            running.add(self._submit(part, options))
        for future in running:
            result = future.result()
            future.release()
            following = next(pending, None)
            if following is not None:
                running.add(self._submit(following, options))
            yield result

    def _submit(self, part: Partition, options: Options) -> Any:
        # The rows go straight to a worker (scatter), and the task names only their key: a partition
        # submitted as an argument passes through the scheduler, which kept objects of every one
        # (about 0.6 KB per document in the writer's process, with the LocalCluster's scheduler there).
        [rows] = self.client.scatter([part], hash=False)
        return self.client.submit(process_on_worker, rows, options, pure=False)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(kind: str, scheduler: str | None = None, workers: int = 2) -> LocalExecutor | DaskExecutor:
    """The executor named on the command line ('local' or 'dask')."""
    if kind == "local":
        return LocalExecutor()
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    raise CentinelaError(f"unknown executor {kind!r}; use local or dask")

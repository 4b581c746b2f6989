"""Scale-out: backfills of large corpora in partitions, on this process or a Dask cluster, resumable.

``Backfill(store).plan(files)`` then ``.run(planned, executor)``; executors come from
``make_executor('local' | 'dask', scheduler, workers)``.
"""

from centinela.scale.backfill import Backfill, SourceReport
from centinela.scale.executor import DaskExecutor, LocalExecutor, make_executor

__all__ = ["Backfill", "DaskExecutor", "LocalExecutor", "SourceReport", "make_executor"]

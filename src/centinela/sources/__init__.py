"""The ingestion edge: feeds, article pages, event files, the Peru source pack, source health.

What the rest of centinela calls (each takes the composition root, ``centinela.app.App``):

- ``centinela.sources.ingest.poll_due_sources(app, now)``: one round of ``centinela watch``; polls the
  feed sources whose schedule is due and returns their ``IngestResult``s.
- ``centinela.sources.ingest.ingest_targets(app, urls_or_paths)``: ``centinela ingest``.
- ``centinela.sources.ingest.ingest_documents(app, documents, source)``: a replayed corpus
  (``centinela.model.Document``s), e.g. the demo's bundled replay instead of the network.
- ``centinela.sources.schedule.health(row, now, ...)``: a source's health (silent, failing...).

Pure parts (no I/O): ``normalize``, ``feeds``, ``jsonfeed``, ``opml``, ``pages``, ``items``,
``schedule``, ``files`` (readers), ``centinela.coding.dedupe``. I/O: ``fetch``, ``transport``,
``guard`` (DNS), ``ingest`` (orchestration), and the queries in ``centinela.store``.
This module imports nothing, so that importing a pure part stays cheap.
"""

"""Storage: the schema, migrations, and the queries each stage needs."""

from centinela.store.db import Store, open_store

__all__ = ["Store", "open_store"]

"""Alembic environment: runs on the connection the store hands over (no URL in any ini file)."""

from alembic import context

from centinela.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("centinela migrations run through centinela.store (centinela db upgrade)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()

"""simhash bands carry the document's moment, indexed with the band

A band look-up by (band, value) alone read about one stored document in 2,048 per band, so the
backfill slowed down as the corpus grew; with the moment in the index it reads only the window.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 19:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_MOMENT = (
    "UPDATE simhash_bands SET at = (SELECT coalesce(documents.published, documents.fetched) "
    "FROM documents WHERE documents.id = simhash_bands.document_id)"
)


def upgrade() -> None:
    with op.batch_alter_table("simhash_bands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at", sa.DateTime(timezone=True), nullable=True))
    op.execute(_MOMENT)
    with op.batch_alter_table("simhash_bands", schema=None) as batch_op:
        batch_op.alter_column("at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_index("ix_simhash_bands_band_value")
        batch_op.create_index("ix_simhash_bands_band_value_at", ["band", "value", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("simhash_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_simhash_bands_band_value_at")
        batch_op.create_index("ix_simhash_bands_band_value", ["band", "value"], unique=False)
        batch_op.drop_column("at")

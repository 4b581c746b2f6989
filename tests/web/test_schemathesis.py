"""Property-based requests against every operation of /openapi.json: nothing answers with a server error.

Bounded: a few examples per operation, so the run takes seconds. The app runs in process over a seeded
store (the module fixture below), the way the in-process API tests run it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from centinela.web import create_app

from .conftest import make_core, seed


@pytest.fixture(scope="module")
def api_app(template_db: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("schemathesis") / "c.db"
    shutil.copy(template_db, db)
    core = make_core(db)
    seed(core)
    yield create_app(core)
    core.close()


def _operations(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_server_errors(api_app) -> None:  # type: ignore[no-untyped-def]
    # Each operation is driven by hypothesis directly: schemathesis's own pytest fixture loader does not
    # work with this pytest, and this keeps the run's size in one place.
    operations = _operations(api_app)
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        call()

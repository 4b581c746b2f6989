"""A store filled like a real one (the demo replay, coded events with documents and outlets, sources),
hostile text included, and the app over it for in-process HTTP tests."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from centinela import pipeline
from centinela.app import App
from centinela.settings import load_settings
from centinela.store.schema import document_outlets, documents, events, sources
from centinela.web.auth import hash_password

PASSWORD = "correct horse battery staple"
XSS_TITLE = "<img src=x onerror=\"alert('xss')\"><script>alert(1)</script> Congreso"
XSS_OUTLET = "<b onmouseover=alert(2)>Diario Falso</b>"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"


def _doc(conn: Any, n: int, title: str, url: str, published: datetime) -> int:
    row = {
        "url": url,
        "source": "https://feeds.example.pe/rss",
        "title": title,
        "text": f"Texto de la nota {n}. <script>alert('body')</script> Más texto.",
        "lang": "es",
        "published": published,
        "fetched": published,
        "content_hash": f"{n:064d}",
        "simhash": n,
        "flags": [],
        "coded": True,
    }
    return int(conn.execute(documents.insert().values(**row)).inserted_primary_key[0])


def _outlet(conn: Any, doc_id: int, outlet: str, url: str, seen: datetime) -> None:
    conn.execute(document_outlets.insert().values(document_id=doc_id, outlet=outlet, url=url, seen=seen))


SEED = (
    # (days ago, code, family, region, actors, sentence)
    (0, "protest", "unrest", "PE-PUN", ["Dina Boluarte"], "Miles marcharon en Puno contra el gobierno."),
    (1, "blockade", "unrest", "PE-CUS", [], "Bloquean la vía Cusco-Puno por tercer día."),
    (
        2,
        "vacancy_motion",
        "institutional",
        "PE-LIM",
        ["Dina Boluarte", "Congreso"],
        "El Congreso admitió la moción de vacancia.",
    ),
    (
        3,
        "military_statement",
        "security",
        "PE-LIM",
        ["Comando Conjunto"],
        "Las Fuerzas Armadas emitieron un comunicado.",
    ),
    (5, "sanctions", "economic", "", ["Estados Unidos"], "Washington anunció sanciones."),
    (8, "protest", "unrest", "PE-ARE", ["Martín Vizcarra"], "Protesta en Arequipa por la detención."),
)


def seed(core: App, now: datetime | None = None) -> dict[str, int]:
    """Coded events with documents and outlets (one with a hostile title, one with hostile links)."""
    now = now or datetime.now(UTC)
    ids: dict[str, int] = {}
    with core.store.write() as conn:
        for n, (ago, code, family, region, actors, sentence) in enumerate(SEED):
            when = now - timedelta(days=ago)
            title = XSS_TITLE if n == 0 else f"Nota {n}: {sentence}"
            doc = _doc(conn, n, title, f"https://diario.example.pe/nota-{n}", when)
            _outlet(conn, doc, "Diario Ejemplo", f"https://diario.example.pe/nota-{n}", when)
            if n == 0:
                _outlet(conn, doc, XSS_OUTLET, "javascript:alert(document.cookie)", when)
                _outlet(conn, doc, "Datos", "data:text/html,<script>alert(3)</script>", when)
            if n == 2:
                _outlet(conn, doc, "Otro Medio", "https://otro.example.pe/vacancia", when)
            event_id = conn.execute(
                events.insert().values(
                    document_id=doc,
                    code=code,
                    family=family,
                    modality="actual",
                    confidence=0.8 - n * 0.05,
                    evidence=sentence,
                    country="PE",
                    region=region,
                    date=when.date(),
                    actors=[{"name": a} for a in actors],
                    detail={},
                )
            ).inserted_primary_key[0]
            ids[code if code not in ids else f"{code}-{n}"] = int(event_id)
        conn.execute(
            sources.insert().values(
                url="https://diario.example.pe/rss",
                name="Diario Ejemplo",
                country="PE",
                lang="es",
                kind="feed",
                added=now - timedelta(days=30),
                last_success=now - timedelta(hours=1),
                last_new_item=now - timedelta(hours=2),
                error_streak=0,
                items_total=120,
                usual_interval=3600.0,
            )
        )
        conn.execute(
            sources.insert().values(
                url="https://caido.example.pe/rss",
                name="Caído",
                country="PE",
                lang="es",
                kind="feed",
                added=now - timedelta(days=30),
                error_streak=5,
                last_error="HTTP 503",
                items_total=0,
            )
        )
    return ids


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo replay stored once per session; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    core = App(load_settings(env={}, overrides={"database_url": f"sqlite:///{path}"}))
    origin, demo = pipeline.demo_events("PE")
    for _ in pipeline.replay_institutions(core, "PE", demo, origin):
        pass
    core.close()
    return path


def make_core(db: Path, **overrides: Any) -> App:
    values = {
        "database_url": f"sqlite:///{db}",
        "admin_password_hash": hash_password(PASSWORD),
        "allow_private_hosts": True,
        "login_attempts": 3,
    } | overrides
    return App(load_settings(env={}, overrides=values))


@pytest.fixture
def core(template_db: Path, tmp_path: Path) -> Iterator[App]:
    db = tmp_path / "c.db"
    shutil.copy(template_db, db)
    app = make_core(db)
    app.seeded = seed(app)  # type: ignore[attr-defined]
    yield app
    app.close()


@pytest.fixture
def asgi(core: App) -> Any:
    from centinela.web import create_app

    return create_app(core)


@pytest.fixture
async def client(asgi: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


def day(offset: int = 0) -> str:
    """A day relative to today in UTC, as the seeded events are dated."""
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


def count_rows(core: App, table: sa.Table) -> int:
    with core.store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"

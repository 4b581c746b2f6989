"""Fixtures for the alerts tests: an App on a fresh database, local receivers, alerts to raise."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from centinela.alerts.testing import ReceiverServer
from centinela.app import App
from centinela.model import Alert
from centinela.settings import load_settings


def make_alert(n: int = 1, **changes: Any) -> Alert:
    fields: dict[str, Any] = {
        "key": f"test:{n}",
        "country": "PE",
        "kind": "institutional",
        "code": "vacancy_admitted",
        "date": date(2020, 11, 1 + n % 28),
        "title": f"Vacancy motion {n} admitted",
        "body": "Congress admitted the motion with 60 votes; 52 needed.",
        "level": "high",
        "rule_id": "PE.vacancy.admission",
        "evidence": ({"url": f"https://news.example.org/{n}", "outlet": "Example", "sentence": "Admitted."},),
    }
    return Alert(**(fields | changes))


def make_app(tmp_path: Path, url: str | None = None, **overrides: Any) -> App:
    values = {"database_url": url or f"sqlite:///{tmp_path / 'alerts.db'}", "allow_private_hosts": True}
    return App(load_settings(env={}, overrides=values | overrides))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = make_app(tmp_path)
    yield built
    built.close()


@pytest.fixture
def receiver() -> Iterator[ReceiverServer]:
    server = ReceiverServer().start()
    yield server
    server.stop()


@dataclass
class Mailbox:
    port: int
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    """A local SMTP server (aiosmtpd) without TLS that accepts any login, keeping every message."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    box = Mailbox(_free_port())
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=box.port,
        auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=True),
    )
    controller.start()
    yield box
    controller.stop()

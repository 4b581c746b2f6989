"""Running the dashboard: in the foreground (`centinela serve`) or beside `centinela watch` in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

from centinela.errors import CentinelaError


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CentinelaError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _url(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _server(core: Any) -> uvicorn.Server:
    from centinela.web.app import create_app

    config = uvicorn.Config(
        create_app(core),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config)


def serve(core: Any, host: str, port: int, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``on_ready`` gets the address once the socket is listening."""
    sock = _bind(host, port)
    server = _server(core)
    if on_ready is not None:
        on_ready(_url(sock, host))
    server.run(sockets=[sock])


def serve_in_background(
    core: Any, host: str | None = None, port: int | None = None
) -> tuple[str, Callable[[], None]]:
    """Start the dashboard in a daemon thread; return its address and a function that stops it.

    Host and port default to the web_host and web_port settings; port 0 picks a free port. The socket
    is bound before this returns, so the address answers at once. Raises CentinelaError when the
    address is taken.
    """
    host = core.settings.web_host if host is None else host
    sock = _bind(host, core.settings.web_port if port is None else port)
    server = _server(core)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="centinela-web", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return _url(sock, host), stop

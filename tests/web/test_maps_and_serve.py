"""The maps drawn from the bundled GeoJSON, and the dashboard served on a real socket (serve and watch)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from centinela.web import maps, serve_in_background

from .conftest import make_core


def test_peru_has_its_25_departments_with_iso_codes() -> None:
    shape = maps.peru_departments()
    codes = {a.code for a in shape.areas}
    assert len(shape.areas) == 25 and "PE-LIM" in codes and "PE-CAL" in codes and "" not in codes
    assert all(a.path.startswith("M") and a.path.endswith("Z") for a in shape.areas)
    assert 0 < shape.height < 2 * shape.width


def test_world_map_knows_peru() -> None:
    shape = maps.world()
    peru = [a for a in shape.areas if a.code == "PE"]
    assert len(peru) == 1 and peru[0].name == "Peru"


def test_shades_and_legend_agree() -> None:
    assert maps.shade(0, 10) == maps.EMPTY
    assert maps.shade(10, 10) == maps.PALETTE[-1]
    assert maps.shade(1, 10) == maps.PALETTE[0]
    assert [label for _, label in maps.legend(10)] == ["0", "1", "2–3", "4–5", "6–7", "8–10"]
    assert maps.legend(2) == [(maps.EMPTY, "0"), (maps.PALETTE[2], "1"), (maps.PALETTE[4], "2")]
    for top in (1, 2, 3, 7, 10, 99, 1234):  # every count falls in the legend entry of its own colour
        entries = maps.legend(top)
        for value in range(1, top + 1):
            colour = maps.shade(value, top)
            label = next(lab for col, lab in entries if col == colour)
            low, _, high = label.partition("–")
            assert int(low) <= value <= int(high or low), (top, value, label)


def test_serve_in_background_answers_and_stops(template_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    shutil.copy(template_db, db)
    core = make_core(db)
    url, stop = serve_in_background(core, "127.0.0.1", 0)
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        r = httpx.get(url, timeout=10)
        assert r.status_code == 200 and "Per" in r.text
        assert httpx.get(url + "openapi.json", timeout=10).status_code == 200
    finally:
        stop()
        core.close()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.socket() as s:  # the port is free again
        s.bind(("127.0.0.1", port))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_centinela_serve_command(template_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    shutil.copy(template_db, db)
    port = _free_port()
    cli = Path(sys.executable).with_name("centinela")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENTINELA_")}
    proc = subprocess.Popen(
        [str(cli), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("centinela serve did not answer")
        assert r.status_code == 200 and "Per" in r.text
        assert "Content-Security-Policy" in r.headers or "content-security-policy" in r.headers
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert f"dashboard at http://127.0.0.1:{port}/" in err.decode()
    assert "Traceback" not in err.decode()


def test_serve_refuses_a_busy_port(template_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    shutil.copy(template_db, db)
    cli = Path(sys.executable).with_name("centinela")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [str(cli), "--db", str(db), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_hash_password_prints_an_argon2_hash() -> None:
    cli = Path(sys.executable).with_name("centinela")
    done = subprocess.run(
        [str(cli), "serve", "--hash-password"],
        input="long enough secret\nlong enough secret\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip().splitlines()[-1].startswith("$argon2id$")

"""Outside text shown as text, only http(s) links, security headers, and the admin behind its login."""

from __future__ import annotations

import re

import httpx
import pytest
import sqlalchemy as sa

from centinela.store.schema import audit_log, events, subscriptions, web_sessions
from centinela.web.safety import safe_next, safe_url

from .conftest import PASSWORD, count_rows

pytestmark = pytest.mark.anyio


async def login(client: httpx.AsyncClient, password: str = PASSWORD, user: str = "admin") -> httpx.Response:
    page = await client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return await client.post(
        "/login", data={"user": user, "password": password, "csrf": token, "next": "/admin"}
    )


async def csrf_of(client: httpx.AsyncClient, path: str = "/admin") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', (await client.get(path)).text).group(1)


async def test_security_headers_on_pages_and_api(client: httpx.AsyncClient) -> None:
    for path in ("/", "/api/countries", "/static/app.css", "/openapi.json"):
        headers = (await client.get(path)).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/events", "/alerts"])
async def test_stored_xss_renders_as_text(client: httpx.AsyncClient, path: str) -> None:
    text = (await client.get(path)).text
    assert "<script>alert" not in text and "<img src=x" not in text and "<b onmouseover" not in text
    if path == "/events":
        assert (
            "&lt;img src=x onerror=&#34;alert(&#39;xss&#39;)&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
            in text
        )
        assert "&lt;b onmouseover=alert(2)&gt;Diario Falso&lt;/b&gt;" in text


async def test_javascript_and_data_links_are_never_links(client: httpx.AsyncClient, core) -> None:
    for path in ("/events", f"/events/{core.seeded['protest']}"):
        text = (await client.get(path)).text
        assert not re.search(r'href="\s*(javascript|data|vbscript):', text, re.I)
        assert "Diario Falso" in text  # the outlet is still named, as text


async def test_document_text_loses_its_markup(client: httpx.AsyncClient, core) -> None:
    text = (await client.get(f"/events/{core.seeded['protest']}")).text
    assert "Texto de la nota 0." in text and "alert('body')" not in text


def test_safe_url_and_safe_next() -> None:
    assert safe_url("https://diario.example.pe/a?b=1") == "https://diario.example.pe/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
        "/relative",
        "http://",
        "",
        None,
    ):
        assert safe_url(bad) is None, bad
    assert safe_next("/admin") == "/admin"
    for bad in ("//evil.example", "https://evil.example", "/\\evil.example", "", None):
        assert safe_next(bad) == "/"


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/admin"),
        ("GET", "/admin/events/new"),
        ("GET", "/admin/audit"),
        ("POST", "/admin/subscriptions"),
        ("POST", "/admin/sources"),
        ("POST", "/admin/events/new"),
        ("POST", "/admin/subscriptions/1/delete"),
    ],
)
async def test_admin_refuses_without_a_session(client: httpx.AsyncClient, method: str, path: str) -> None:
    r = await client.request(method, path, data={"channel": "json://localhost/x", "all": "on"})
    if method == "GET":
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
    else:
        assert r.status_code == 403


async def test_login_sets_a_strict_session_and_logout_ends_it(client: httpx.AsyncClient, core) -> None:
    r = await login(client)
    assert r.status_code == 303 and r.headers["location"] == "/admin"
    cookie = r.headers["set-cookie"]
    assert "centinela_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert count_rows(core, web_sessions) == 1
    with core.store.read() as conn:  # only the token's hash is stored
        stored = conn.execute(sa.select(web_sessions.c.token_hash)).scalar()
    assert stored not in cookie
    assert (await client.get("/admin")).status_code == 200
    token = await csrf_of(client)
    out = await client.post("/logout", data={"csrf": token})
    assert out.status_code == 303 and count_rows(core, web_sessions) == 0
    assert (await client.get("/admin")).status_code == 303


async def test_wrong_password_and_rate_limit(client: httpx.AsyncClient) -> None:
    for _ in range(3):  # login_attempts is 3 in these tests
        assert (await login(client, password="wrong")).status_code == 401
    blocked = await login(client)  # even the right password waits now
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


async def test_unknown_user_is_refused(client: httpx.AsyncClient) -> None:
    assert (await login(client, user="root")).status_code == 401


async def test_login_form_needs_its_token(client: httpx.AsyncClient) -> None:
    r = await client.post("/login", data={"user": "admin", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403


async def test_admin_forms_need_the_session_token(client: httpx.AsyncClient, core) -> None:
    await login(client)
    r = await client.post(
        "/admin/subscriptions", data={"channel": "json://localhost/hook", "all": "on", "csrf": "forged"}
    )
    assert r.status_code == 403 and count_rows(core, subscriptions) == 0
    token = await csrf_of(client)
    other = await client.post(
        "/admin/subscriptions",
        headers={"origin": "https://evil.example"},
        data={"channel": "json://localhost/hook", "all": "on", "csrf": token},
    )
    assert other.status_code == 403 and count_rows(core, subscriptions) == 0


async def test_add_and_remove_a_subscription(client: httpx.AsyncClient, core) -> None:
    await login(client)
    token = await csrf_of(client)
    r = await client.post(
        "/admin/subscriptions",
        data={
            "channel": "json://user:s3cret@localhost:8080/hook",
            "codes": "vacancy_passed, congress_dissolved",
            "levels": "high",
            "countries": "PE",
            "tz": "America/Lima",
            "csrf": token,
        },
    )
    assert r.status_code == 303
    page = (await client.get("/admin")).text
    assert "s3cret" not in page and "vacancy_passed" in page
    with core.store.read() as conn:
        sub_id = conn.execute(sa.select(subscriptions.c.id)).scalar()
        logged = conn.execute(sa.select(audit_log.c.username, audit_log.c.after)).first()
    assert logged.username == "admin" and "s3cret" not in str(logged.after)
    bad = await client.post(
        "/admin/subscriptions", data={"channel": "json://localhost/x", "levels": "loud", "csrf": token}
    )
    assert bad.status_code == 400 and "unknown level" in bad.text
    await client.post(f"/admin/subscriptions/{sub_id}/delete", data={"csrf": token})
    assert count_rows(core, subscriptions) == 0


async def test_add_a_source_refuses_non_http(client: httpx.AsyncClient) -> None:
    await login(client)
    token = await csrf_of(client)
    bad = await client.post("/admin/sources", data={"url": "javascript:alert(1)", "csrf": token})
    assert bad.status_code == 400
    ok = await client.post(
        "/admin/sources",
        data={"url": "https://nuevo.example.pe/rss", "name": "Nuevo", "country": "PE", "csrf": token},
    )
    assert ok.status_code == 303
    assert "https://nuevo.example.pe/rss" in (await client.get("/admin")).text


async def test_enter_and_correct_an_event_keeps_who_changed_what(client: httpx.AsyncClient, core) -> None:
    await login(client)
    token = await csrf_of(client, "/admin/events/new")
    form = {
        "code": "protest",
        "modality": "actual",
        "date": "2024-01-15",
        "country": "PE",
        "region": "PE-PUN",
        "evidence": "Marcha en Juliaca <b>hoy</b>.",
        "actors": "CGTP, Frente de Defensa",
        "confidence": "0.9",
        "source_url": "https://diario.example.pe/marcha",
        "csrf": token,
    }
    r = await client.post("/admin/events/new", data=form)
    assert r.status_code == 303
    event_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = await client.post(
        f"/admin/events/{event_id}/edit", data=form | {"code": "strike", "confidence": "0.6"}
    )
    assert r.status_code == 303
    with core.store.read() as conn:
        row = conn.execute(sa.select(events).where(events.c.id == event_id)).mappings().first()
    assert row["code"] == "strike" and row["family"] == "unrest" and row["detail"]["corrected_by"] == "admin"
    assert row["actors"] == [{"name": "CGTP"}, {"name": "Frente de Defensa"}]
    page = (await client.get(f"/events/{event_id}")).text
    assert "Marcha en Juliaca &lt;b&gt;hoy&lt;/b&gt;." in page
    assert "admin — correct (code, confidence)" in page and "admin — create" in page
    bad = await client.post("/admin/events/new", data=form | {"code": "coup_of_the_month"})
    assert bad.status_code == 400 and "unknown event code" in bad.text
    bad = await client.post("/admin/events/new", data=form | {"source_url": "javascript:alert(1)"})
    assert bad.status_code == 400
    missing = await client.post("/admin/events/999999/edit", data=form)
    assert missing.status_code == 404


async def test_open_redirect_after_login_is_refused(client: httpx.AsyncClient) -> None:
    page = await client.get("/login?next=//evil.example/x")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert 'value="//evil.example/x"' not in page.text
    r = await client.post(
        "/login", data={"user": "admin", "password": PASSWORD, "csrf": token, "next": "https://evil.example"}
    )
    assert r.headers["location"] == "/admin"


async def test_public_pages_know_who_is_logged_in(client: httpx.AsyncClient, core) -> None:
    await login(client)
    text = (await client.get(f"/events/{core.seeded['protest']}", headers={"accept-language": "en"})).text
    assert "Log out" in text and f"/admin/events/{core.seeded['protest']}/edit" in text
    client.cookies.clear()
    text = (await client.get(f"/events/{core.seeded['protest']}", headers={"accept-language": "en"})).text
    assert "Log out" not in text and "/edit" not in text


async def test_chart_data_cannot_close_its_script_block(client: httpx.AsyncClient, core) -> None:
    from centinela.store.institutions import save_verdict

    hostile = "</script><script>alert(1)</script><!--"
    row = {"date": "2021-12-20", "event_type": "vacancy_vote", "subject": hostile}
    verdict = {
        "date": "2021-12-20",
        "event_type": "vacancy_vote",
        "subject": hostile,
        "alerts": [],
        "state": {},
    }
    with core.store.write() as conn:
        save_verdict(conn, "PE", "test", 1, row, verdict)
    text = (await client.get("/timeline?all=1")).text
    block = text.split('id="timeline-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003c/script\\u003e" in block
    assert text.count("<script") == 3  # app.js, plotly, and the JSON block: nothing injected

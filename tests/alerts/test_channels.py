"""Channels: masking and validation per scheme (table-driven, like Apprise's own tests), real sends."""

from __future__ import annotations

import pytest

from centinela.alerts.channels import (
    check_host,
    is_private_address,
    mask_url,
    scrub,
    secrets_of,
    send,
    validate_channel,
)
from centinela.alerts.errors import ChannelError
from centinela.alerts.render import Message
from centinela.alerts.testing import ReceiverServer

# (url, how it is shown, secrets that must not appear)
MASKING = [
    ("json://127.0.0.1:8080/hook", "json://127.0.0.1:8080/hook", []),
    (
        "jsons://user:hunter22@hooks.example.org/in?x=1",
        "jsons://user:***@hooks.example.org/in?x=1",
        ["hunter22"],
    ),
    ("xml://example.org/path?token=abcdef123", "xml://example.org/path?token=***", ["abcdef123"]),
    ("form://example.org/f?apikey=zzzz9999&to=me", "form://example.org/f?apikey=***&to=me", ["zzzz9999"]),
    (
        "mailto://user:pass1234@smtp.example.org?to=a@b.org",
        "mailto://user:***@smtp.example.org?to=a@b.org",
        ["pass1234"],
    ),
    ("mailtos://ana:s3cr3t!@mail.example.org:465", "mailtos://ana:***@mail.example.org:465", ["s3cr3t!"]),
    (
        "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general",
        "slack://T1***/A1***/TI***/#general",
        ["T1JJ3T3L2", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ"],
    ),
    ("tgram://123456789:AAHbotTOKENvalue/987654", "tgram://12***/***", ["AAHbotTOKENvalue", "123456789"]),
    (
        "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",
        "discord://41***/JH***",
        ["4174216298", "JHMHI8qBe7bk2ZwO5U711o3dV_js"],
    ),
    (
        "matrix://bot:m4trixpass@matrix.example.org/#alerts",
        "matrix://bot:***@matrix.example.org/#alerts",
        ["m4trixpass"],
    ),
    ("gotify://gotify.example.org/AbCdEfGhIjKl", "gotify://gotify.example.org/AbCdEfGhIjKl", []),
    (
        "ntfys://ntfy.example.org/topic?auth=tk_123456",
        "ntfys://ntfy.example.org/topic?auth=***",
        ["tk_123456"],
    ),
    ("pover://userkey1234@apptoken5678", "pover://us***@ap***", ["userkey1234", "apptoken5678"]),
    ("not a url", "***", []),
]


@pytest.mark.parametrize(("url", "shown", "secrets"), MASKING, ids=[m[0].split(":")[0] for m in MASKING])
def test_mask_url(url: str, shown: str, secrets: list[str]) -> None:
    masked = mask_url(url)
    assert masked == shown
    for secret in secrets:
        assert secret not in masked


@pytest.mark.parametrize(("url", "shown", "secrets"), MASKING, ids=[m[0].split(":")[0] for m in MASKING])
def test_scrub_removes_every_secret_from_error_text(url: str, shown: str, secrets: list[str]) -> None:
    text = f"failed posting to {url} with " + " ".join(secrets)
    cleaned = scrub(text, url)
    for secret in secrets:
        assert secret not in cleaned
    assert set(secrets) <= set(secrets_of(url)) | {s for s in secrets if len(s) < 4}


# (url, allowed with private hosts off, allowed with them on)
VALIDATION = [
    ("json://127.0.0.1:9/hook", False, True),
    ("json://localhost/hook", False, True),
    ("jsons://10.1.2.3/hook", False, True),
    ("xml://[::1]:8080/x", False, True),
    ("form://169.254.169.254/latest/meta-data", False, True),  # cloud metadata: link-local
    ("mailto://user:pw@192.168.1.5:25?from=a@b.org&to=c@d.org", False, True),
    ("json://8.8.8.8/hook", True, True),  # a public literal address needs no lookup
    (
        "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general",
        True,
        True,
    ),  # a cloud service: no host check
    ("tgram://123456789:AAHbotTOKENvalue/987654", True, True),
]


@pytest.mark.parametrize(("url", "public_ok", "private_ok"), VALIDATION, ids=[v[0][:22] for v in VALIDATION])
def test_validate_channel_guards_private_hosts(url: str, public_ok: bool, private_ok: bool) -> None:
    for allow, ok in ((False, public_ok), (True, private_ok)):
        if ok:
            assert validate_channel(url, allow) == url
        else:
            with pytest.raises(ChannelError, match="private or loopback"):
                validate_channel(url, allow)


@pytest.mark.parametrize("url", ["nope://x", "json://", "", "mailto://user:sekrit99@", "http//x"])
def test_validate_channel_rejects_unknown_urls_without_leaking_them(url: str) -> None:
    with pytest.raises(ChannelError) as caught:
        validate_channel(url, True)
    assert "sekrit99" not in str(caught.value)


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("172.16.0.1", True),
        ("192.168.0.1", True),
        ("169.254.1.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:127.0.0.1", True),
        ("fc00::1", True),
        ("224.0.0.1", True),
        ("8.8.8.8", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_is_private_address(address: str, private: bool) -> None:
    assert is_private_address(address) is private


def test_check_host_lets_unresolvable_names_fail_later() -> None:
    check_host("no-such-host.invalid", allow_private=False)


def test_send_to_a_webhook_carries_the_key_in_header_and_payload(receiver: ReceiverServer) -> None:
    message = Message("Title", "Body with https://example.org/e", "cn-abc", (7, 9))
    send(receiver.url("/hook"), message, timeout=5, allow_private=True)
    [got] = receiver.records
    assert got["key"] == "cn-abc" and got["alert_ids"] == [7, 9]
    assert got["title"] == "Title" and "https://example.org/e" in got["body"]


def test_send_refuses_a_private_host_when_not_allowed(receiver: ReceiverServer) -> None:
    with pytest.raises(ChannelError, match="private"):
        send(receiver.url(), Message("t", "b", "k", (1,)), timeout=5, allow_private=False)
    assert receiver.records == []


def test_send_failure_is_a_channel_error_without_secrets() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    url = f"json://user:topsecret1@127.0.0.1:{port}/hook"
    with pytest.raises(ChannelError) as caught:
        send(url, Message("t", "b", "k", (1,)), timeout=2, allow_private=True)
    assert "topsecret1" not in str(caught.value)


def test_send_reports_an_http_error_status() -> None:
    server = ReceiverServer(fail_first=1).start()
    try:
        with pytest.raises(ChannelError):
            send(server.url(), Message("t", "b", "k", (1,)), timeout=5, allow_private=True)
    finally:
        server.stop()


def test_send_email_through_a_local_smtp_server(smtp) -> None:  # type: ignore[no-untyped-def]
    url = f"mailto://ana:mailpass9@127.0.0.1:{smtp.port}?from=alerts@example.org&to=desk@example.org"
    send(url, Message("Vacancy passed", "Congress voted 105 for. https://x.pe/1", "cn-mail", (3,)), 5, True)
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["desk@example.org"]
    text = envelope.content.decode("utf-8", "replace")
    assert "Vacancy passed" in text and "Idempotency-Key: cn-mail" in text

"""What a subscriber reads: every message names its alerts' ids and keys and its evidence."""

from __future__ import annotations

from datetime import date

import pytest

from centinela.alerts.render import MAX_EVIDENCE, alert_title, batch_key, render

ALERT = {
    "id": 12,
    "key": "engine:PE:2020-11-09:vacancy_passed",
    "country": "PE",
    "kind": "institutional",
    "code": "vacancy_passed",
    "level": "critical",
    "date": date(2020, 11, 9),
    "rule_id": "PE.vacancy.vote",
    "title": "Congress declared the presidency vacant",
    "body": "105 votes for; 87 needed (2/3 of 130).",
    "evidence": [
        {"url": "https://www.congreso.gob.pe/a", "outlet": "Congreso", "sentence": "Se aprobó la vacancia."},
        {"url": "https://elcomercio.pe/b", "outlet": "El Comercio"},
    ],
}


def test_one_alert_says_what_where_when_why_and_the_evidence() -> None:
    message = render([ALERT], "cn-1")
    assert message.title == "[PE] CRITICAL Congress declared the presidency vacant"
    for needle in (
        "105 votes for; 87 needed",
        "Where: Peru (PE)",
        "When: 2020-11-09",
        "rule PE.vacancy.vote",
        "level critical",
        "Evidence (2 sources):",
        "Congreso: \u201cSe aprobó la vacancia.\u201d",
        "https://elcomercio.pe/b",
        "alert #12",
        "key engine:PE:2020-11-09:vacancy_passed",
        "cn-1",
    ):
        assert needle in message.body, needle
    assert message.alert_ids == (12,) and message.key == "cn-1"


def test_two_alerts_never_render_the_same_text() -> None:
    twin = ALERT | {"id": 13, "key": "engine:PE:2020-11-09:vacancy_passed:2"}
    assert (
        render([ALERT], batch_key([ALERT["key"]], 1)).body != render([twin], batch_key([twin["key"]], 1)).body
    )


def test_a_digest_lists_every_alert() -> None:
    other = ALERT | {"id": 14, "key": "k14", "country": "BO", "title": "Protest"}
    message = render([ALERT, other], "cn-d", digest="daily")
    assert message.title == "centinela daily digest: 2 alerts (BO, PE)"
    assert "1. Congress declared" in message.body and "2. Protest" in message.body
    assert "alert #12" in message.body and "alert #14" in message.body
    assert message.alert_ids == (12, 14)


def test_long_evidence_lists_are_cut_with_a_count() -> None:
    many = ALERT | {"evidence": [{"url": f"https://o{i}.pe/x"} for i in range(MAX_EVIDENCE + 5)]}
    body = render([many], "k").body
    assert f"Evidence ({MAX_EVIDENCE + 5} sources)" in body and "and 5 more sources" in body
    assert f"https://o{MAX_EVIDENCE}.pe/x" not in body


def test_batch_key_is_stable_and_separates_subscriptions() -> None:
    assert batch_key(["a", "b"], 1) == batch_key(["b", "a"], 1)
    assert batch_key(["a"], 1) != batch_key(["a"], 2)
    assert batch_key(["a"], 1, "2024-01-01") != batch_key(["a"], 1, "2024-01-02")
    assert len(batch_key(["x" * 500], 1)) <= 64


def test_render_needs_an_alert() -> None:
    with pytest.raises(ValueError):
        render([], "k")
    assert alert_title({"code": "x"}) == "x"

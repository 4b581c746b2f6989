"""Rules: which alerts a subscription receives. Pure functions, table-driven."""

from __future__ import annotations

import pytest

from centinela.alerts.errors import RuleError
from centinela.alerts.rules import Rule, is_escalation, level_rank, make_rule, matches, merge_evidence

ALERT = {
    "kind": "institutional",
    "code": "vacancy_admitted",
    "level": "high",
    "country": "PE",
    "title": "Vacancy motion against Vizcarra admitted",
    "body": "Congress admitted it in Lima with 60 votes.",
    "evidence": [
        {"sentence": "El Congreso admitió la moción en Perú.", "url": "https://a.pe/1", "place": "Cusco"}
    ],
}
OPERATOR = {"kind": "operator", "code": "channel_failing", "level": "warning", "country": "", "title": "x"}


@pytest.mark.parametrize(
    ("rule", "alert", "expected"),
    [
        (make_rule(all_=True), ALERT, True),
        (make_rule(codes=["vacancy_admitted"]), ALERT, True),
        (make_rule(codes=["VACANCY_ADMITTED", "censure"]), ALERT, True),
        (make_rule(codes=["institutional"]), ALERT, True),  # a kind works as a code family
        (make_rule(codes=["censure"]), ALERT, False),
        (make_rule(levels=["warning"]), ALERT, True),  # high ranks above warning
        (make_rule(levels=["high"]), ALERT, True),
        (make_rule(levels=["critical"]), ALERT, False),
        (make_rule(levels=["critical"]), ALERT | {"level": ""}, False),
        (make_rule(countries=["pe"]), ALERT, True),
        (make_rule(countries=["BO"]), ALERT, False),
        (make_rule(places=["lima"]), ALERT, True),  # in the body
        (make_rule(places=["CUSCO"]), ALERT, True),  # an evidence field
        (make_rule(places=["Arequipa"]), ALERT, False),
        (make_rule(keywords=["peru"]), ALERT, True),  # accents folded: 'Perú'
        (make_rule(keywords=["vizcarra", "castillo"]), ALERT, True),
        (make_rule(keywords=["castillo"]), ALERT, False),
        (make_rule(codes=["vacancy_admitted"], countries=["BO"]), ALERT, False),  # AND across dimensions
        (make_rule(codes=["vacancy_admitted"], levels=["watch"], countries=["PE"]), ALERT, True),
        (make_rule(all_=True), OPERATOR, False),  # operator alerts only when named
        (make_rule(levels=["calm"]), OPERATOR, False),
        (make_rule(codes=["channel_failing"]), OPERATOR, True),
        (make_rule(codes=["operator"]), OPERATOR, True),
        (make_rule(codes=["source_silent"]), OPERATOR, False),
    ],
)
def test_matches(rule: Rule, alert: dict, expected: bool) -> None:
    assert matches(rule, alert) is expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "say which alerts"),
        ({"all_": True, "codes": ["x"]}, "--all takes every alert"),
        ({"levels": ["apocalyptic"]}, "unknown level"),
        ({"countries": ["PER"]}, "two-letter"),
        ({"codes": ["  ", ""]}, "say which alerts"),
    ],
)
def test_make_rule_rejects(kwargs: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        make_rule(**kwargs)


def test_rule_round_trips_through_json_and_describes_itself() -> None:
    rule = make_rule(codes=["a", "a", "b"], countries=["pe"], keywords=["x"])
    assert rule.codes == ("a", "b")
    assert Rule.from_json(rule.to_json()) == rule
    assert rule.describe() == "code=a|b country=PE keyword=x"
    assert make_rule(all_=True).describe() == "all"


@pytest.mark.parametrize(
    ("previous", "current", "up"),
    [
        ("", "calm", True),
        ("watch", "warning", True),
        ("warning", "watch", False),
        ("alert", "alert", False),
        ("notice", "high", True),
        ("high", "critical", True),
        ("critical", "high", False),
    ],
)
def test_escalation(previous: str, current: str, up: bool) -> None:
    assert is_escalation(previous, current) is up
    assert level_rank("nonsense") == -1


def test_merge_evidence_lists_each_outlet_once() -> None:
    a = [{"url": "https://a/1", "outlet": "A"}, {"sentence": "Crowds in the square.", "outlet": "radio"}]
    b = [
        {"url": "https://a/1", "outlet": "A again"},
        {"url": "https://b/2", "outlet": "B"},
        {"sentence": "crowds in the SQUARE.", "outlet": "tv"},
    ]
    merged = merge_evidence(a, b)
    assert [e.get("url") or e["sentence"] for e in merged] == [
        "https://a/1",
        "Crowds in the square.",
        "https://b/2",
    ]
    assert merged[0]["outlet"] == "A"  # first seen wins

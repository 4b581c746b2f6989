"""The risk settings: documented rows of the settings table, read into one RiskConfig."""

from __future__ import annotations

import pytest

from centinela.errors import ConfigError
from centinela.settings import TABLE, load_settings
from centinela.signals import PARTS, RiskConfig


def test_the_settings_defaults_are_the_config_defaults() -> None:
    assert RiskConfig.from_settings(load_settings(env={})) == RiskConfig()


def test_every_weight_and_cut_off_is_a_documented_setting() -> None:
    names = {s.name: s for s in TABLE}
    for part in PARTS:
        assert names[f"risk_weight_{part}"].help
    for level in ("watch", "warning", "alert", "critical"):
        assert names[f"risk_level_{level}"].help
    assert "halved" in names["risk_half_life_days"].help


def test_settings_change_the_config() -> None:
    settings = load_settings(env={"CENTINELA_RISK_WEIGHT_UNREST": "40", "CENTINELA_RISK_HALF_LIFE_DAYS": "7"})
    config = RiskConfig.from_settings(settings)
    assert config.weights["unrest"] == 40 and config.decay == pytest.approx(0.5 ** (1 / 7))


def test_cut_offs_must_increase() -> None:
    with pytest.raises(ConfigError, match="increase"):
        RiskConfig.from_settings(load_settings(env={"CENTINELA_RISK_LEVEL_ALERT": "30"}))


@pytest.mark.parametrize(
    "score, previous, level",
    [
        (19.9, None, "calm"),
        (20, None, "watch"),
        (40, None, "warning"),
        (60, None, "alert"),
        (80, None, "critical"),
        (37.5, "warning", "warning"),
        (36.9, "warning", "watch"),
        (10, "critical", "calm"),
        (85, "calm", "critical"),
    ],
)
def test_levels_and_hysteresis(score: float, previous: str | None, level: str) -> None:
    assert RiskConfig().level(score, previous) == level

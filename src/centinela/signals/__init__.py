"""Signals: indicators, anomalies, coordination, tone, and the explainable risk score.

Pure functions over plain data (the engine's verdicts, coded event rows, documents with their outlets);
the only files read are package data (the tone lexicon, the Cline coup data). The edges are
``centinela.store.signals`` (queries) and ``centinela.cli.risk`` (the command).

    days = risk_series("PE", [verdict_record(v) for v in verdicts], events, pack=pack, config=config)
    for alert in risk_alerts(days):
        ...  # store with centinela.store.alerts.insert_alert
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from centinela.signals.anomaly import Anomaly
from centinela.signals.config import LEVELS, PARTS, RiskConfig
from centinela.signals.coordination import Cluster, coordinated, daily_candidates
from centinela.signals.explain import LevelChange, PartMove, change_alert, level_changes, risk_alerts
from centinela.signals.indicators import Indicators, daily_indicators
from centinela.signals.institutional import verdict_record
from centinela.signals.model import Evidence, RiskDay, SignalEvent, signal_event
from centinela.signals.parts import code_anomalies as _code_anomalies
from centinela.signals.risk import risk_series, tracked_actors
from centinela.signals.structural import Coup, base_rate, coup_history
from centinela.signals.table import EventTable, event_table
from centinela.signals.tone import Lexicon, Mention, mentions, packaged_lexicon, parse_lexicon, sentence_tone


def code_anomalies(
    events: Iterable[Mapping[str, Any] | SignalEvent] | EventTable,
    config: RiskConfig | None = None,
    min_surprise: float | None = None,
) -> list[Anomaly]:
    """Every (day, code) whose count is surprising against the code's own trailing baseline."""
    table = events if isinstance(events, EventTable) else event_table(events)
    return _code_anomalies(table, config, min_surprise)


__all__ = [
    "LEVELS",
    "PARTS",
    "Anomaly",
    "Cluster",
    "Coup",
    "EventTable",
    "Evidence",
    "Indicators",
    "LevelChange",
    "Lexicon",
    "Mention",
    "PartMove",
    "RiskConfig",
    "RiskDay",
    "SignalEvent",
    "base_rate",
    "change_alert",
    "code_anomalies",
    "coordinated",
    "coup_history",
    "daily_candidates",
    "daily_indicators",
    "event_table",
    "level_changes",
    "mentions",
    "packaged_lexicon",
    "parse_lexicon",
    "risk_alerts",
    "risk_series",
    "sentence_tone",
    "signal_event",
    "tracked_actors",
    "verdict_record",
]

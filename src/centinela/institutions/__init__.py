"""The institutional engine: a country's constitutional rules as dated data, applied event by event.

Pure code: it reads only its country packs (package data) and keeps no state between calls.

    pack = load_pack("PE")
    for verdict in replay(bundled_timeline(pack), pack):
        for alert in verdict.alerts:
            print(format_alert(verdict, alert))
"""

from __future__ import annotations

from centinela.institutions.alerts import ALERT_CODES, Alert
from centinela.institutions.engine import (
    Verdict,
    alert_key,
    bundled_timeline,
    evaluate,
    format_alert,
    initial_state,
    replay,
    replay_rows,
    state_at,
    status,
)
from centinela.institutions.outlook import next_thresholds, state_dict
from centinela.institutions.pack import CountryPack, known_countries, load_pack
from centinela.institutions.projection import Projection, composition, project, project_motion
from centinela.institutions.state import State
from centinela.institutions.thresholds import ThresholdSpec, compute_threshold, parse_spec
from centinela.institutions.timeline import ParsedRow, parse_timeline, parse_timeline_text

__all__ = [
    "ALERT_CODES",
    "Alert",
    "CountryPack",
    "ParsedRow",
    "Projection",
    "State",
    "ThresholdSpec",
    "Verdict",
    "alert_key",
    "bundled_timeline",
    "composition",
    "compute_threshold",
    "evaluate",
    "format_alert",
    "initial_state",
    "known_countries",
    "load_pack",
    "next_thresholds",
    "parse_spec",
    "parse_timeline",
    "parse_timeline_text",
    "project",
    "project_motion",
    "replay",
    "replay_rows",
    "state_at",
    "state_dict",
    "status",
]

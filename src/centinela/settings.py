"""One declarative table of settings, read from defaults, a TOML file and environment variables.

Precedence, lowest first: the defaults below, the TOML file (``--config PATH``, else
``$CENTINELA_CONFIG``, else ``centinela.toml`` in the user's config directory when it exists),
environment variables ``CENTINELA_<NAME>``, then explicit overrides (CLI options). The resulting
``Settings`` object is immutable and passed explicitly: nothing else in centinela reads the
environment.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from centinela.errors import ConfigError

APP = "centinela"
ENV_PREFIX = "CENTINELA_"


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    secret: bool = False
    check: Callable[[Any], bool] | None = None


def _positive(value: Any) -> bool:
    return value > 0


def _non_negative(value: Any) -> bool:
    return value >= 0


def _fraction(value: Any) -> bool:
    return 0.0 <= value <= 1.0


# The whole table: every setting centinela has, with its type, default and meaning (docs/settings.md
# is generated from it and a test keeps the two in step).
TABLE: tuple[Setting, ...] = (
    # Storage
    Setting(
        "database_url",
        str,
        "",
        "SQLAlchemy URL of the store; empty means the SQLite file "
        "centinela.db in data_dir (postgresql+psycopg://user:pass@host/db for a server).",
        secret=True,
    ),
    Setting(
        "data_dir",
        str,
        "",
        "Folder for the embedded database and caches; empty means the user's data directory (platformdirs).",
    ),
    # Countries
    Setting(
        "country", str, "PE", "Default country code (ISO 3166-1 alpha-2) for commands that take --country."
    ),
    # Fetching (I/O edge)
    Setting(
        "user_agent",
        str,
        "centinela/0.1 (+open early-warning monitor; polite crawler)",
        "User-Agent sent with every request; robots.txt rules are matched against 'centinela'.",
    ),
    Setting("connect_timeout", float, 5.0, "Seconds to wait for a connection.", check=_positive),
    Setting("read_timeout", float, 10.0, "Seconds to wait between bytes of a response.", check=_positive),
    Setting("total_timeout", float, 20.0, "Seconds for a whole response, body included.", check=_positive),
    Setting(
        "max_response_bytes",
        int,
        10_000_000,
        "Largest response accepted; a larger one is refused and nothing of it is stored.",
        check=_positive,
    ),
    Setting("max_redirects", int, 5, "Redirects followed before a fetch fails.", check=_non_negative),
    Setting("fetch_concurrency", int, 8, "Sources fetched at the same time.", check=_positive),
    Setting("per_host_concurrency", int, 2, "Requests to the same host at the same time.", check=_positive),
    Setting(
        "allow_private_hosts",
        bool,
        False,
        "Allow sources on loopback, private or link-local "
        "addresses (off: guards against server-side request forgery; tests turn it on).",
    ),
    Setting("respect_robots", bool, True, "Obey robots.txt of each host."),
    Setting("fetch_pages", bool, True, "Fetch each item's article page and extract its text."),
    Setting("poll_interval", float, 900.0, "Default seconds between polls of a source.", check=_positive),
    Setting(
        "poll_jitter", float, 0.1, "Random share of the interval added or removed per poll.", check=_fraction
    ),
    Setting(
        "backoff_max", float, 86_400.0, "Longest wait, in seconds, after repeated errors.", check=_positive
    ),
    Setting(
        "future_tolerance_hours",
        float,
        24.0,
        "A publication date further in the future than this is flagged and not trusted.",
        check=_non_negative,
    ),
    Setting(
        "past_limit_days",
        float,
        3650.0,
        "A publication date older than this is flagged as far past (live ingestion; a backfill takes "
        "an archive's dates however old).",
        check=_positive,
    ),
    Setting(
        "near_duplicate_bits",
        int,
        5,
        "Largest SimHash Hamming distance between two texts that "
        "counts them as the same story (found exactly up to 5).",
        check=_non_negative,
    ),
    Setting(
        "near_duplicate_window_hours",
        float,
        72.0,
        "Two texts are compared as the same story only "
        "when published within this many hours of each other (a daily template is not yesterday's story).",
        check=_positive,
    ),
    Setting(
        "silent_factor",
        float,
        4.0,
        "A source is silent after this many times its usual interval without a new item.",
        check=_positive,
    ),
    Setting(
        "failing_streak",
        int,
        3,
        "Consecutive errors after which a source is flagged as failing.",
        check=_positive,
    ),
    # Alerts delivery (the outbox worker and its channels)
    Setting(
        "alert_retry_base",
        float,
        30.0,
        "Seconds before the first retry of a failed delivery; each "
        "later retry waits twice as long (exponential backoff).",
        check=_positive,
    ),
    Setting(
        "alert_retry_max",
        float,
        3600.0,
        "Longest wait, in seconds, between two delivery attempts.",
        check=_positive,
    ),
    Setting(
        "alert_max_attempts",
        int,
        8,
        "Delivery attempts before a message is given up as dead and an operator alert is raised.",
        check=_positive,
    ),
    Setting(
        "alert_timeout", float, 10.0, "Seconds a channel may take to accept one message.", check=_positive
    ),
    Setting(
        "outbox_lease",
        float,
        120.0,
        "Seconds a claimed outbox message stays with its worker; after "
        "that (the worker died) another worker sends it again under the same idempotency key.",
        check=_positive,
    ),
    Setting(
        "outbox_backlog",
        int,
        100,
        "Messages due and undelivered above which the outbox is reported as backing up (an operator alert).",
        check=_positive,
    ),
    Setting(
        "digest_hour",
        int,
        8,
        "Local hour (0-23, subscriber's time zone) at which daily digests go out.",
        check=lambda v: 0 <= v <= 23,
    ),
    # Dashboard and API (centinela serve; watch serves them too)
    Setting(
        "web_host", str, "127.0.0.1", "Address the dashboard listens on (0.0.0.0 exposes it to the network)."
    ),
    Setting("web_port", int, 8000, "Port of the dashboard and API.", check=lambda v: 0 <= v <= 65535),
    Setting("admin_user", str, "admin", "Name of the dashboard's administrator account."),
    Setting(
        "admin_password_hash",
        str,
        "",
        "argon2 hash of the administrator's password (make one with "
        "`centinela serve --hash-password`); empty disables that account.",
        secret=True,
    ),
    Setting(
        "session_hours", float, 12.0, "Hours an admin session lasts without a new login.", check=_positive
    ),
    Setting("secure_cookies", bool, False, "Send the session cookie only over HTTPS (turn on behind TLS)."),
    Setting(
        "login_attempts",
        int,
        5,
        "Failed logins allowed per client address within login_window.",
        check=_positive,
    ),
    Setting("login_window", float, 300.0, "Seconds over which failed logins are counted.", check=_positive),
    # Signals and the risk score (centinela.signals): each part adds at most its weight in points to a
    # score capped at 100; the level is the highest cut-off the score reaches.
    Setting(
        "risk_weight_institutional",
        float,
        70.0,
        "Most points of the institutional part: the engine's "
        "state (open vacancy motions by their projected votes, denials toward dissolution, a dissolved "
        "Congress) plus its acts (engine alerts by level, unconstitutional acts), decaying.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_unrest",
        float,
        25.0,
        "Most points of the unrest part: surprising counts of "
        "protests, strikes, blockades, riots, repression and their deaths.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_security",
        float,
        30.0,
        "Most points of the security part: surprising counts of "
        "military statements, coup attempts, self-coups, arrests of officials, political violence, "
        "deaths.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_economic",
        float,
        10.0,
        "Most points of the economic part: sanctions, market stress, foreign aid suspended.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_external",
        float,
        10.0,
        "Most points of the external part: foreign pressure, support and diplomatic action.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_information",
        float,
        10.0,
        "Most points of the information part: disinformation, "
        "press freedom, coordinated stories across outlets, bursts of negative coverage of an actor.",
        check=_non_negative,
    ),
    Setting(
        "risk_weight_structural",
        float,
        10.0,
        "Most points of the structural base rate: the "
        "country's coup history (Cline Center), older coups weighing less.",
        check=_non_negative,
    ),
    Setting(
        "risk_level_watch",
        float,
        20.0,
        "Score (0-100) from which the level is watch (below: calm).",
        check=_non_negative,
    ),
    Setting("risk_level_warning", float, 40.0, "Score from which the level is warning.", check=_non_negative),
    Setting("risk_level_alert", float, 60.0, "Score from which the level is alert.", check=_non_negative),
    Setting(
        "risk_level_critical", float, 80.0, "Score from which the level is critical.", check=_non_negative
    ),
    Setting(
        "risk_hysteresis",
        float,
        3.0,
        "Points a score must fall below a cut-off before the level "
        "drops, so a score hovering at a cut-off does not flap.",
        check=_non_negative,
    ),
    Setting(
        "risk_half_life_days",
        float,
        21.0,
        "Days after which the pressure of an act (an engine alert, "
        "a burst of events) has halved, so calm returns.",
        check=_positive,
    ),
    Setting(
        "risk_vacancy_points",
        float,
        40.0,
        "Institutional points of an open vacancy motion whose "
        "projected votes (those who admitted it) reach the removal threshold; fewer votes give a share "
        "(60 of 87 gives 69%); a motion filed but not admitted gives a quarter.",
        check=_non_negative,
    ),
    Setting(
        "risk_denial_points",
        float,
        15.0,
        "Institutional points when the cabinets denied or censured "
        "reach the number that enables dissolution; fewer give a share (one of two: half).",
        check=_non_negative,
    ),
    Setting(
        "risk_dissolved_points",
        float,
        15.0,
        "Institutional points while Congress stays dissolved.",
        check=_non_negative,
    ),
    Setting(
        "risk_act_critical",
        float,
        40.0,
        "Points of an engine alert of level critical (a removal, a "
        "dissolution, a resignation), decaying with the half-life.",
        check=_non_negative,
    ),
    Setting(
        "risk_act_high",
        float,
        10.0,
        "Points of an engine alert of level high (a vacancy motion "
        "admitted, dissolution enabled, a succession), decaying.",
        check=_non_negative,
    ),
    Setting(
        "risk_act_notice",
        float,
        5.0,
        "Points of an engine alert of level notice (a cabinet crisis), decaying.",
        check=_non_negative,
    ),
    Setting(
        "risk_unconstitutional_points",
        float,
        30.0,
        "Points of an act the engine judges unconstitutional (a disputed one counts half), decaying.",
        check=_non_negative,
    ),
    Setting(
        "risk_coup_half_life_years",
        float,
        25.0,
        "Years after which a past coup's weight in the structural base rate has halved.",
        check=_positive,
    ),
    Setting(
        "signals_baseline_days",
        int,
        180,
        "Trailing days of the country's own history against which "
        "a day's counts are judged (negative binomial with weekday effects).",
        check=_positive,
    ),
    Setting(
        "signals_surprise_min",
        float,
        2.0,
        "Surprise (-log10 of the upper-tail p-value) below which a "
        "day's count adds nothing to the risk (2: one day in a hundred).",
        check=_non_negative,
    ),
    Setting(
        "signals_surprise_full",
        float,
        6.0,
        "Surprise at which a count gives its part full weight (times the code's severity).",
        check=_positive,
    ),
    Setting(
        "signals_min_confidence",
        float,
        0.5,
        "Coded events below this confidence are left out of the signals.",
        check=_fraction,
    ),
    Setting(
        "coordination_min_outlets",
        int,
        5,
        "Distinct outlets carrying the same or nearly the same "
        "text within the window that make a candidate information operation.",
        check=_positive,
    ),
    Setting(
        "coordination_window_hours",
        float,
        24.0,
        "Hours from a story's first sighting within which its outlets are counted for coordination.",
        check=_positive,
    ),
    # Watching
    Setting(
        "event_alert_confidence",
        float,
        0.8,
        "Smallest confidence of a coded news event (an act, not a threat or claim) that raises an alert.",
        check=_fraction,
    ),
    Setting("watch_interval", float, 60.0, "Seconds between rounds of `centinela watch`.", check=_positive),
    Setting(
        "log_level",
        str,
        "WARNING",
        "Logging level: DEBUG, INFO, WARNING, ERROR.",
        check=lambda v: v.upper() in {"DEBUG", "INFO", "WARNING", "ERROR"},
    ),
)

_BY_NAME = {s.name: s for s in TABLE}


class Settings:
    """The effective settings: attribute access, immutable, with where each value came from."""

    __slots__ = ("_values", "_origins", "config_path")

    def __init__(self, values: Mapping[str, Any], origins: Mapping[str, str], config_path: Path | None):
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_origins", dict(origins))
        object.__setattr__(self, "config_path", config_path)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"no setting named {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Settings are immutable; use replace()")

    def replace(self, **changes: Any) -> Settings:
        values, origins = dict(self._values), dict(self._origins)
        for name, raw in changes.items():
            values[name] = _coerce(_setting(name), raw, "override")
            origins[name] = "override"
        return Settings(values, origins, self.config_path)

    def origin(self, name: str) -> str:
        return self._origins[name]

    @property
    def database(self) -> str:
        """The database URL actually used: the setting, else SQLite in data_dir."""
        if self.database_url:
            return str(self.database_url)
        return f"sqlite:///{self.data_path / 'centinela.db'}"

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else Path(platformdirs.user_data_dir(APP))

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(name, shown value, origin, help) for each setting, secrets masked."""
        return [(s.name, mask(s, self._values[s.name]), self._origins[s.name], s.help) for s in TABLE]


def _setting(name: str) -> Setting:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"unknown setting {name!r}") from None


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(setting: Setting, raw: Any, origin: str) -> Any:
    where = f"setting {setting.name} (from {origin})"
    try:
        if setting.type is bool:
            if isinstance(raw, bool):
                value: Any = raw
            elif str(raw).strip().lower() in _TRUE | _FALSE:
                value = str(raw).strip().lower() in _TRUE
            else:
                raise ValueError(raw)
        elif setting.type is int and isinstance(raw, float | bool):
            raise ValueError(raw)
        else:
            value = setting.type(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {raw!r} is not a valid {setting.type.__name__}") from None
    if setting.check is not None and not setting.check(value):
        raise ConfigError(f"{where}: {raw!r} is out of range")
    return value


def mask(setting: Setting, value: Any) -> str:
    """How a value is shown: secrets hidden, and passwords inside URLs too."""
    text = str(value)
    if not setting.secret or not text:
        return text
    if "://" in text:
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", text)
    return "***"


def _config_file(explicit: Path | None, env: Mapping[str, str]) -> Path | None:
    if explicit is not None:
        return explicit
    if env.get(ENV_PREFIX + "CONFIG"):
        return Path(env[ENV_PREFIX + "CONFIG"])
    default = Path(platformdirs.user_config_dir(APP)) / "centinela.toml"
    return default if default.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"settings file {path} does not exist") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"settings file {path} cannot be read: {exc}") from None
    # Accept either top-level keys or a [centinela] table.
    return dict(data.get(APP, data))


def load_settings(
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the effective settings. ``env`` defaults to ``os.environ``; tests pass their own."""
    env = os.environ if env is None else env
    values = {s.name: s.default for s in TABLE}
    origins = dict.fromkeys(values, "default")
    path = _config_file(config, env)
    layers: list[tuple[str, Mapping[str, Any]]] = []
    if path is not None:
        layers.append((f"file {path}", _read_toml(path)))
    layers.append(
        (
            "environment",
            {
                k[len(ENV_PREFIX) :].lower(): v
                for k, v in env.items()
                if k.startswith(ENV_PREFIX) and k != ENV_PREFIX + "CONFIG"
            },
        )
    )
    layers.append(("override", {k: v for k, v in (overrides or {}).items() if v is not None}))
    for origin, layer in layers:
        for name, raw in layer.items():
            if name not in _BY_NAME:
                if origin == "environment":
                    continue  # foreign CENTINELA_* variables are not ours to reject
                raise ConfigError(f"{origin}: unknown setting {name!r}")
            values[name] = _coerce(_BY_NAME[name], raw, origin)
            origins[name] = origin
    return Settings(values, origins, path)


def settings_markdown() -> str:
    """The settings reference (docs/settings.md), generated from the table so the two never drift."""
    lines = [
        "# Settings",
        "",
        "Every setting comes from, lowest precedence first: its default, the TOML file (`--config PATH`,",
        "else `$CENTINELA_CONFIG`, else `centinela.toml` in the user's config directory), the environment",
        "variable `CENTINELA_<NAME>` (upper case), then command-line options such as `--db`.",
        "`centinela config` prints the effective values and where each came from, secrets masked.",
        "",
        "| name | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for s in TABLE:
        default = "" if s.default == "" else f"`{s.default}`"
        secret = " (secret: masked when shown)" if s.secret else ""
        lines.append(f"| `{s.name}` | {s.type.__name__} | {default} | {s.help}{secret} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")

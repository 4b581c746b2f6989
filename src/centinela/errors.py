"""The named errors of centinela.

The core raises these; the edges (CLI, API) translate them into one-line messages and exit codes.
Anything else that escapes is a bug and is reported as such.
"""

from __future__ import annotations


class CentinelaError(Exception):
    """A problem the user can act on; ``str(error)`` is the one-line message shown to them."""

    exit_code = 1


class UsageError(CentinelaError):
    """Wrong arguments or options that the argument parser could not catch."""

    exit_code = 2


class ConfigError(CentinelaError):
    """A setting has a wrong type or value, or the settings file cannot be read."""

    exit_code = 2


class InputFileError(CentinelaError):
    """A file named by the user is missing, unreadable or not in the expected format."""


class MalformedRowError(CentinelaError):
    """One row of an input file is malformed; ``line`` is its 1-based line number in the file."""

    def __init__(self, line: int, message: str, source: str = "") -> None:
        self.line = line
        self.source = source
        where = f"{source}:{line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}")
        self.reason = message


class UnknownCountryError(CentinelaError):
    """No country pack is registered for the code given."""

    def __init__(self, code: str, known: list[str]) -> None:
        self.code = code
        super().__init__(f"unknown country code {code!r}; known: {', '.join(known) or 'none'}")


class UnknownEventTypeError(CentinelaError):
    """An event type that the country's ontology does not define."""

    def __init__(self, event_type: str, known: list[str] | None = None) -> None:
        self.event_type = event_type
        hint = f"; known types: {', '.join(known)}" if known else ""
        super().__init__(f"unknown event type {event_type!r}{hint}")


class DateParseError(CentinelaError):
    """A date that does not parse as an ISO date (YYYY-MM-DD)."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"date {value!r} does not parse; use YYYY-MM-DD")


class StoreError(CentinelaError):
    """The database cannot be opened, migrated or written."""


class FetchError(CentinelaError):
    """A source could not be fetched (network, HTTP status, size limit, timeout, robots.txt)."""


class FeedError(CentinelaError):
    """A fetched body is not a feed centinela can read safely (malformed, hostile, not a feed)."""


class BlockedHostError(FetchError):
    """A URL points at a loopback, private or link-local address and private hosts are not allowed."""

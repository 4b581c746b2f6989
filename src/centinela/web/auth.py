"""Admin login: argon2 password hashes, server-side sessions, CSRF tokens and a login rate limit.

The session cookie carries a random token; the store keeps only its SHA-256, with the session's CSRF
token. Forms of a session send that CSRF token back; the login form, before any session exists, uses
a double-submit cookie. Failed logins are counted per client address and refused past a limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from centinela.store import web as queries

SESSION_COOKIE = "centinela_session"
LOGIN_CSRF_COOKIE = "centinela_login_csrf"


class LoginRequired(Exception):
    """Raised by admin routes without a valid session: a redirect to the login page, or a refusal."""


class CsrfError(Exception):
    """A form came back without the token its session or login page handed out."""


def hash_password(password: str) -> str:
    return PasswordHasher().hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginLimiter:
    """Failed logins per client address within a sliding window; one per app, not per module."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until ``key`` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(key, now)
            if len(times) < self.attempts:
                return 0
            return max(1, int(times[0] + self.window - now) + 1)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # a flood of addresses must not grow memory without bound
                for stale in [k for k, v in self._failures.items() if not v][:5_000]:
                    del self._failures[stale]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class Accounts:
    """Checks passwords: the administrator of the settings, then the users table."""

    def __init__(self, core: Any) -> None:
        self.core = core
        self.hasher = PasswordHasher()
        # Verified when the user is unknown, so a wrong name costs as long as a wrong password.
        self._dummy = self.hasher.hash(secrets.token_hex(16))

    def _stored_hash(self, user: str) -> tuple[str | None, bool]:
        settings = self.core.settings
        if user == settings.admin_user and settings.admin_password_hash:
            return settings.admin_password_hash, False
        with self.core.store.read() as conn:
            return queries.get_user_hash(conn, user), True

    def verify(self, user: str, password: str) -> bool:
        stored, in_table = self._stored_hash(user)
        try:
            self.hasher.verify(stored or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if in_table and self.hasher.check_needs_rehash(stored):
            with self.core.store.write() as conn:
                queries.set_user_hash(conn, user, self.hasher.hash(password))
        return True

    def open_session(self, user: str) -> tuple[str, str]:
        """A new session for ``user``: (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        expires = now + timedelta(hours=self.core.settings.session_hours)
        with self.core.store.write() as conn:
            queries.add_session(conn, _token_hash(token), user, csrf, now, expires)
        return token, csrf

    def session(self, token: str | None) -> dict[str, Any] | None:
        if not token:
            return None
        with self.core.store.read() as conn:
            return queries.get_session(conn, _token_hash(token), datetime.now(UTC))

    def close_session(self, token: str | None) -> None:
        if token:
            with self.core.store.write() as conn:
                queries.delete_session(conn, _token_hash(token))


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def new_csrf() -> str:
    return secrets.token_urlsafe(32)

"""The named errors of the alerts part, translated into one-line messages by the CLI like the others."""

from __future__ import annotations

from centinela.errors import CentinelaError


class AlertError(CentinelaError):
    """Something about alerts or subscriptions the user can act on."""


class RuleError(AlertError):
    """A subscription's rules, digest, quiet hours or time zone are not valid."""

    exit_code = 2


class ChannelError(AlertError):
    """A channel URL is not valid, points at a blocked host, or the channel refused a message.

    The message never contains the channel's secrets: they are masked before it is built.
    """

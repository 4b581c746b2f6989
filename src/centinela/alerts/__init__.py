"""Alerts: rules and subscriptions, the durable outbox and its worker, channels (Apprise), Atom, iCal.

Pure parts (rules, render, schedule, feed, agenda, operator) take plain data and return plain data;
``channels`` is the network edge and ``worker`` wires the store to the channels.
"""

from centinela.alerts.errors import AlertError, ChannelError, RuleError

__all__ = ["AlertError", "ChannelError", "RuleError"]

"""Composition root: builds each part of centinela from one Settings object, once, on first use.

Commands and the web app ask this object for what they need; nothing else constructs stores,
fetchers or coders, and nothing else reads settings from the environment.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from centinela.settings import Settings
from centinela.store import Store, open_store

if TYPE_CHECKING:
    from centinela.coding.coder import Coder
    from centinela.signals.config import RiskConfig
    from centinela.sources.fetch import Fetcher


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def store(self) -> Store:
        return open_store(self.settings.database)

    @cached_property
    def fetcher(self) -> Fetcher:
        """The HTTP client of the ingestion edge (timeouts, size limit, robots, SSRF guard)."""
        from centinela.sources.fetch import Fetcher

        return Fetcher(self.settings)

    @cached_property
    def coder(self) -> Coder:
        """The event coder: patterns, gazetteer and a classifier trained once from the packaged corpus."""
        from centinela.coding.coder import Coder

        return Coder.build()

    @cached_property
    def risk_config(self) -> RiskConfig:
        """The weights, cut-offs and half-life of the risk score (centinela.signals), from the settings."""
        from centinela.signals.config import RiskConfig

        return RiskConfig.from_settings(self.settings)

    def close(self) -> None:
        if "fetcher" in self.__dict__:
            self.fetcher.close()
        if "store" in self.__dict__:
            self.store.close()

"""Composition root: builds each part of centinela from one Settings object, once, on first use.

Commands and the web app ask this object for what they need; nothing else constructs stores,
fetchers or coders, and nothing else reads settings from the environment.
"""

from __future__ import annotations

from functools import cached_property

from centinela.settings import Settings
from centinela.store import Store, open_store


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def store(self) -> Store:
        return open_store(self.settings.database)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()

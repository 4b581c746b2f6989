"""Words that come from data and are shown translated: levels, families, health states, vote sides,
the event codes of the ontology and the engine's event types. The English is the code with spaces;
the catalogues give the other languages. A test keeps these lists in step with the ontology and the pack.
"""

from __future__ import annotations

N_ = str  # marks a message for the catalogue

GENERAL = (
    N_("calm"), N_("watch"), N_("warning"), N_("alert"), N_("critical"), N_("notice"), N_("high"),
    N_("institutional"), N_("unrest"), N_("security"), N_("economic"), N_("external"), N_("information"),
    N_("structural"), N_("none"), N_("ok"), N_("silent"), N_("failing"), N_("pending"), N_("for"),
    N_("against"), N_("abstain"), N_("absent"), N_("split"), N_("day"), N_("week"), N_("month"),
)  # fmt: skip

CODES = (
    N_("investiture vote"), N_("confidence vote"), N_("confidence rejected outright"), N_("censure"),
    N_("interpellation"), N_("cabinet change"), N_("vacancy motion"), N_("presidential resignation"),
    N_("dissolution"), N_("suspension of president"), N_("constitutional accusation"), N_("court ruling"),
    N_("state of emergency"), N_("election event"), N_("succession"), N_("protest"), N_("strike"),
    N_("blockade"), N_("riot"), N_("repression"), N_("military statement"), N_("coup attempt"),
    N_("self coup"), N_("arrest of official"), N_("political violence"), N_("sanctions"), N_("market stress"),
    N_("foreign aid"), N_("foreign pressure"), N_("foreign support"), N_("diplomatic action"),
    N_("disinformation"), N_("press freedom"),
)  # fmt: skip

EVENT_TYPES = (
    N_("president sworn"), N_("cabinet sworn"), N_("cabinet resigned"), N_("confidence factual denial"),
    N_("censure motion filed"), N_("censure vote"), N_("interpellation vote"), N_("vacancy motion filed"),
    N_("vacancy admission vote"), N_("vacancy vote"), N_("resignation presented"), N_("resignation vote"),
    N_("suspension vote"), N_("dissolution decree"), N_("congressional election"), N_("law by insistence"),
    N_("mesa election"), N_("mesa censure vote"), N_("state of emergency decree"),
)  # fmt: skip

ALL = GENERAL + CODES + EVENT_TYPES

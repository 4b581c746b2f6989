"""The Peru country pack: data files only (rules, event types, officeholders, bancadas, timeline).

Read with ``importlib.resources`` through ``centinela.institutions.load_pack("PE")``; see SOURCES.md.
"""

"""Coups d'état of the world since 1945 (Cline Center Coup d'Etat Project v2.1.2): data only.

Read with ``importlib.resources`` by ``centinela.signals.structural`` for the structural base rate of
the risk score; see SOURCES.md for the source, the license and the changes made in this copy.
"""

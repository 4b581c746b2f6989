"""The Peru gazetteer: persons, roles, organisations and places as CSV data (see SOURCES.md)."""

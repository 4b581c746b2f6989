"""Event coding: language, ontology, patterns, classifier, actors, places, dates, votes."""

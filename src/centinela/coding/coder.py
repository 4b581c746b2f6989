"""The event coder: a document in, its typed events with evidence, actors, places, votes and date out.

Per sentence, high-precision patterns (patterns.yaml) and the calibrated classifier both propose
codes; the modality of each (actual, threat, claim, denial) comes from the cue words before its
trigger. A code keeps its best sentence as evidence. Institutional events with their step and votes
are also emitted in the engine's timeline format. Build a ``Coder`` once (about two seconds: the
classifier is trained from the packaged corpus) and call ``code`` or ``code_many``; it keeps no
state between documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from centinela.coding import institutional
from centinela.coding.classifier import Classifier, Report, packaged_reports
from centinela.coding.dates import event_date
from centinela.coding.gazetteer import Found, Gazetteer
from centinela.coding.language import LanguageDetector
from centinela.coding.modality import ACTUAL, CONFIDENCE_FACTOR, modality
from centinela.coding.ontology import NONE, VOTED_EVENT_TYPES, family
from centinela.coding.patterns import Hit, PatternSet, load_patterns
from centinela.coding.text import Sentence, fold, split_sentences
from centinela.coding.votes import Votes, parse_votes
from centinela.model import Document

#: A classifier probability at or above this proposes a code on its own.
CLASSIFIER_THRESHOLD = 0.5
#: ... and this much when the patterns already found a code of the same family in the sentence: the
#: corpus often labels codes together (protests with their repression), and the classifier learns the
#: company a code keeps; a sibling needs stronger evidence than that.
SIBLING_THRESHOLD = 0.9
#: An event mentioned as the backdrop of another ("tras las protestas", "amid protests", "two weeks
#: before the election") or outside the lead is less likely to be what the document reports.
BACKGROUND_FACTOR = 0.75
LATER_SENTENCE_FACTOR = 0.9
_BACKGROUND = re.compile(
    r"\b(?:tras|despues de|luego de|en medio de|ante|a raiz de|durante|antes de|en vispera de|de cara a|"
    r"amid|after|following|in the wake of|during|before|ahead of|on the eve of|"
    r"apos|em meio a|diante d[aeo]s?|durante|antes d[aeo]s?|na vespera d[aeo])\s+(?:[\w'-]+\s+){0,4}$"
)
MORE_SPECIFIC_THAN_PROTEST = ("riot", "blockade", "strike", "repression")
FOREIGN_KINDS = frozenset({"foreign_government", "international_organization", "ngo", "rating_agency"})
_OFFICIAL_TITLE = re.compile(
    r"\b(?:ex-?)?(?:presidente|presidenta|ministr[oa]s?|congresistas?|parlamentari[oa]s?|legislador\w*|alcalde\w*|"
    r"gobernador\w*|fiscal(?:es)?|juez|jueza|jueces|vicepresident\w+|premier|senador\w*|diputad[oa]s?|president|"
    r"minister|lawmakers?|congress(?:wo)?m[ae]n|legislators?|mayors?|governors?|officials?|senators?|deputad[oa]s?|"
    r"prefeit[oa]s?|governador\w*|vereador\w*|dirigentes?|lider(?:es)?|leaders?|candidat\w+|funcionari[oa]s?|"
    r"magistrad[oa]s?|judges?|prosecutors?|general(?:es)?|comandante\w*)\b"
)


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: its code, calibrated confidence, modality and the sentence that carries it."""

    type: str
    confidence: float
    evidence: str
    modality: str
    trigger: str = ""
    sentence: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
            "modality": self.modality,
            "trigger": self.trigger,
        }


@dataclass(frozen=True, slots=True)
class _Doc:
    """A validated input document, with its text split and its names found."""

    id: Any
    lang: str
    text: str
    folded: str
    sentences: list[Sentence]
    found: Found
    published: date | None
    url: str


class Coder:
    """Codes documents. Construct with ``Coder.build()``; ``code`` and ``code_many`` are pure."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        classifier: Classifier,
        patterns: PatternSet,
        detector: LanguageDetector,
        threshold: float = CLASSIFIER_THRESHOLD,
    ) -> None:
        self.gazetteer = gazetteer
        self.classifier = classifier
        self.patterns = patterns
        self.detector = detector
        self.threshold = threshold

    @classmethod
    def build(
        cls,
        reports: Sequence[Report] | None = None,
        gazetteer: Gazetteer | None = None,
        detector: LanguageDetector | None = None,
    ) -> Coder:
        """A coder from the packaged data: Peru gazetteer, patterns, classifier trained on ``reports``
        (default: the packaged corpus). Parts already built elsewhere may be passed in and are shared."""
        corpus = packaged_reports() if reports is None else list(reports)
        return cls(
            gazetteer or Gazetteer.peru(),
            Classifier.train(corpus),
            load_patterns(),
            detector or LanguageDetector(),
        )

    def code(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """Code one document ``{"id", "text", "title"?, "lang"?, "date"?, "url"?}``.

        Raises ValueError with a one-line reason when the document is malformed.
        """
        return self.code_many([doc])[0]

    def code_many(self, docs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Code several documents at once (the classifier runs once over all their sentences)."""
        prepared = [self._prepare(doc) for doc in docs]
        texts = [s.text for doc in prepared for s in doc.sentences]
        probabilities = self.classifier.predict(texts)
        results, row = [], 0
        for doc in prepared:
            count = len(doc.sentences)
            results.append(self._finish(doc, probabilities[row : row + count]))
            row += count
        return results

    def _prepare(self, raw: Mapping[str, Any]) -> _Doc:
        doc = validate_document(raw)
        title, body = doc.get("title") or "", doc["text"]
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
        folded = fold(text)
        lang = doc.get("lang") or ""
        if len(lang) != 2 or not lang.isalpha():
            lang = self.detector.detect(text)[0]
        published = _published(doc.get("date"))
        return _Doc(
            doc["id"],
            lang.lower(),
            text,
            folded,
            split_sentences(text, folded),
            self.gazetteer.find(folded, text),
            published,
            doc.get("url") or "",
        )

    def _finish(self, doc: _Doc, probabilities: np.ndarray) -> dict[str, Any]:
        country = _country(doc.found, self.gazetteer.country)
        candidates: list[Event] = []
        for index, sentence in enumerate(doc.sentences):
            context = _SentenceContext(doc, sentence, country)
            hits = [h for h in self.patterns.match(sentence.folded) if context.satisfies(h.needs)]
            candidates += [
                _pattern_event(h, sentence, index, probabilities, self.classifier.codes) for h in hits
            ]
            candidates += self._classifier_events(context, index, probabilities, {h.code for h in hits})
        events = _best_per_code(candidates)
        votes_by_sentence = [parse_votes(s.folded, folded=True) for s in doc.sentences]
        return self._result(doc, country, events, candidates, votes_by_sentence)

    def _classifier_events(
        self, context: _SentenceContext, index: int, probabilities: np.ndarray, fired: set[str]
    ) -> list[Event]:
        events = []
        families = {family(code) for code in fired}
        for column, code in enumerate(self.classifier.codes):
            probability = float(probabilities[index, column])
            needed = SIBLING_THRESHOLD if family(code) in families else self.threshold
            if code == NONE or code in fired or probability < needed:
                continue
            if not context.satisfies(self.patterns.needs(code)):
                continue
            mode = modality(context.sentence.folded, None, institutional=family(code) == "institutional")
            factor = CONFIDENCE_FACTOR[mode] * (1.0 if index == 0 else LATER_SENTENCE_FACTOR)
            events.append(Event(code, probability * factor, context.sentence.text, mode, "", index))
        return events

    def _result(
        self,
        doc: _Doc,
        country: str | None,
        events: list[Event],
        candidates: list[Event],
        votes_by_sentence: list[Votes],
    ) -> dict[str, Any]:
        labels = [e.type for e in events]
        lead = doc.sentences[0].folded if doc.sentences else ""
        primary_sentence = doc.sentences[events[0].sentence].folded if events else ""
        day = event_date(primary_sentence, lead, doc.published)
        engine = self._engine_events(doc, candidates, votes_by_sentence)
        return {
            "id": doc.id,
            "lang": doc.lang,
            "primary": labels[0] if labels else NONE,
            "labels": labels,
            "events": [e.as_dict() for e in events],
            "country": country,
            "region": _region(doc.found, country, self.gazetteer.country),
            "actors": _actors(doc.found),
            "places": _places(doc.found, self.gazetteer),
            "votes": _document_votes(votes_by_sentence, events),
            "date": day.isoformat() if day else None,
            "institutional": [e.as_dict() for e in engine],
        }

    def _engine_events(
        self, doc: _Doc, candidates: list[Event], votes_by_sentence: list[Votes]
    ) -> list[institutional.EngineEvent]:
        """Engine-shaped events for actual institutional codes whose step the sentence states."""
        emitted: dict[str, institutional.EngineEvent] = {}
        for event in sorted(candidates, key=lambda e: e.sentence):
            if event.modality != ACTUAL or family(event.type) != "institutional":
                continue
            sentence = doc.sentences[event.sentence]
            votes = _votes_near(votes_by_sentence, event.sentence)
            event_type = institutional.event_type_for(event.type, sentence.folded, votes)
            if event_type is None or event_type in emitted:
                continue
            if event_type not in VOTED_EVENT_TYPES:  # a decree or a filing carries no vote of its own
                votes = Votes()
            engine_event = self._engine_event(doc, sentence, event_type, votes)
            if engine_event is not None:
                emitted[event_type] = engine_event
        return list(emitted.values())

    def _engine_event(
        self, doc: _Doc, sentence: Sentence, event_type: str, votes: Votes
    ) -> institutional.EngineEvent | None:
        """The engine's row, or None when nothing dates it (no date in the text, no publication date)."""
        lead = doc.sentences[0].folded if doc.sentences else ""
        day = event_date(sentence.folded, lead, doc.published)
        if day is None:
            return None
        subject, office = self._subject(doc, sentence, event_type, day)
        return institutional.EngineEvent(
            date=day,
            event_type=event_type,
            subject=subject,
            office=office,
            chamber=institutional.chamber_for(event_type, day),
            votes_for=votes.for_,
            votes_against=votes.against,
            abstentions=votes.abstentions,
            outcome=institutional.outcome_for(event_type, sentence.folded, votes),
            note=f"coded from the news: {sentence.text[:300]}",
            source=doc.url,
        )

    def _subject(self, doc: _Doc, sentence: Sentence, event_type: str, day: date) -> tuple[str, str]:
        """The person the event is about: named with the right role (in the sentence, then anywhere in
        the document), else whoever held the office. A removal is about the holder of the day before."""
        role, office = institutional.SUBJECT_ROLE.get(event_type, ("", ""))
        on = day - timedelta(days=1) if event_type in institutional.REMOVALS else day
        end = sentence.start + len(sentence.text)
        persons = [(m, a) for m, a in doc.found.actors if a.id.startswith("pe:person:")]
        in_sentence = [a for m, a in persons if sentence.start <= m.start < end]
        if not role:
            return (in_sentence[0].name if in_sentence else ""), office
        for group in (in_sentence, [a for _, a in persons]):
            for actor in group:
                if self.gazetteer.held(actor.id, role, on):
                    return actor.name, office
        for actor in in_sentence:
            if any(r.role == role for r in self.gazetteer.roles_of(actor.id)):
                return actor.name, office
        holder = self.gazetteer.officeholder(role, on)
        return (holder.name if holder else ""), office


class _SentenceContext:
    """What a sentence (and its document) names, to check a pattern's ``needs``."""

    def __init__(self, doc: _Doc, sentence: Sentence, country: str | None) -> None:
        self.doc = doc
        self.sentence = sentence
        self.country = country

    def satisfies(self, needs: str) -> bool:
        if needs == "official":
            return self._official()
        if needs == "foreign":
            return self._foreign()
        return True

    def _within(self, start: int) -> bool:
        return self.sentence.start <= start < self.sentence.start + len(self.sentence.text)

    def _official(self) -> bool:
        """A person of the gazetteer or an official's title in the sentence, or the surname of a person
        the document names in full ("Pedro Castillo ... Castillo fue detenido")."""
        persons = [(m, a) for m, a in self.doc.found.actors if a.id.startswith("pe:person:")]
        if any(self._within(m.start) for m, _ in persons) or _OFFICIAL_TITLE.search(self.sentence.folded):
            return True
        words = set(re.findall(r"\w+", self.sentence.folded))
        return any(token in words for _, a in persons for token in fold(a.name).split()[1:] if len(token) > 3)

    def _foreign(self) -> bool:
        found = self.doc.found
        if any(self._within(m.start) and a.kind in FOREIGN_KINDS for m, a in found.actors):
            return True
        mentioned = [c for m, c in [*found.countries, *found.demonyms] if self._within(m.start)]
        return any(c != self.country for c in mentioned)


def document_input(document: Document) -> dict[str, Any]:
    """The coder's input for a stored ``Document`` (id: its guid, else its url)."""
    return {
        "id": document.guid or document.url,
        "text": document.text,
        "title": document.title,
        "lang": document.lang if document.lang not in ("", "und") else None,
        "date": document.published.date().isoformat() if document.published else None,
        "url": document.url,
    }


def validate_document(raw: Any) -> dict[str, Any]:
    """The input fields of a document, checked; ValueError with a one-line reason when malformed."""
    if not isinstance(raw, Mapping):
        raise ValueError("a document must be a JSON object")
    if not isinstance(raw.get("text"), str):
        raise ValueError('"text" is missing or not a string')
    if not isinstance(raw.get("id"), str | int) or isinstance(raw.get("id"), bool):
        raise ValueError('"id" is missing or not a string or number')
    for name in ("title", "lang", "date", "url"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise ValueError(f'"{name}" must be a string')
    if raw.get("date"):
        _published(raw["date"])
    return dict(raw)


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f'"date" {value!r} does not parse; use YYYY-MM-DD') from None


def _pattern_event(
    hit: Hit, sentence: Sentence, index: int, probabilities: np.ndarray, codes: tuple[str, ...]
) -> Event:
    mode = modality(sentence.folded, hit.start, institutional=family(hit.code) == "institutional")
    confidence = hit.confidence
    if hit.code in codes:  # both agree: noisy-or of two imperfect detectors
        confidence = 1 - (1 - confidence) * (1 - float(probabilities[index, codes.index(hit.code)]))
    confidence = (
        min(confidence, 0.99) * CONFIDENCE_FACTOR[mode] * _salience(sentence.folded, hit.start, index)
    )
    return Event(hit.code, confidence, sentence.text, mode, hit.trigger, index)


def _salience(folded: str, position: int, index: int) -> float:
    """Less confidence for a backdrop mention or one outside the lead (title and first sentence)."""
    factor = 1.0 if index == 0 else LATER_SENTENCE_FACTOR
    if _BACKGROUND.search(folded[max(0, position - 60) : position]):
        factor *= BACKGROUND_FACTOR
    return factor


def _best_per_code(candidates: list[Event]) -> list[Event]:
    """One event per code (the act beats talk of it, then the higher confidence), best first; a plain
    protest goes after the more specific unrest codes found with it (a riot is a protest turned violent)."""
    best: dict[str, Event] = {}
    for event in candidates:
        current = best.get(event.type)
        if current is None or _rank(event) > _rank(current):
            best[event.type] = event
    ranked = sorted(best.values(), key=_rank, reverse=True)
    protest = best.get("protest")
    specific = [best[c] for c in MORE_SPECIFIC_THAN_PROTEST if c in best]
    if protest and any(e.trigger and _rank(e)[0] >= _rank(protest)[0] for e in specific):
        ranked.remove(protest)  # only a pattern-backed specific code takes the lead from a protest
        last = max(i for i, e in enumerate(ranked) if e.type in MORE_SPECIFIC_THAN_PROTEST)
        ranked.insert(last + 1, protest)
    return ranked


def _rank(event: Event) -> tuple[bool, float]:
    return event.modality == ACTUAL, event.confidence


def _votes_near(votes_by_sentence: list[Votes], index: int) -> Votes:
    """The counts of a sentence, or of the next one ("... aprobó la vacancia. Votaron 105 a favor ...")."""
    if votes_by_sentence[index].found or index + 1 >= len(votes_by_sentence):
        return votes_by_sentence[index]
    following = votes_by_sentence[index + 1]
    return following if following.found else votes_by_sentence[index]


def _document_votes(votes_by_sentence: list[Votes], events: list[Event]) -> dict[str, int | None] | None:
    institutional_sentences = [e.sentence for e in events if family(e.type) == "institutional"]
    for index in institutional_sentences:
        votes = _votes_near(votes_by_sentence, index)
        if votes.found:
            return votes.as_dict()
    first = next((v for v in votes_by_sentence if v.found), None)
    return first.as_dict() if first else None


def _country(found: Found, home: str) -> str | None:
    """The country the document is about: the most named, counting the pack's actors and places."""
    scores: dict[str, float] = {}
    weighted = [(a.country, 1.0) for _, a in found.actors if a.country]
    weighted += [(p.country, 1.0) for _, p in found.places] + [(c, 1.0) for _, c in found.countries]
    weighted += [(c, 0.5) for _, c in found.demonyms]  # "el gobierno chileno" says less than "Chile"
    for code, weight in weighted:
        scores[code] = scores.get(code, 0.0) + weight
    if not scores:
        return None
    top = max(scores.values())
    leaders = {code for code, score in scores.items() if score == top}
    return home if home in leaders else min(leaders, key=lambda c: _first_position(found, c))


def _first_position(found: Found, code: str) -> int:
    positions = [m.start for m, a in found.actors if a.country == code]
    positions += [m.start for m, p in found.places if p.country == code]
    positions += [m.start for m, c in [*found.countries, *found.demonyms] if c == code]
    return min(positions, default=1 << 30)


def _region(found: Found, country: str | None, home: str) -> str | None:
    if country != home:
        return None
    departments = Counter(p.department for _, p in found.places if p.department)
    return departments.most_common(1)[0][0] if departments else None


def _actors(found: Found) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for _, actor in found.actors:
        seen.setdefault(actor.id, {"name": actor.name, "kind": actor.kind, "id": actor.id})
    return list(seen.values())


def _places(found: Found, gazetteer: Gazetteer) -> list[dict[str, str]]:
    """Places in order of first mention: countries by ISO alpha-2, Peru's by ISO 3166-2 or UBIGEO."""
    mentions = sorted(
        [(m.start, p) for m, p in found.places]
        + [(m.start, gazetteer.places[c]) for m, c in found.countries if c in gazetteer.places],
        key=lambda pair: pair[0],
    )
    seen: dict[str, dict[str, str]] = {}
    for _, place in mentions:
        seen.setdefault(place.code, {"name": place.name, "code": place.code, "level": place.level})
    return list(seen.values())

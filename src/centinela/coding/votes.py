"""Vote counts and outcomes stated in a sentence, in Spanish, English and Portuguese.

"con 101 votos a favor, 6 en contra y 10 abstenciones", "by 55 votes to 54 with 19 abstentions",
"ciento un votos", "no alcanzó los 87 votos". Number words are rewritten as digits first (numbers.py),
then each count is read from the label next to it. Counts of 1000 or more are years or money, never
votes, and are ignored. The parser never raises: any text gives a result, possibly empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from centinela.coding.numbers import words_to_digits
from centinela.coding.text import fold

MAX_VOTES = 999

_N = r"(\d{1,3})(?!\d|[.,]\d)"
_VOTE = r"(?:votos?|votes?|sufragios)"
_FOR = r"(?:a\s+favor|favorables?|afirmativos?|por\s+el\s+si|in\s+favou?r|ayes?|yeas?|favoraveis|sim)"
_AGAINST = (
    r"(?:en\s+contra|contrarios?|negativos?|por\s+el\s+no|against|opposed|nays?|noes|contrarios?|contra)"
)
_ABSTAIN = r"(?:abstenciones|abstencion|abstentions?|abstaining|abstained|abstencoes|abstencao)"
_VERB = r"(?:votaron|voto|voted|voting|votaram|votou|votando|se\s+pronunciaron)"

# A count followed by its label: "101 votos a favor", "6 en contra", "10 abstenciones", "55 yes".
_FOR_AFTER = re.compile(rf"\b{_N}\s+(?:{_VOTE}\s+)?(?:{_FOR}\b|for(?=\s*[,;]|\s+and\b|\s+y\b))")
_AGAINST_AFTER = re.compile(rf"\b{_N}\s+(?:{_VOTE}\s+)?{_AGAINST}\b(?!\s+\d)")
_ABSTAIN_AFTER = re.compile(rf"\b{_N}\s+{_ABSTAIN}\b")
# A label followed by its count: "a favor: 101", "votes in favour 55, against 54", "abstenciones 10".
_FOR_BEFORE = re.compile(rf"\b{_FOR}\s*:?\s*{_N}\b")
_AGAINST_BEFORE = re.compile(rf"\b(?:en\s+contra|against|contrarios?|nays?|noes)\s*:?\s*{_N}\b")
_ABSTAIN_BEFORE = re.compile(rf"\b{_ABSTAIN}\s*:?\s*{_N}\b")
# "101 congresistas votaron a favor", "19 se abstuvieron", "four legislators abstained".
_FOR_SUBJECT = re.compile(
    rf"\b{_N}\s+(?:[a-z]+\s+){{0,2}}(?:{_VERB}\s+(?:a\s+favor|in\s+favou?r|for|yes|sim|to|para)\b|"
    rf"(?:backed|supported|apoyaron|respaldaron|apoiaram)\b)|\b(?:apoyo|support|apoio)\s+(?:de|of)\s+{_N}\b"
)
_AGAINST_SUBJECT = re.compile(
    rf"\b{_N}\s+(?:[a-z]+\s+){{0,2}}{_VERB}\s+(?:en\s+contra|against|contra|no|nao)\b"
)
_ABSTAIN_SUBJECT = re.compile(
    rf"\b{_N}\s+(?:[a-z]+\s+){{0,2}}(?:se\s+abstuvieron|abstained|se\s+abstiveram|abstiveram-se)\b"
)
# "by 55 votes to 54", "por 55 votos contra 54"; "por 55 a 54" and "passed 65 to 55" after a vote word.
_PAIR = re.compile(rf"\b{_N}\s+{_VOTE}\s+(?:to|a|contra|against|x|versus|vs\.?)\s+{_N}\b")
_PAIR_TAIL = (
    r"\s+(?:to|a|contra|x|versus|vs\.?)\s+" + _N + r"\b(?!\s*(?:de|of|anos|years|meses|months|dias|days)\b)"
)
_PAIR_BY = re.compile(
    rf"\b(?:por|by|com|con|with)\s+(?:un\s+margen\s+de\s+|a\s+margin\s+of\s+)?{_N}{_PAIR_TAIL}"
)
_PAIR_VERBS = (
    r"passed|approved|aprobada|aprobado|aprobo|aprovada|aprovou|rejected|rechazada|rechazo|won|lost|gano|"
    r"perdio|carried|defeated|voted|voting|votaron|voto|votou|votaram|ruling|ruled|unanimously|por\s+unanimidad"
)
_PAIR_VERB = re.compile(
    rf"\b(?:{_PAIR_VERBS})\s*,?\s+(?:(?:the|el|la|o|a)\s+[a-z]+\s+)?{_N}(?:{_PAIR_TAIL}|\s*-\s*{_N}\b)"
)
_PAIR_DASH = re.compile(rf"\b{_N}\s*-\s*{_N}(?:\s*-\s*{_N})?\s+{_VOTE}\b")
# ", 121 to 2 with one abstention": a pair that its abstentions mark as a vote.
_PAIR_ABSTAIN = re.compile(
    rf"\b{_N}\s+(?:to|a|contra)\s+{_N}\s+(?:with|con|y|e|com)\s+\d{{1,3}}\s+{_ABSTAIN}"
)
# "4 votos a um", "with one abstention": a lone "one" is a count only in these places.
_LONE_ONE = re.compile(
    r"\b(\d{1,3}\s+(?:votos?\s+|votes?\s+)?(?:a|to|contra|x)\s+)(?:um|uma|un|uno|una|one)\b"
    r"|\b((?:with|con|y|e|com)\s+)(?:um|uma|un|una|one)(?=\s+(?:abstenc|abstention))"
)
_UNANIMOUS = re.compile(r"\b(?:unanimously|unanimidad|unanimemente|unanimidade|unanimous)\b")
# "obtuvo 76 de los 87 votos necesarios": the count in favour out of a needed number.
_SHARE = re.compile(rf"\b{_N}\s+(?:{_VOTE}\s+)?(?:de\s+los|of\s+the|dos)\s+\d{{1,3}}\s+{_VOTE}")
# "con 101 votos", "with 62 votes", "com 70 votos": the count of the winning side.
_BARE = re.compile(
    rf"\b(?:con|with|com|por|by|obtuvo|obtained|received|recibio|obteve|alcanzo|reached|got)\s+"
    rf"(?:solo\s+|only\s+|apenas\s+)?{_N}\s+{_VOTE}\b"
)
# Zero counts said in words: "sin votos en contra", "no abstentions", "ninguna abstencion".
_NO_AGAINST = re.compile(
    r"\b(?:sin|ningun|no|nenhum|without|sem)\s+(?:votos?\s+|votes?\s+)?(?:en\s+contra|against|contra)\b"
)
_NO_ABSTAIN = re.compile(
    r"\b(?:sin|ninguna|no|nenhuma|without|sem)\s+(?:abstenciones|abstencion|abstentions?|abstencoes)\b"
)
# The threshold a vote needed: "no alcanzó los 87 votos", "fell short of the 87 votes needed".
_SHORT_WORDS = (
    r"no\s+alcanzo|no\s+logro|no\s+obtuvo|sin\s+alcanzar|fell\s+short\s+of|"
    r"failed\s+to\s+(?:reach|get|muster)|did\s+not\s+reach|nao\s+atingiu|nao\s+alcancou"
)
_THRESHOLD = re.compile(
    rf"\b(?:{_SHORT_WORDS}|requeria|requiere|requerian|necesitaba|necesita|necesitaban|needed|required|requires|"
    rf"needs|necessitava|precisava)\s+(?:de\s+)?(?:los\s+|the\s+|as\s+|os\s+|al\s+menos\s+|at\s+least\s+)?"
    rf"{_N}\s+{_VOTE}|\b(?:de\s+los|of\s+the|dos)\s+{_N}\s+{_VOTE}\s+"
    rf"(?:necesarios|requeridos|needed|required|necessarios|minimos|exigidos)"
)
_SHORTFALL = re.compile(rf"\b(?:{_SHORT_WORDS}|fell\s+short)\b")


@dataclass(frozen=True, slots=True)
class Votes:
    """Counts stated in a text; a count not stated is ``None``. ``threshold`` is a required number."""

    for_: int | None = None
    against: int | None = None
    abstentions: int | None = None
    threshold: int | None = None
    short_of_threshold: bool = False

    @property
    def found(self) -> bool:
        """True when at least the count in favour or against was stated."""
        return self.for_ is not None or self.against is not None

    def as_dict(self) -> dict[str, int | None]:
        return {"for": self.for_, "against": self.against, "abstentions": self.abstentions}


def parse_votes(text: str, *, folded: bool = False) -> Votes:
    """The vote counts in ``text`` (any language of es/en/pt); an empty ``Votes`` when none."""
    plain = words_to_digits(text if folded else fold(text))
    if not re.search(r"\d", plain):
        return Votes()
    plain = _LONE_ONE.sub(lambda m: (m.group(1) or m.group(2)) + "1", plain)
    threshold, short = _threshold(plain)
    share = _SHARE.search(plain)
    # The threshold's own number must not be read as a count.
    counts_text = _THRESHOLD.sub(" ", plain) if threshold is not None else plain
    for_, against, abstentions = _counts(counts_text)
    if share and int(share.group(1)) <= MAX_VOTES and for_ is None:
        for_ = int(share.group(1))
    return Votes(for_, against, abstentions, threshold, short)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        value = next((g for g in match.groups() if g), None) if match else None
        if value is not None and int(value) <= MAX_VOTES:
            return int(value)
    return None


def _counts(text: str) -> tuple[int | None, int | None, int | None]:
    for_ = _first((_FOR_AFTER, _FOR_SUBJECT, _FOR_BEFORE), text)
    against = _first((_AGAINST_AFTER, _AGAINST_SUBJECT, _AGAINST_BEFORE), text)
    abstentions = _first((_ABSTAIN_AFTER, _ABSTAIN_SUBJECT, _ABSTAIN_BEFORE), text)
    if for_ is None or against is None:
        pair = _pair(text)
        if pair is not None:
            for_ = pair[0] if for_ is None else for_
            against = pair[1] if against is None else against
            abstentions = pair[2] if abstentions is None else abstentions
    if for_ is None:
        for_ = _first((_BARE,), text)
    if against is None and for_ is not None and (_NO_AGAINST.search(text) or _UNANIMOUS.search(text)):
        against = 0
    if abstentions is None and for_ is not None and _NO_ABSTAIN.search(text):
        abstentions = 0
    return for_, against, abstentions


def _pair(text: str) -> tuple[int, int, int | None] | None:
    """'by 55 votes to 54' or '55-54-19 votes': (for, against, abstentions or None)."""
    dash = _PAIR_DASH.search(text)
    if dash:
        third = int(dash.group(3)) if dash.group(3) else None
        return int(dash.group(1)), int(dash.group(2)), third
    match = _PAIR.search(text) or _PAIR_VERB.search(text) or _PAIR_ABSTAIN.search(text)
    if match is None and re.search(_VOTE, text):
        match = _PAIR_BY.search(text)
    if match:
        first, second = (int(g) for g in match.groups() if g)
        if first <= MAX_VOTES and second <= MAX_VOTES:
            return first, second, None
    return None


def _threshold(text: str) -> tuple[int | None, bool]:
    match = _THRESHOLD.search(text)
    value = next((g for g in match.groups() if g), None) if match else None
    if value is None or int(value) > MAX_VOTES:
        return None, bool(_SHORTFALL.search(text))
    return int(value), bool(_SHORTFALL.search(text))

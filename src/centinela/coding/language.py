"""Language identification: ISO 639-1 code and probability for a text.

py3langid ships its naive-Bayes model inside the package (nothing is downloaded). We restrict it to
the languages a Latin-American political news stream actually carries, which makes short texts far
more reliable than choosing among 97 languages, and answer ``"und"`` when the text is too short or
the best guess is weak, so callers never act on a coin toss.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Languages we choose among: the project's three plus neighbours that otherwise get confused with them.
LANGUAGES: tuple[str, ...] = ("es", "en", "pt", "fr", "it", "de", "nl", "ca", "gl", "qu")
#: Fewer letters than this is not enough evidence to name a language.
MIN_LETTERS = 12
#: Below this normalised probability the answer is "und".
MIN_CONFIDENCE = 0.5
#: Only these many characters are read: the lead of an article decides its language.
MAX_CHARS = 600

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


class LanguageDetector:
    """A loaded, restricted identifier. Build once (about a second) and reuse."""

    __slots__ = ("_identifier", "min_confidence", "min_letters")

    def __init__(
        self,
        languages: tuple[str, ...] = LANGUAGES,
        min_confidence: float = MIN_CONFIDENCE,
        min_letters: int = MIN_LETTERS,
    ) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(languages))
        self.min_confidence = min_confidence
        self.min_letters = min_letters

    def detect(self, text: str) -> tuple[str, float]:
        """``(iso639_1, probability)``; ``("und", p)`` when too short or unsure."""
        sample = (text or "")[:MAX_CHARS]
        if len(_LETTER.findall(sample)) < self.min_letters:
            return "und", 0.0
        lang, prob = self._identifier.classify(sample)
        prob = float(prob)
        if prob < self.min_confidence or len(lang) != 2:
            return "und", prob
        return lang, prob


@cache
def default_detector() -> LanguageDetector:
    """The shared read-only detector behind :func:`detect_language` (loaded once per process)."""
    return LanguageDetector()


def detect_language(text: str) -> tuple[str, float]:
    """Language of ``text`` as ``(ISO 639-1 code, probability)``, ``("und", p)`` when unsure."""
    return default_detector().detect(text)

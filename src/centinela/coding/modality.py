"""Is the event the act itself, or a threat, a claim or a denial of it?

"no descarta una moción de vacancia", "podría disolver", "niega que haya golpe", "rumores de golpe":
the cue words sit before the trigger in the same clause. We look at the clause that ends at the
trigger (cut at ; : and at contrastive conjunctions) and take the first modality whose cues appear:
denial, then threat, then claim. "no descarta" (does not rule out) is a threat, not a denial, so
threat cues that contain a negation are tried before the denial cues. A question is a claim.

Votes are special: "no alcanzó los 87 votos" or "no admitió la moción" report a vote that happened,
so a bare negation before an institutional trigger does not turn it into a denial.
"""

from __future__ import annotations

import re
from functools import cache

ACTUAL, THREAT, CLAIM, DENIAL = "actual", "threat", "claim", "denial"

#: How much a modality lowers the confidence of an event: the act is certain, the rest are not.
CONFIDENCE_FACTOR = {ACTUAL: 1.0, THREAT: 0.6, CLAIM: 0.55, DENIAL: 0.5}

_NEGATED_DENIAL = (  # "does not rule out": a possibility, so a threat
    r"no\s+(?:se\s+)?descart\w*",
    r"no\s+rule[sd]?\s+out",
    r"(?:did|does|do|would)\s+not\s+rule\s+out",
    r"not\s+ruling\s+out",
    r"nao\s+descart\w*",
    r"no\s+excluy\w*",
    r"sin\s+descartar",
)
_DENIAL = (
    r"nieg(?:a|an|ue|uen)\s+que",
    r"neg(?:o|aron)\s+que",
    r"desmient\w*",
    r"desmint\w*",
    r"descart(?:a|an|o|aron)\s+"
    r"(?:que|la\s+posibilidad|cualquier|un|una|el|la)",
    r"rechaz(?:a|an|o|aron)\s+que",
    r"no\s+hubo",
    r"no\s+existe",
    r"no\s+existio",
    r"nunca\s+hubo",
    r"es\s+falso\s+que",
    r"no\s+se\s+produjo",
    r"den(?:y|ies|ied)\s+(?:that|any|reports|claims|rumou?rs|there)",
    r"rul(?:es|ed)\s+out",
    r"dismiss(?:ed|es)\s+(?:reports|claims|rumou?rs)",
    r"there\s+(?:was|is|were)\s+no",
    r"never\s+(?:was|happened)",
    r"no\s+(?:evidence|sign)\s+of",
    r"neg(?:a|am|ou|aram)\s+que",
    r"desmentiu",
    r"desmente",
    r"nao\s+houve",
    r"nao\s+existe",
)
_THREAT = (
    r"podri(?:a|an)",
    r"pudiera(?:n)?",
    r"puede(?:n)?\s+(?:ser|haber|presentar|llevar|terminar|votar)",
    r"evalu(?:a|an|ando)",
    r"analiz(?:a|an|ando)",
    r"amenaz(?:a|an|o|aron|ando)\s+con",
    r"planea(?:n)?",
    r"prepara(?:n)?\s+(?:una|un|la|el)",
    r"alista(?:n)?",
    r"(?:recog|recolect)\w+\s+firmas",
    r"posib(?:le|les|ilidad)",
    r"eventual",
    r"inminente",
    r"riesgo\s+de",
    r"en\s+caso\s+de",
    r"de\s+aprobarse",
    r"busca(?:n|ra|ran)?\s+",
    r"impulsa(?:n|ra|ran)?\s+",
    r"promuev\w+",
    r"propon\w+",
    r"anunci(?:o|a|an|aron)\s+que\s+(?:presentara|convocara)",
    r"presentar(?:a|an)",
    r"votar(?:a|an)",
    r"debatir(?:a|an)",
    r"convocar(?:a|an)",
    r"exig\w+",
    r"pid(?:e|en|io|ieron)",
    r"reclam(?:a|an|o|aron)",
    r"llam(?:a|an|o|aron)\s+a",
    r"convoc(?:a|an|o|aron)\s+a",
    r"advirti\w+\s+(?:que|con)",
    r"intenci[oó]n\s+de",
    r"se\s+especula",
    r"would",
    r"could",
    r"might",
    r"may\s+(?:be|face|seek|call|file|vote)",
    r"threat(?:en|ens|ened)\s+to",
    r"consider(?:s|ed|ing)?",
    r"weigh(?:s|ing)?",
    r"plan(?:s|ned|ning)?\s+to",
    r"intend(?:s|ed)?\s+to",
    r"(?:is|are)\s+expected\s+to",
    r"possib(?:le|ility)",
    r"potential",
    r"call(?:s|ed)?\s+for",
    r"demand(?:s|ed)?",
    r"urg(?:e|es|ed)",
    r"seek(?:s|ing)?\s+to",
    r"prepar(?:e|es|ing)\s+to",
    r"will\s+(?:file|vote|call)",
    r"poderi(?:a|am)",
    r"pode(?:m)?\s+(?:ser|haver)",
    r"ameac\w+",
    r"avali\w+",
    r"estud(?:a|am)",
    r"planej\w+",
    r"pretend\w+",
    r"possivel",
    r"pedem",
    r"exigem",
    r"vai\s+(?:votar|apresentar)",
)
_CLAIM = (
    r"rumor(?:es)?",
    r"rumou?rs?",
    r"rumou?red",
    r"habri(?:a|an)",
    r"estari(?:a|an)",
    r"denunci(?:a|an|o|aron)\s+(?:que|un|una)",
    r"acus(?:a|an|o|aron)\s+(?:\w+\s+){0,3}de\s+(?:planear|preparar|"
    r"promover|intentar|alentar|financiar|orquestar|dar|un|una)",
    r"segun\s+(?:fuentes|versiones)",
    r"versiones\s+de",
    r"alert(?:a|an|o|aron)\s+(?:de|sobre)",
    r"teoria",
    r"calific(?:a|an|o|aron)\s+(?:\w+\s+){0,3}(?:de|como)",
    r"tild(?:a|an|o|aron)\s+(?:\w+\s+){0,3}de",
    r"denomin\w+",
    r"llam(?:o|aron)\s+(?:\w+\s+){0,2}(?:un|una)",
    r"sosti\w+\s+que",
    r"asegur(?:a|an|o|aron)\s+que",
    r"afirm(?:a|an|o|aron)\s+que",
    r"alleged(?:ly)?",
    r"reportedly",
    r"purportedly",
    r"supposedly",
    r"claim(?:s|ed)?(?!\s+responsibility)",
    r"accus(?:e|es|ed)\s+(?:\w+\s+){0,3}of",
    r"described\s+(?:\w+\s+){0,3}as",
    r"call(?:ed|s)\s+(?:it|the\s+\w+)\s+(?:a|an)",
    r"branded",
    r"conspiracy",
    r"unverified",
    r"unconfirmed",
    r"boatos?",
    r"supostamente",
    r"alegadamente",
    r"teri(?:a|am)",
    r"chamou\s+de",
    r"classificou\s+como",
    r"afirmou\s+que",
    r"denunciou",
)
# "el presunto golpe", "an alleged coup plot": the doubt is on the event's own noun, right before it.
_DOUBTFUL = r"(?:presunt|supuest|alleged|purported|supposed|suposto|supost|alegad)\w*\s+(?:\w+\s+)?$"
_NEGATION = r"(?:no|ni|nunca|sin|ningun\w*|not|never|without|no\s+one|nao|nem|sem|nenhum\w*)"
# A subordinate clause up to its comma ("aunque podría llover, ...") or a contrastive conjunction.
_CLAUSE_BREAK = re.compile(
    r"[;:]|\b(?:aunque|although|though|even if|si bien|embora|whereas|mientras|while)\b[^,]*,"
    r"|\b(?:pero|aunque|sin embargo|mientras|but|although|while|however|mas|porem|embora)\b"
)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    def compile_(cues: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(cues) + r")\b")

    negation = re.compile(rf"\b{_NEGATION}\s+(?:\w+\s+){{0,2}}$")
    doubtful = re.compile(rf"\b{_DOUBTFUL}")
    return (
        compile_(_NEGATED_DENIAL),
        compile_(_DENIAL),
        compile_(_THREAT),
        compile_(_CLAIM),
        negation,
        doubtful,
    )


def clause_before(folded_sentence: str, position: int) -> str:
    """The part of the sentence's clause that comes before ``position``."""
    head = folded_sentence[:position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def modality(folded_sentence: str, position: int | None = None, *, institutional: bool = False) -> str:
    """Modality of an event whose trigger starts at ``position`` (None: the whole sentence)."""
    negated_denial, denial, threat, claim, negation, doubtful = _patterns()
    window = clause_before(folded_sentence, len(folded_sentence) if position is None else position)
    if negated_denial.search(window):
        return THREAT
    if denial.search(window):
        return DENIAL
    if threat.search(window):
        return THREAT
    if claim.search(window) or doubtful.search(window[-40:]):
        return CLAIM
    if position is not None and not institutional and negation.search(window[-40:]):
        return DENIAL
    if folded_sentence.rstrip().endswith("?"):
        return CLAIM
    return ACTUAL

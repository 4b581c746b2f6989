"""The statistical classifier: deterministic training, calibrated probabilities, fast training.

These tests use small corpora written here, so they never depend on the packaged corpus as it grows.
"""

from __future__ import annotations

import json
import time

import numpy as np

from centinela.coding.classifier import Classifier, Report, load_reports, packaged_reports
from centinela.coding.coder import Coder
from centinela.coding.ngrams import CharNgramTfidf, hashed_ngrams

PROTESTS = [
    "Miles de manifestantes marcharon en {} contra el gobierno.",
    "Protesters marched through {} on Monday.",
    "Manifestantes tomaron las calles de {} exigiendo elecciones.",
    "Thousands rallied in {} against Congress.",
]
OTHER = [
    "El Banco Central mantuvo la tasa de interés en {}.",
    "The weather in {} will be sunny this weekend.",
    "Se inauguró un nuevo hospital en {}.",
    "A new museum opened in {} last week.",
]
CITIES = ["Lima", "Cusco", "Puno", "Arequipa", "Piura", "Tacna", "Ica", "Trujillo"]


def toy_corpus() -> list[Report]:
    reports = [Report(t.format(c), ("protest",)) for t in PROTESTS for c in CITIES]
    return reports + [Report(t.format(c), ("none",)) for t in OTHER for c in CITIES]


def test_training_is_deterministic_and_calibrated() -> None:
    first, second = Classifier.train(toy_corpus()), Classifier.train(toy_corpus())
    texts = ["Miles de manifestantes marcharon en Huancayo.", "Se inauguró un colegio en Huancayo."]
    assert np.array_equal(first.predict(texts), second.predict(texts))
    probabilities = first.predict(texts)
    assert probabilities.shape == (2, len(first.codes))
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    protest = first.codes.index("protest")
    assert probabilities[0, protest] > 0.5 > probabilities[1, protest]


def test_codes_with_too_few_examples_are_left_out() -> None:
    reports = [*toy_corpus(), Report("El Congreso censuró al ministro.", ("censure",))]
    assert "censure" not in Classifier.train(reports).codes


def test_empty_classifier() -> None:
    empty = Classifier.train([])
    assert empty.codes == ()
    assert empty.predict(["texto"]).shape == (1, 0)


def test_classifier_adds_recall_to_the_coder(coder) -> None:
    coder = Coder(coder.gazetteer, Classifier.train(toy_corpus()), coder.patterns, coder.detector)
    text = "Pobladores de Huancayo tomaron las calles exigiendo elecciones."  # no protest pattern fires
    result = coder.code({"id": 1, "text": text})
    assert "protest" in result["labels"]
    event = result["events"][0]
    assert event["trigger"] == "" and event["evidence"] == text


def test_load_reports_skips_bad_lines() -> None:
    lines = [
        json.dumps({"id": 1, "lang": "es", "labels": ["protest"], "text": "Marcha en Lima."}),
        "not json",
        json.dumps({"id": 2, "labels": ["no_such_code"], "text": "x"}),
        json.dumps({"id": 3, "labels": []}),
        "",
    ]
    reports = load_reports(lines)
    assert [r.labels for r in reports] == [("protest",)]


def test_packaged_corpus_trains_quickly() -> None:
    reports = packaged_reports()
    started = time.process_time()
    classifier = Classifier.train(reports)
    assert time.process_time() - started < 15
    if reports:
        assert classifier.codes
        assert classifier.predict(["Miles marcharon en Lima."]).shape == (1, len(classifier.codes))


def test_ngram_features() -> None:
    rows, hashes = hashed_ngrams(["ab", "", "abc"])
    assert set(rows.tolist()) <= {0, 2}  # the empty text has no n-gram, and none crosses texts
    features = CharNgramTfidf(min_df=1)
    matrix = features.fit_transform(["golpe de estado", "paro nacional"])
    assert matrix.shape[0] == 2
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).ravel()
    assert ((norms >= 1 - 1e-5) & (norms < 1.2)).all()  # unit norm over occurrences; repeats add a little
    again = features.transform(["golpe de estado", "xyz"]).tocsr()
    assert np.allclose(again[0].toarray(), matrix[0].toarray(), atol=1e-6)
    assert again[1].nnz == 0

"""The JSON contract of `centinela code` and of Coder.code, malformed input lines included."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from centinela.cli import code as code_cli
from centinela.coding.ontology import CODE_NAMES, MODALITIES

KEYS = {
    "id",
    "lang",
    "primary",
    "labels",
    "events",
    "country",
    "region",
    "actors",
    "places",
    "votes",
    "date",
    "institutional",
}
DOC = {
    "id": "a1",
    "title": "Congreso vaca a Vizcarra",
    "date": "2020-11-10",
    "url": "https://example.org/a1",
    "text": "El pleno del Congreso aprobó el lunes la vacancia presidencial de Martín Vizcarra con "
    "105 votos a "
    "favor, 19 en contra y 4 abstenciones. Miles de manifestantes marcharon en Lima.",
}


def check_contract(result: dict) -> None:
    assert set(result) >= KEYS
    assert isinstance(result["lang"], str) and len(result["lang"]) in (2, 3)
    assert result["primary"] in CODE_NAMES
    assert result["labels"] == [e["type"] for e in result["events"]]
    assert result["primary"] == (result["labels"][0] if result["labels"] else "none")
    for event in result["events"]:
        assert {"type", "confidence", "evidence", "modality"} <= set(event)
        assert event["type"] in CODE_NAMES and event["modality"] in MODALITIES
        assert 0 < event["confidence"] <= 1 and event["evidence"]
    for actor in result["actors"]:
        assert set(actor) == {"name", "kind", "id"}
    for place in result["places"]:
        assert {"name", "code"} <= set(place)
    assert result["votes"] is None or set(result["votes"]) == {"for", "against", "abstentions"}
    assert result["country"] is None or len(result["country"]) == 2
    json.dumps(result)  # serialisable as it is


def test_full_result(code) -> None:
    result = code(DOC["text"], title=DOC["title"], date=DOC["date"], url=DOC["url"])
    check_contract(result)
    assert result["id"] == "t" and result["lang"] == "es"
    assert result["primary"] == "vacancy_motion" and "protest" in result["labels"]
    assert result["votes"] == {"for": 105, "against": 19, "abstentions": 4}
    assert result["country"] == "PE" and result["region"] == "PE-LIM"
    assert result["date"] == "2020-11-09"
    assert result["institutional"][0]["source"] == DOC["url"]
    assert any(a["id"] == "pe:person:martin-vizcarra-cornejo" for a in result["actors"])


def test_evidence_is_a_sentence_of_the_document(code) -> None:
    result = code(DOC["text"], title=DOC["title"])
    for event in result["events"]:
        assert event["evidence"] in DOC["title"] + "\n\n" + DOC["text"]


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ([1, 2], "JSON object"),
        ({"id": 1}, '"text"'),
        ({"text": "x"}, '"id"'),
        ({"id": True, "text": "x"}, '"id"'),
        ({"id": 1, "text": 5}, '"text"'),
        ({"id": 1, "text": "x", "date": "yesterday"}, '"date"'),
        ({"id": 1, "text": "x", "title": 3}, '"title"'),
    ],
)
def test_malformed_documents(coder, doc, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        coder.code(doc)


def lines_of(*items: object) -> list[bytes]:
    return [(item if isinstance(item, bytes) else json.dumps(item).encode()) for item in items]


def test_code_lines_keeps_order_and_reports_bad_lines(coder) -> None:
    lines = lines_of(
        DOC,
        b"{not json",
        {"id": 2},
        b"   ",
        b"\xff\xfe",
        {"id": 3, "text": "Paro nacional de transportistas."},
    )
    results = list(code_cli.code_lines(coder, lines))
    assert [r.get("id", r.get("line")) for r in results] == ["a1", 2, 3, 5, 3]
    assert results[1]["line"] == 2 and "not valid JSON" in results[1]["error"]
    assert results[2] == {"line": 3, "error": '"text" is missing or not a string'}
    assert results[3] == {"line": 5, "error": "not valid UTF-8"}
    check_contract(results[0])
    check_contract(results[4])
    assert results[4]["primary"] == "strike"


def test_batches_are_invisible(coder, monkeypatch) -> None:
    monkeypatch.setattr(code_cli, "BATCH", 2)
    docs = [{"id": i, "text": f"Huelga número {i} de los mineros."} for i in range(5)]
    results = list(code_cli.code_lines(coder, lines_of(*docs)))
    assert [r["id"] for r in results] == [0, 1, 2, 3, 4]


def test_a_document_that_breaks_the_coder_is_reported_on_its_line(coder, monkeypatch) -> None:
    original = coder.code_many

    def flaky(docs):
        docs = list(docs)
        if any(d["id"] == "bad" for d in docs):
            raise RuntimeError("boom")
        return original(docs)

    monkeypatch.setattr(coder, "code_many", flaky)
    results = list(
        code_cli.code_lines(
            coder, lines_of({"id": "ok", "text": "Marcha en Lima."}, {"id": "bad", "text": "x"})
        )
    )
    assert results[0]["id"] == "ok"
    assert results[1]["line"] == 2 and "RuntimeError: boom" in results[1]["error"]


@pytest.fixture()
def cli(coder, monkeypatch):
    monkeypatch.setattr(code_cli, "get_app", lambda ctx: SimpleNamespace(coder=coder))
    app = typer.Typer()
    app.command()(code_cli.code)
    app.command("other")(lambda: None)  # two commands, so `code` is invoked by name as in centinela
    return app


def test_cli_reads_stdin(cli) -> None:
    stdin = json.dumps(DOC) + "\n" + "oops\n"
    result = CliRunner().invoke(cli, ["code", "--format", "jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    check_contract(first)
    assert second["line"] == 2 and "error" in second


def test_cli_reads_a_file(cli, tmp_path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(DOC) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "a1"


def test_cli_missing_file(cli, tmp_path) -> None:
    result = CliRunner().invoke(cli, ["code", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), title=st.one_of(st.none(), st.text(max_size=80)))
def test_any_text_codes(coder, text: str, title: str | None) -> None:
    check_contract(coder.code({"id": 1, "text": text, "title": title}))


def test_stream_helper_writes_lines(coder, capsys) -> None:
    code_cli._run(coder, io.BytesIO(json.dumps(DOC).encode() + b"\n"))
    out = capsys.readouterr().out
    assert out.endswith("\n") and json.loads(out)["id"] == "a1"


def test_stored_documents_are_coded(coder) -> None:
    from datetime import UTC, datetime

    from centinela.coding.coder import document_input
    from centinela.model import Document

    document = Document(
        url="https://example.org/n",
        source="example",
        title=DOC["title"],
        text=DOC["text"],
        lang="es",
        published=datetime(2020, 11, 10, 8, tzinfo=UTC),
    )
    result = coder.code(document_input(document))
    check_contract(result)
    assert result["id"] == "https://example.org/n" and result["date"] == "2020-11-09"

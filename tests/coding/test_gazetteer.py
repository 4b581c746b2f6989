"""Actors, places and countries: accents, aliases, acronyms, ambiguous names, officeholders on a date."""

from __future__ import annotations

from datetime import date

import pytest

from centinela.coding.gazetteer import Gazetteer
from centinela.coding.text import fold


def actors(gazetteer: Gazetteer, text: str) -> list[str]:
    return [a.id for _, a in gazetteer.find(fold(text), text).actors]


def places(gazetteer: Gazetteer, text: str) -> list[str]:
    return [p.code for _, p in gazetteer.find(fold(text), text).places]


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Martín Vizcarra habló ayer.", "pe:person:martin-vizcarra-cornejo"),
        ("Martin Vizcarra hablo ayer.", "pe:person:martin-vizcarra-cornejo"),  # without accents
        ("MARTÍN VIZCARRA habló ayer.", "pe:person:martin-vizcarra-cornejo"),
        ("Vizcarra habló ayer.", "pe:person:martin-vizcarra-cornejo"),
        ("PPK renunció en 2018.", "pe:person:pedro-pablo-kuczynski"),
        ("Keiko Fujimori encabeza Fuerza Popular.", "pe:party:fuerza-popular"),
        ("Dina Boluarte viajó a Cusco.", "pe:person:dina-boluarte"),
        ("José Jerí juró el cargo.", "pe:person:jose-enrique-jeri-ore"),
        ("La congresista Lady Camones votó en contra.", "pe:person:lady-mercedes-camones-soriano"),
        ("Ruth Luque presentó una moción.", "pe:person:ruth-luque-ibarra"),
        ("El Tribunal Constitucional resolvió.", "pe:inst:tc"),
        ("El TC resolvió.", "pe:inst:tc"),
        ("El JNE y la ONPE proclamaron los resultados.", "pe:inst:jne"),
        ("La Fiscalía abrió una investigación.", "pe:inst:fiscalia"),
        ("La Defensoría del Pueblo informó.", "pe:inst:defensoria"),
        ("La PNP desplegó agentes.", "pe:inst:pnp"),
        ("Las Fuerzas Armadas emitieron un comunicado.", "pe:inst:ffaa"),
        ("La OEA envió una misión.", "io:oas"),
        ("The OAS sent a mission.", "io:oas"),
        ("A OEA enviou uma missão.", "io:oas"),
        ("La ONU pidió diálogo.", "io:un"),
        ("The UN called for dialogue.", "io:un"),
        ("El FMI aprobó un crédito.", "io:imf"),
        ("La Unión Europea condenó la violencia.", "io:eu"),
        ("Moody's rebajó la perspectiva.", "ra:moodys"),
        ("S&P mantuvo la calificación.", "ra:sp"),
        ("La Casa Blanca expresó su preocupación.", "gov:US"),
        ("El gobierno de Chile llamó a consultas a su embajador.", "gov:CL"),
        ("El gobierno mexicano emitió un comunicado.", "gov:MX"),
    ],
)
def test_actor_linking(gazetteer: Gazetteer, text: str, actor_id: str) -> None:
    assert actor_id in actors(gazetteer, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Ganó por un voto.", "io:un"),  # "un" is an article; UN must be written in capitals
        ("La app del gobierno falló.", "pe:party:app"),
        ("el ejecutivo de la empresa renunció", "pe:inst:presidencia"),  # a common noun, not the Executive
        ("Luis Castillo, vecino de Ate, opinó.", "pe:person:pedro-castillo"),
    ],
)
def test_no_false_actor(gazetteer: Gazetteer, text: str, absent: str) -> None:
    assert absent not in actors(gazetteer, text)


def test_actor_kinds(gazetteer: Gazetteer) -> None:
    kinds = {a.id: a.kind for a in gazetteer.actors.values()}
    assert kinds["pe:person:martin-vizcarra-cornejo"] == "president"
    assert kinds["pe:inst:congreso"] == "institution"
    assert kinds["io:oas"] == "international_organization"
    assert kinds["ra:fitch"] == "rating_agency"
    assert kinds["gov:US"] == "foreign_government"
    legislators = [a for a in gazetteer.actors.values() if a.kind == "legislator"]
    assert len(legislators) > 100
    assert all(a.bancada for a in legislators)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Protestas en Puno.", "PE-PUN"),
        ("Protestas en Apurimac.", "PE-APU"),
        ("Protestas en Apurímac.", "PE-APU"),
        ("Bloqueos en el Cuzco.", "PE-CUS"),
        ("Enfrentamientos en Juliaca.", "PE-211101"),  # a district unique by name
        ("Marcha en la provincia de Chumbivilcas.", "PE-080700"),
        ("Paro en la región La Libertad.", "PE-LAL"),
    ],
)
def test_place_linking(gazetteer: Gazetteer, text: str, code: str) -> None:
    assert code in places(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "La libertad de prensa está en riesgo.",  # lowercase: the freedom, not the department
        "Miles marcharon por la independencia.",
        "Comas y puntos en el texto.",
        "Ate una cuerda al poste.",
    ],
)
def test_common_words_are_not_places(gazetteer: Gazetteer, text: str) -> None:
    assert places(gazetteer, text) == []


def test_ambiguous_district_needs_its_department(gazetteer: Gazetteer) -> None:
    assert places(gazetteer, "Un incendio en el distrito de Independencia.") == []
    found = places(gazetteer, "En Áncash, un incendio en el distrito de Independencia de Huaraz.")
    assert "PE-ANC" in found
    assert any(code.startswith("PE-02") for code in found)  # Independencia district in Áncash (UBIGEO 02...)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Brasil y Perú firmaron un acuerdo.", "BR"),
        ("Brazil signed a deal.", "BR"),
        ("EE.UU. impuso sanciones.", "US"),
        ("The US imposed sanctions.", "US"),
        ("Os Estados Unidos impuseram sanções.", "US"),
        ("Alemania y Francia opinaron.", "DE"),
        ("Bolivia cerró la frontera.", "BO"),
    ],
)
def test_countries(gazetteer: Gazetteer, text: str, country: str) -> None:
    assert country in [c for _, c in gazetteer.find(fold(text), text).countries]


def test_officeholders_on_a_date(gazetteer: Gazetteer) -> None:
    assert gazetteer.officeholder("president", date(2019, 9, 30)).name == "Martín Vizcarra Cornejo"
    assert gazetteer.officeholder("president", date(2023, 1, 1)).name == "Dina Ercilia Boluarte Zegarra"
    assert gazetteer.officeholder("pcm", date(2017, 1, 1)).id == "pe:person:fernando-zavala-lombardi"
    assert gazetteer.officeholder("president", date(1950, 1, 1)) is None
    assert gazetteer.held("pe:person:martin-vizcarra-cornejo", "vice_president", date(2017, 1, 1))


def test_country_and_region_of_a_document(code) -> None:
    result = code("Miles de manifestantes marcharon en Juliaca contra Dina Boluarte.")
    assert result["country"] == "PE"
    assert result["region"] == "PE-PUN"
    assert {"name": "Juliaca", "code": "PE-211101", "level": "district"} in result["places"]
    assert {
        "name": "Dina Ercilia Boluarte Zegarra",
        "kind": "president",
        "id": "pe:person:dina-boluarte",
    } in result["actors"]


def test_foreign_document(code) -> None:
    result = code("Miles de manifestantes marcharon en Brasilia contra el gobierno de Brasil.")
    assert result["country"] == "BR"
    assert result["region"] is None


def test_no_place_no_country(code) -> None:
    result = code("Miles de manifestantes marcharon contra el gobierno.")
    assert result["country"] is None and result["region"] is None and result["places"] == []


def test_gazetteer_data_is_packaged() -> None:
    from importlib import resources

    folder = resources.files("centinela.countries.peru").joinpath("gazetteer")
    for name in ("persons.csv", "roles.csv", "places.csv", "organisations.csv", "SOURCES.md"):
        assert folder.joinpath(name).is_file(), name

"""Every event code: sentences that report it (es, en; pt for unrest) and near misses that must not."""

from __future__ import annotations

import pytest

from centinela.coding.ontology import EVENT_CODES

# code -> (positives, negatives); each positive must be coded as the actual act.
CASES: dict[str, tuple[list[str], list[str]]] = {
    "investiture_vote": (
        [
            "El Congreso otorgó el voto de confianza al gabinete de Alberto Otárola con 73 votos a favor.",
            "El Congreso negó la confianza al gabinete Cateriano.",
            "Congress granted a vote of confidence to the new cabinet on Thursday.",
            "The cabinet of Pedro Cateriano lost the investiture vote.",
        ],
        [
            "El gabinete se reunió en Palacio para revisar la agenda económica.",
            "The cabinet met to discuss the budget.",
        ],
    ),
    "confidence_vote": (
        [
            "El Congreso aprobó la cuestión de confianza planteada por el primer ministro.",
            "Lawmakers approved the confidence question raised by the prime minister.",
        ],
        ["La confianza del consumidor subió en marzo.", "Consumer confidence rose in March."],
    ),
    "confidence_rejected_outright": (
        [
            "La Mesa Directiva rechazó de plano la cuestión de confianza presentada por Aníbal Torres.",
            "The congressional board rejected the confidence question outright.",
        ],
        ["El Congreso aprobó la cuestión de confianza.", "Congress approved the confidence motion."],
    ),
    "censure": (
        [
            "El Congreso censuró al ministro del Interior con 79 votos a favor.",
            "Presentan una moción de censura contra la ministra de Economía.",
            "Lawmakers filed a censure motion against the interior minister.",
            "Congress censured the interior minister.",
        ],
        ["La censura previa a los libros fue abolida hace décadas.", "The minister criticised the report."],
    ),
    "interpellation": (
        [
            "El pleno aprobó la interpelación del ministro de Defensa.",
            "Congress voted to summon the defence minister for an interpellation.",
        ],
        [
            "El ministro de Defensa presentó su informe anual.",
            "The defence minister presented his annual report.",
        ],
    ),
    "cabinet_change": (
        [
            "Renunció el ministro de Economía tras las críticas.",
            "Juró como nuevo ministro del Interior el general Vicente Romero.",
            "The interior minister resigned on Monday amid criticism.",
            "The president swore in a new cabinet.",
        ],
        ["El ministro de Economía presentó el presupuesto.", "The finance minister presented the budget."],
    ),
    "vacancy_motion": (
        [
            "El Congreso aprobó la vacancia presidencial por incapacidad moral permanente.",
            "Congress voted to remove President Vizcarra for moral incapacity.",
        ],
        ["La vacante de profesor fue cubierta.", "The job vacancy was filled."],
    ),
    "presidential_resignation": (
        [
            "El presidente Pedro Pablo Kuczynski presentó su renuncia al Congreso.",
            "President Kuczynski resigned on Wednesday.",
        ],
        ["El presidente del Congreso renunció a su bancada.", "The president of the football club resigned."],
    ),
    "dissolution": (
        [
            "El presidente Vizcarra disolvió el Congreso el 30 de septiembre de 2019.",
            "President Vizcarra dissolved Congress in 2019.",
        ],
        ["El azúcar se disolvió en el agua.", "The sugar dissolved in the water."],
    ),
    "suspension_of_president": (
        [
            "El Congreso debatió la suspensión del presidente por incapacidad.",
            "Congress voted to suspend the president for six months.",
        ],
        ["Se suspendió el partido por la lluvia.", "The match was suspended because of rain."],
    ),
    "constitutional_accusation": (
        [
            "El Congreso aprobó una acusación constitucional contra la exfiscal de la Nación.",
            "Congress approved a constitutional accusation against the former attorney general.",
        ],
        [
            "El fiscal acusó al empresario de lavado de activos.",
            "The prosecutor accused the businessman of fraud.",
        ],
    ),
    "court_ruling": (
        [
            "El Tribunal Constitucional declaró infundada la demanda competencial del Ejecutivo.",
            "The Constitutional Court ruled that the dissolution of Congress was lawful.",
        ],
        ["El jurado del concurso eligió a la ganadora.", "The tennis club closed for the winter."],
    ),
    "state_of_emergency": (
        [
            "El Gobierno declaró el estado de emergencia en Lima y Callao.",
            "The government declared a state of emergency in Puno.",
        ],
        ["La sala de urgencias del hospital estaba llena.", "The hospital emergency room was full."],
    ),
    "election_event": (
        [
            "La ONPE publicó los resultados de la segunda vuelta.",
            "Peru held its presidential election on Sunday.",
        ],
        ["El club eligió un nuevo entrenador.", "The company chose a new logo."],
    ),
    "succession": (
        [
            "Dina Boluarte juramentó como presidenta de la República.",
            "Dina Boluarte was sworn in as president on Wednesday.",
        ],
        ["El presidente inauguró un hospital.", "The president opened a hospital."],
    ),
    "protest": (
        [
            "Miles de manifestantes marcharon por el centro de Lima.",
            "Thousands of protesters marched in Lima.",
            "Milhares de manifestantes foram às ruas em Lima.",
        ],
        [
            "La marcha del proyecto fue exitosa.",
            "The parade celebrated the national holiday.",
            "O desfile celebrou o feriado nacional.",
        ],
    ),
    "strike": (
        [
            "Los transportistas acatan un paro nacional de 48 horas.",
            "Teachers went on strike across the country.",
            "Os professores entraram em greve em todo o país.",
        ],
        [
            "El paciente sufrió un paro cardíaco.",
            "A drone strike hit the convoy.",
            "O jogador sofreu uma parada cardíaca.",
        ],
    ),
    "blockade": (
        [
            "Manifestantes bloquearon la Panamericana Sur en Ica.",
            "Protesters blocked the main highway to the airport.",
            "Manifestantes bloquearam rodovias no sul do Peru.",
        ],
        [
            "El bloqueo de la cuenta bancaria afectó a la empresa.",
            "The goalkeeper blocked the shot.",
            "O goleiro bloqueou o chute.",
        ],
    ),
    "riot": (
        [
            "Se registraron saqueos y disturbios en Juliaca.",
            "Rioters looted shops in the capital.",
            "Houve saques e tumultos no centro da cidade.",
        ],
        ["La tienda tuvo una venta récord.", "The shop had record sales.", "A loja teve vendas recordes."],
    ),
    "repression": (
        [
            "La policía lanzó gases lacrimógenos contra los manifestantes.",
            "Police fired tear gas at demonstrators.",
            "A polícia usou gás lacrimogêneo contra os manifestantes.",
        ],
        [
            "La policía ordenó el tránsito durante el feriado.",
            "Police directed traffic during the holiday.",
            "A polícia organizou o trânsito no feriado.",
        ],
    ),
    "military_statement": (
        [
            "El Comando Conjunto de las Fuerzas Armadas emitió un comunicado respaldando el orden "
            "constitucional.",
            "The armed forces issued a statement pledging loyalty to the constitution.",
        ],
        ["Las Fuerzas Armadas participaron en el desfile militar.", "The army band played at the parade."],
    ),
    "coup_attempt": (
        ["Militares intentaron un golpe de Estado en Bolivia.", "Soldiers staged a coup in the capital."],
        ["El boxeador dio un golpe certero.", "The team scored a major win."],
    ),
    "self_coup": (
        [
            "El presidente anunció un autogolpe y cerró el Congreso.",
            "Fujimori's 1992 self-coup shut down Congress.",
        ],
        ["El presidente inauguró un colegio.", "The president signed a trade deal."],
    ),
    "arrest_of_official": (
        ["El exministro fue detenido por la policía.", "The former minister was arrested on Tuesday."],
        ["Un ladrón fue detenido en el mercado.", "A thief was arrested at the market."],
    ),
    "political_violence": (
        ["Un dirigente fue asesinado a balazos en Pataz.", "Gunmen killed a local leader in the north."],
        ["El concierto fue un éxito.", "The concert was a success."],
    ),
    "sanctions": (
        [
            "Estados Unidos impuso sanciones a funcionarios venezolanos.",
            "The United States imposed sanctions on three officials.",
        ],
        ["El árbitro mostró la tarjeta amarilla.", "The referee showed a yellow card."],
    ),
    "market_stress": (
        [
            "El dólar se disparó y alcanzó un máximo histórico tras la crisis.",
            "Fitch downgraded Peru's credit rating.",
        ],
        ["El precio del pan subió.", "Bread prices rose."],
    ),
    "foreign_aid": (
        [
            "El Banco Mundial aprobó un préstamo de 500 millones para el Perú.",
            "The IMF approved a loan for Peru.",
        ],
        ["El banco local otorgó un préstamo a la empresa.", "A local bank approved a loan for the company."],
    ),
    "foreign_pressure": (
        [
            "La OEA expresó su preocupación por la crisis política en el Perú.",
            "The United States urged Peru to respect its democratic institutions.",
        ],
        ["El alcalde expresó su preocupación por el tráfico.", "The mayor expressed concern about traffic."],
    ),
    "foreign_support": (
        [
            "El gobierno de Brasil expresó su respaldo a la presidenta.",
            "The European Union expressed support for the transition in Peru.",
        ],
        ["Los vecinos expresaron su apoyo al alcalde.", "Neighbours expressed support for the mayor."],
    ),
    "diplomatic_action": (
        ["México retiró a su embajador en Lima.", "Peru recalled its ambassador from Mexico."],
        ["El embajador asistió a una recepción cultural.", "The ambassador attended a cultural reception."],
    ),
    "disinformation": (
        [
            "Una red de cuentas falsas difundió desinformación sobre los resultados.",
            "A network of fake accounts spread disinformation about the vote.",
        ],
        ["El informe de la contraloría fue publicado.", "The audit report was published."],
    ),
    "press_freedom": (
        [
            "Periodistas fueron agredidos durante la cobertura de la marcha.",
            "Journalists were attacked while covering the protest.",
        ],
        ["El periodista presentó su nuevo libro.", "The journalist presented his new book."],
    ),
}

POSITIVES = [(code, text) for code, (positives, _) in CASES.items() for text in positives]
NEGATIVES = [(code, text) for code, (_, negatives) in CASES.items() for text in negatives]


def test_every_code_has_cases() -> None:
    assert set(CASES) == set(EVENT_CODES)
    for code, (positives, negatives) in CASES.items():
        assert len(positives) >= 2 and len(negatives) >= 2, code


@pytest.mark.parametrize(("code_name", "text"), POSITIVES)
def test_positive(code, code_name: str, text: str) -> None:
    result = code(text)
    events = {e["type"]: e for e in result["events"]}
    assert code_name in events, (text, result["labels"])
    assert events[code_name]["modality"] == "actual"
    assert 0 < events[code_name]["confidence"] <= 1
    assert events[code_name]["evidence"] in text


@pytest.mark.parametrize(("code_name", "text"), NEGATIVES)
def test_negative(code, code_name: str, text: str) -> None:
    assert code_name not in code(text)["labels"]


def test_unrest_codes_have_portuguese_cases() -> None:
    from centinela.coding.language import detect_language

    for code_name in ("protest", "strike", "blockade", "riot", "repression"):
        positives, negatives = CASES[code_name]
        assert any(detect_language(t)[0] == "pt" for t in positives), code_name
        assert any(detect_language(t)[0] == "pt" for t in negatives), code_name


def test_plain_news_is_none(code) -> None:
    result = code("El clima en Lima será soleado durante el fin de semana, informó el Senamhi.")
    assert result["primary"] == "none"
    assert result["labels"] == [] and result["events"] == []


def test_several_events_per_document(code) -> None:
    text = (
        "El Congreso aprobó la vacancia presidencial con 105 votos a favor. Miles de manifestantes "
        "marcharon en Lima y la policía lanzó gases lacrimógenos."
    )
    labels = code(text)["labels"]
    assert {"vacancy_motion", "protest", "repression"} <= set(labels)
    assert labels[0] in {"vacancy_motion", "repression"}

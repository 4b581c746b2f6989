"""De-duplication fingerprints: canonical URLs and SimHash (examples and properties)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.coding.dedupe import (
    bands,
    canonical_url,
    content_hash,
    enough_words,
    fingerprints,
    hamming,
    is_near_duplicate,
    simhash,
    to_signed,
    to_unsigned,
)

STORY = (
    "La presidenta del Consejo de Ministros anunció el adelanto de las elecciones generales para abril "
    "de 2024, tras una reunión con las bancadas del Congreso y en medio de protestas en el sur del país."
)


def test_tracking_parameters_fragment_case_and_default_port_are_dropped() -> None:
    url = "HTTPS://Diario.PE:443/politica/nota-1?utm_source=rss&b=2&fbclid=IwAR&a=1&gclid=x&UTM_Medium=y#comentarios"
    assert canonical_url(url) == "https://diario.pe/politica/nota-1?a=1&b=2"


def test_paths_are_normalised_but_not_changed_in_meaning() -> None:
    assert canonical_url("http://diario.pe") == "http://diario.pe/"
    assert canonical_url("http://diario.pe/a/./b/../c") == "http://diario.pe/a/c"
    assert canonical_url("http://diario.pe/%7Enota/%c3%b1") == "http://diario.pe/~nota/%C3%B1"
    assert canonical_url("http://diario.pe/año nuevo") == "http://diario.pe/a%C3%B1o%20nuevo"
    assert canonical_url("http://diario.pe:8080/x/") == "http://diario.pe:8080/x/"
    assert canonical_url("http://[::1]:80/x") == "http://[::1]/x"


def test_not_an_http_url_is_kept_without_fragment() -> None:
    assert canonical_url("urn:icews:event:1#x") == "urn:icews:event:1"
    assert canonical_url("http://bad:port/") == "http://bad:port/"


def test_simhash_of_near_copies_is_close_and_of_other_stories_far() -> None:
    a = simhash("Gobierno anuncia adelanto de elecciones\n" + STORY)
    credited = simhash("Gobierno anuncia adelanto de elecciones (EFE)\n" + STORY)
    edited = simhash(
        "Gobierno anuncia adelanto de elecciones\n" + STORY.replace("anunció", "anunció este domingo")
    )
    other = simhash(
        "Lluvias intensas afectan a Tumbes\nLas lluvias de la última noche inundaron viviendas "
        "en tres distritos de Tumbes y dejaron a cientos de familias damnificadas."
    )
    assert hamming(a, credited) <= 5
    assert hamming(a, edited) <= 5
    assert hamming(a, other) > 15
    assert simhash("") == 0
    assert simhash(STORY.upper()) == simhash(STORY)  # case and accents do not matter
    assert simhash("Moción de vacancia aprobada por el Pleno del Congreso") == simhash(
        "mocion de vacancia aprobada por el pleno del congreso"
    )


def test_content_hash_ignores_markup_spacing_and_case() -> None:
    assert content_hash("Título", "Texto  del\nartículo") == content_hash("título", "texto del artículo")
    assert content_hash("a", "b") != content_hash("a", "c")
    assert not enough_words("Muy corto")
    assert enough_words(STORY)


def test_bands_find_every_fingerprint_within_five_bits() -> None:
    a = simhash(STORY)
    for flips in ((0,), (1, 17), (5, 21, 37), (15, 31, 47), (0, 11, 22, 33, 44), (10, 21, 32, 43, 63)):
        b = a
        for bit in flips:
            b ^= 1 << bit
        assert set(bands(a)) & set(bands(b))
        assert is_near_duplicate(a, b, 5)


urls = st.builds(
    lambda scheme, host, port, path, query, frag: f"{scheme}://{host}{port}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTP"]),
    st.from_regex(r"[A-Za-z0-9-]{1,12}(\.[A-Za-z]{2,4}){1,2}", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(st.text(alphabet="abcñ%2F.~ -_/09é&=+", max_size=8), max_size=4).map(
        lambda p: "/" + "/".join(p)
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["a", "utm_source", "fbclid", "id", "gclid", "q", "utm_x"]),
            st.text(alphabet="xyz0 1%&+=ñ", max_size=5),
        ),
        max_size=4,
    ).map(lambda kv: ("?" + "&".join(f"{k}={v}" for k, v in kv)) if kv else ""),
    st.sampled_from(["", "#x", "#"]),
)


@settings(max_examples=500, deadline=None)
@given(urls)
def test_canonical_url_is_idempotent_and_drops_tracking(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "utm_" not in once.split("?", 1)[-1] or "?" not in once
    assert "fbclid" not in once and "gclid" not in once and "#" not in once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_simhash_distance_is_a_symmetric_metric_within_64_bits(a: str, b: str) -> None:
    ha, hb = simhash(a), simhash(b)
    assert 0 <= ha < 2**64 and 0 <= hb < 2**64
    assert hamming(ha, hb) == hamming(hb, ha)
    assert hamming(ha, ha) == 0
    assert 0 <= hamming(ha, hb) <= 64
    assert simhash(a) == ha  # stable: no per-process hash seed


@given(st.integers(min_value=0, max_value=2**64 - 1), st.sets(st.integers(0, 63), max_size=5))
def test_any_five_flipped_bits_share_a_band(value: int, flips: set[int]) -> None:
    other = value
    for bit in flips:
        other ^= 1 << bit
    assert set(bands(value)) & set(bands(other))


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_signed_storage_round_trips(value: int) -> None:
    stored = to_signed(value)
    assert -(2**63) <= stored < 2**63
    assert to_unsigned(stored) == value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.text(max_size=300))
def test_fingerprints_agree_with_the_separate_functions(title: str, text: str) -> None:
    digest, fingerprint = fingerprints(title, text)
    assert digest == content_hash(title, text)
    both = title + "\n" + text
    assert fingerprint == (simhash(both) if enough_words(both) else 0)

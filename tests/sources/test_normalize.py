"""Normalisers: plain text from hostile HTML, links, encodings, dates (examples and properties)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from centinela.sources.normalize import (
    absolute_link,
    check_date,
    decode_html,
    html_to_text,
    one_line,
    scrub,
    strip_leading_title,
)

UNSAFE = re.compile(r"<[A-Za-z!/?]|javascript:|\bon(error|load|click)\s*=", re.IGNORECASE)


def test_markup_scripts_comments_and_handlers_are_removed() -> None:
    html = (
        '<p>Hola <b>mundo</b></p><script>alert("x")</script><style>p{}</style><!-- secreto -->'
        '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">enlace</a>'
    )
    assert html_to_text(html) == "Hola mundo\nenlace"


def test_entities_are_decoded_and_escaped_tags_neutralised() -> None:
    assert html_to_text("AT&amp;T &mdash; Per&uacute; &#8211; 5&nbsp;%") == "AT&T — Perú – 5 %"
    text = html_to_text("&lt;script&gt;alert(1)&lt;/script&gt; onerror=x javascript:go()")
    assert not UNSAFE.search(text)
    assert "alert(1)" in text


def test_paragraphs_become_lines_and_whitespace_collapses() -> None:
    assert html_to_text("<div>uno\n\n  dos</div><p>tres</p><br>cuatro") == "uno dos\ntres\ncuatro"


def test_windows_1252_smart_quotes_decoded_as_latin1_are_repaired() -> None:
    assert scrub("\x93Paro\x94 \x96 d\xeda 3") == "“Paro” – día 3"


def test_one_line_and_leading_title() -> None:
    assert one_line("  Congreso <em>aprueba</em>\n moción ") == "Congreso aprueba moción"
    assert strip_leading_title("Título\nCuerpo del texto", "Título") == "Cuerpo del texto"
    assert strip_leading_title("Otro\nCuerpo", "Título") == "Otro\nCuerpo"


def test_links_are_made_absolute_and_only_http() -> None:
    assert absolute_link("/a/b?c=1", "https://diario.pe/feed/") == "https://diario.pe/a/b?c=1"
    assert absolute_link("nota.html", "https://diario.pe/feed/") == "https://diario.pe/feed/nota.html"
    for bad in ("javascript:alert(1)", "mailto:x@y.pe", "ftp://x/y", "http://:80/", "http://x:notaport/", ""):
        assert absolute_link(bad, "https://diario.pe/") is None


def test_page_encoding_from_header_meta_or_fallback() -> None:
    text = "Señal – “paro”"
    assert decode_html(text.encode("cp1252"), "text/html; charset=iso-8859-1") == text
    assert decode_html(b'<meta charset="windows-1252">' + text.encode("cp1252")).endswith(text)
    assert decode_html(text.encode("utf-8")) == text
    assert decode_html(text.encode("cp1252")) == text  # not UTF-8: falls back to Windows-1252
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_dates_in_the_future_or_far_past_are_flagged_not_trusted() -> None:
    now = datetime(2022, 12, 8, tzinfo=UTC)
    ok = now - timedelta(hours=3)
    assert check_date(ok, now, 24, 3650) == (ok, ())
    published, flags = check_date(now + timedelta(days=3), now, 24, 3650)
    assert published is None and flags[0].startswith("date_future:2022-12-11")
    published, flags = check_date(datetime(1990, 1, 1, tzinfo=UTC), now, 24, 3650)
    assert published is None and flags[0].startswith("date_far_past:1990")
    assert check_date(None, now, 24, 3650) == (None, ("date_missing",))
    assert check_date(now + timedelta(hours=2), now, 24, 3650)[1] == ()  # time zones drift: tolerated


html_pieces = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "<p>",
                "</p>",
                "<!--",
                "-->",
                "<",
                ">",
                "&lt;",
                "&gt;",
                "&amp;",
                "<img src=x onerror=alert(1)>",
                "javascript:",
                "java",
                "script:",
                "on",
                "error=",
                "<svg/onload=",
                "&#60;",
                "&#x3C;",
                "<![CDATA[",
                "]]>",
                "<!DOCTYPE html>",
                "<?php",
                "</",
                "\x00",
                "\x93",
            ]
        ),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(html_pieces)
def test_plain_text_never_contains_tags_scripts_or_handlers(markup: str) -> None:
    text = html_to_text(markup)
    assert not UNSAFE.search(text)
    assert "\x00" not in text


@settings(max_examples=200, deadline=None)
@given(html_pieces)
def test_plain_text_is_stable(markup: str) -> None:
    once = html_to_text(markup)
    assert html_to_text(once) == html_to_text(html_to_text(once))
    assert "\n" not in one_line(markup)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_scrub_is_idempotent_and_safe(text: str) -> None:
    once = scrub(text)
    assert scrub(once) == once
    assert not UNSAFE.search(once)

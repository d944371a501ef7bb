"""Untrusted text is shown as what it is: control, bidi and zero-width characters written out,
long values cut with the whole value kept in the title attribute, markup escaped."""

from __future__ import annotations

from markupsafe import Markup

from kszcheck.report.html import document_environment
from kszcheck.report.visible import cut, finalize, visible
from tests.report.hostile import HOSTILE, SHOWN


def test_invisible_characters_are_written_out() -> None:
    for key, shown in SHOWN.items():
        assert visible(HOSTILE[key]) == shown, key


def test_escape_and_control_sequences_are_written_out() -> None:
    assert visible(HOSTILE["H18"]) == (
        "⟨U+001B⟩]8;;http://evil.example⟨U+001B⟩\\click⟨U+001B⟩]8;;⟨U+001B⟩\\⟨U+001B⟩[2J"
    )
    assert visible("a\rb") == "a⟨U+000D⟩b"
    assert visible(HOSTILE["H15"]).endswith("⟨U+0001⟩⟨U+001B⟩[31m⟨U+FFFE⟩⟨U+FFFF⟩")


def test_ordinary_text_newlines_and_tabs_are_kept() -> None:
    text = "Sofie Peeters — Maatschappelijk werker\nOCMW\tVoorbeeld: é ü ß ⟶ 日本"
    assert visible(text) == text


def test_finalize_leaves_markup_and_numbers_alone() -> None:
    markup = Markup("<b>\u202e</b>")
    assert finalize(markup) is markup
    assert finalize(3) == 3
    assert finalize(None) is None
    assert finalize("x\u202ey") == "x⟨U+202E⟩y"


def test_cut_keeps_the_whole_value_in_the_title() -> None:
    assert cut("kort") == "kort"
    assert cut("<b>") == "&lt;b&gt;"
    long = cut(HOSTILE["H07"], 50)
    assert long == Markup(f'<span class="cut" title="{"A" * 10000}">{"A" * 49}…</span>')
    hostile = cut('"><img src=x>' * 20, 10)
    assert hostile.startswith('<span class="cut" title="&#34;&gt;&lt;img src=x&gt;')
    assert hostile.endswith('">&#34;&gt;&lt;img sr…</span>')  # 9 characters of the value


def test_every_printed_value_of_a_template_is_made_visible() -> None:
    env = document_environment("kszcheck.report")
    page = env.from_string('<p title="{{ v }}">{{ v }}</p>{{ v | cut(8) }}').render(
        v=HOSTILE["H05"] + "<i>"
    )
    assert page == (
        '<p title="adm⟨U+202E⟩gnp.exe&lt;i&gt;">adm⟨U+202E⟩gnp.exe&lt;i&gt;</p>'
        '<span class="cut" title="adm⟨U+202E⟩gnp.exe&lt;i&gt;">adm⟨U+202E⟩gnp…</span>'
    )

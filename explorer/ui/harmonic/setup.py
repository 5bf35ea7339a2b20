"""The Harmonic GAN page's sidebar: the recipe, the curve, and a new game with them."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer import i18n
from explorer.harmonic import curves
from explorer.harmonic.job import HarmonicJob
from explorer.harmonic.presets import DEFAULT_HARMONIC, HARMONIC_PRESETS
from explorer.ui.harmonic.words import CURVES
from explorer.ui.text import lang, number_slider, recipe_title, recipe_words, t, tr
from explorer.ui.url import URL


@dataclass(frozen=True)
class Setup:
    preset: str
    curve: curves.Curve
    epochs: int
    compare: bool  # the slides' recipe trains beside it


def setup_ui() -> Setup | None:
    """The recipe and the curve. None (with the reason shown) when a value cannot make a curve."""
    names = list(HARMONIC_PRESETS)
    preset = st.selectbox(
        t("harm_recipe"),
        names,
        index=names.index(DEFAULT_HARMONIC),
        key="harm_preset",
        bind=URL,
        format_func=recipe_title,
    )
    recipe_words(preset)
    kind = st.radio(
        t("harm_curve_kind"),
        curves.KINDS,
        horizontal=True,
        key="harm_kind",
        bind=URL,
        format_func=lambda k: tr(CURVES[k]),
    )
    amplitude = number_slider(t("harm_amplitude"), 0.25, 3.0, 1.0, 0.25, key="harm_amplitude", bind=URL)
    frequency, phase = 1.0, 0.0
    harmonics: tuple[float, ...] = ()
    if kind == "sine":
        frequency = number_slider(t("harm_frequency"), 0.5, 4.0, 1.0, 0.5, key="harm_frequency", bind=URL)
        phase = number_slider(t("harm_phase"), -3.0, 3.0, 0.0, 0.25, key="harm_phase", bind=URL)
        text = st.text_input(
            t("harm_harmonics"),
            "",
            key="harm_harmonics",
            bind=URL,
            help=t("harm_harmonics_help"),
            placeholder=t("harm_harmonics_none"),
        )  # an example, not values: the field is empty
        try:
            harmonics = tuple(i18n.parse_numbers(text, lang()))  # "0.5, 0.25" or "0,5; 0,25"
        except ValueError as error:
            st.error(t("harm_harmonics_bad", part=str(error)))
            return None
    noise = number_slider(t("harm_noise"), 0.0, 0.3, 0.0, 0.01, key="harm_noise", bind=URL)
    default_epochs = HARMONIC_PRESETS[preset].config.epochs
    epochs = st.number_input(t("harm_epochs"), 10, 20_000, default_epochs, 10, key=f"harm_epochs_{preset}", bind=URL)
    compare = st.toggle(
        t("harm_compare"),
        False,
        key="harm_compare",
        bind=URL,
        disabled=preset == "sine-slides",
        help=t("harm_compare_help"),
    )
    try:
        curve = curves.Curve(
            kind=kind, amplitude=amplitude, frequency=frequency, phase=phase, harmonics=harmonics, noise=noise
        )
    except ValueError as error:
        st.error(str(error))
        return None
    return Setup(preset, curve, int(epochs), compare and preset != "sine-slides")


def setup_of(game: HarmonicJob, compared: bool) -> Setup:
    return Setup(game.recipe, game.curve, game.epochs, compared)


def prefill(setup: Setup) -> None:
    """Set the sidebar's widgets to a game's setup before they are drawn: a refreshed page (a new
    session, its widgets at their defaults) shows the settings of the game it found again."""
    c = setup.curve
    values = {
        "harm_preset": setup.preset,
        "harm_kind": c.kind,
        "harm_amplitude": round(c.amplitude, 6),  # one of the slider's numbers (explorer/ui/text.py number_slider)
        "harm_frequency": round(c.frequency, 6),
        "harm_phase": round(c.phase, 6),
        "harm_noise": round(c.noise, 6),
        "harm_harmonics": i18n.numbers_list(c.harmonics, lang()),
        f"harm_epochs_{setup.preset}": setup.epochs,
        "harm_compare": setup.compare,
    }
    for key, value in values.items():
        st.session_state.setdefault(key, value)

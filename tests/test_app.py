"""The app opens, in both languages, with no exception (Streamlit AppTest: real script runs)."""

from pathlib import Path

from conftest import PATIENCE_S
from streamlit.testing.v1 import AppTest

from explorer.device import describe, pick_device

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


def test_home_page_explains_the_game_and_shows_real_digits():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    assert not at.exception
    assert at.title[0].value == "GAN Explorer"
    assert any("generator G" in m.value for m in at.markdown)
    assert len(at.latex) == 2 and "log D(x)" in at.latex[0].value
    presets = [m.value for m in at.markdown if "`keras-mlp`" in m.value]
    assert presets and all(f"`{name}`" in presets[0] for name in ("bn-mlp", "slides-relu", "dcgan", "fast"))
    here = describe(pick_device("auto"))  # this machine's device, whichever it is
    assert any(c.value == f"Computing on: **{here}**" for c in at.sidebar.caption)


def test_home_page_speaks_russian():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert not at.exception
    assert any("Генератор G" in m.value for m in at.markdown)
    assert any(c.value.startswith("Устройство: **CPU") or "GPU" in c.value for c in at.sidebar.caption)


def test_a_catalogue_a_teacher_adds_is_a_choice_and_a_link(german):
    """A new language is one file: a catalogue dropped into the locale folder (here a German one,
    a few messages long) is offered in the language switch and opened by a `?lang=de` link; what it
    does not translate stays English."""
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S)
    at.query_params["lang"] = "de"
    at.run()
    assert not at.exception
    switch = at.sidebar.radio(key="lang")
    assert switch.value == "de" and switch.label == "Sprache" and "Deutsch" in switch.options
    assert any(h.value == "Was ein GAN ist" for h in [*at.subheader, *at.header])
    assert any("generator G" in m.value for m in at.markdown)  # not translated: the English

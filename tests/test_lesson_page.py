"""The Lesson page under AppTest: the steps in order, forward and back, a link keeps the place,
in English and Russian, each step pointing at a page that exists."""

from pathlib import Path

from conftest import open_app
from streamlit.testing.v1 import AppTest

from explorer.ui.lesson.steps import STEPS

ROOT = Path(__file__).resolve().parent.parent


def _open(**params) -> AppTest:
    at = open_app("lesson", **params)
    assert not at.exception
    return at


def _heading(at: AppTest) -> str:
    return at.subheader[0].value


def test_the_lesson_walks_its_steps_forward_and_back():
    at = _open()
    assert _heading(at) == f"Step 1 of {len(STEPS)}: Two networks play a game"
    assert at.button(key="lesson_back").disabled
    at.button(key="lesson_next").click().run()
    assert _heading(at).startswith("Step 2 of") and at.query_params["step"] in ("2", ["2"])
    assert any("Ask the class:" in i.value for i in at.info)
    at.radio(key="lesson_step").set_value(len(STEPS)).run()
    assert _heading(at).startswith(f"Step {len(STEPS)} of") and at.button(key="lesson_next").disabled
    at.button(key="lesson_back").click().run()
    assert _heading(at).startswith(f"Step {len(STEPS) - 1} of")
    assert sum(step.minutes for step in STEPS) == 45


def test_a_link_opens_its_step_in_russian():
    at = _open(step="7", lang="ru")
    assert _heading(at) == f"Шаг 7 из {len(STEPS)}: GAN рядом с VAE"
    assert any("Вопрос классу:" in i.value for i in at.info)


def test_every_step_says_everything_in_both_languages_and_points_at_a_page():
    for step in STEPS:
        assert (ROOT / step.page).is_file(), step.page
        for what in ("title", "do", "notice", "ask"):
            assert step.say(what, "en") and step.say(what, "ru") != step.say(what, "en")

"""The Harmonic GAN page under AppTest: the game starts paused, plays, pauses, steps, looks back."""

import re
from pathlib import Path

import pytest
from conftest import PATIENCE_S
from conftest import rerun_until as _until
from streamlit.testing.v1 import AppTest

from explorer.ui.jobs import board

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


def _status(at: AppTest) -> str:
    return next((m.value for m in at.markdown if "epoch" in m.value and "D(x)" in m.value), "")


def _step(at: AppTest) -> int:
    return int(re.search(r"step ([\d,]+)", _status(at)).group(1).replace(",", ""))


def _looks_back(at: AppTest) -> bool:
    """The still page (the game paused and its last picture came): its look-back slider is drawn."""
    return any(s.key.startswith("harm_look_main_") for s in at.select_slider)


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/harmonic.py").run()
    assert not at.exception
    yield at
    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def test_the_game_starts_paused_then_plays_pauses_and_steps(page):
    _until(page, lambda at: "Paused" in _status(at))
    assert "epoch 0" in _status(page)
    assert len(page.get("plotly_chart")) == 2  # the plane and the history
    # the words agree with the controls: an empty harmonics field reads as none, not as greyed values
    assert page.text_input(key="harm_harmonics").value == "" and page.text_input(
        key="harm_harmonics"
    ).proto.placeholder.startswith("none")
    page.button(key="harm_play").click().run()
    _until(page, lambda at: "epoch 0 " not in _status(at) and "Training" in _status(at))
    assert page.button(key="harm_play").label == "Pause"  # the same button, now saying Pause
    page.button(key="harm_play").click().run()
    _until(page, lambda at: "Paused" in _status(at) and _looks_back(at))  # the worker paused and sent its picture
    held = _step(page)
    page.button(key="harm_step").click().run()  # one step of both nets (the click waits briefly for its picture)
    _until(page, lambda at: _step(at) == held + 1 and _looks_back(at))
    # paused: a slider looks back at any recorded moment, and the replay can be drawn
    look = next(s for s in page.select_slider if s.key.startswith("harm_look_main_"))
    look.set_value(0).run()
    assert "epoch 0 " in _status(page)
    page.toggle(key="harm_replay_main").set_value(True).run()
    assert len(page.get("plotly_chart")) == 3 and not page.exception
    # learning rates change without a reset
    game = board().get(page.session_state["harmonic_game"])
    steps = _step(page)
    page.select_slider(key="harm_lr_d").set_value(5e-3).run()
    assert not page.exception and game.cfg.objective.lr_d == 5e-3  # the game trains with the new rate,
    assert board().get(page.session_state["harmonic_game"]) is game and _step(page) >= steps  # the same game
    # a trained game is thrown away only when that is confirmed
    game = page.query_params["game"]
    page.button(key="harm_new_run").click().run()
    assert page.query_params["game"] == game and any("thrown away" in m.value for m in page.markdown)
    page.button(key="harm_new_yes").click().run()
    assert page.query_params["game"] != game and board().get(game) is None


def test_a_new_game_on_another_curve_and_a_bad_harmonic(page):
    _until(page, lambda at: "Paused" in _status(at))
    first = page.query_params["game"]
    page.select_slider(key="harm_lr_d").set_value(5e-3).run()
    page.radio(key="harm_kind").set_value("circle").run()
    page.button(key="harm_new_run").click().run()  # an untrained game: nothing to ask about
    _until(page, lambda at: "Paused" in _status(at))
    assert page.query_params["game"] != first and board().get(first) is None
    assert page.select_slider(key="harm_lr_d").value == 5e-4  # a new game starts from the recipe's rates
    page.radio(key="harm_kind").set_value("sine").run()
    page.text_input(key="harm_harmonics").set_value("0.5, x").run()
    assert any("numbers separated by commas" in e.value for e in page.error)


def test_the_slides_recipe_beside_the_default(page):
    page.toggle(key="harm_compare").set_value(True).run()
    page.button(key="harm_new_run").click().run()
    _until(page, lambda at: sum("Paused" in m.value for m in at.markdown) == 2)
    assert any("The slides' sine GAN" in m.value for m in page.markdown)
    assert len(page.get("plotly_chart")) == 4


def test_a_link_to_a_game_shows_it_as_it_is_played_but_gives_no_control(page):
    _until(page, lambda at: "Paused" in _status(at))
    page.radio(key="harm_kind").set_value("circle").run()
    page.button(key="harm_new_run").click().run()
    _until(page, lambda at: "Paused" in _status(at))
    page.select_slider(key="harm_lr_d").set_value(2e-3).run()  # retuned without a reset
    page.select_slider(key="harm_speed").set_value("slower").run()
    game = page.query_params["game"]

    other = AppTest.from_file(APP, default_timeout=PATIENCE_S)  # another browser, with the link
    other.query_params["game"] = game
    other.run()
    other.switch_page("../pages/harmonic.py").run()
    _until(other, lambda at: "Paused" in _status(at))
    assert other.query_params["game"] == game and other.radio(key="harm_kind").value == "circle"
    assert (
        other.select_slider(key="harm_lr_d").value == 2e-3 and other.select_slider(key="harm_speed").value == "slower"
    )
    assert any("watching someone else's run" in c.value for c in other.caption)
    assert other.button(key="harm_play").disabled and other.button(key="harm_step").disabled
    assert board().get(game) is not None  # the owner's game goes on


def test_a_learnt_game_keeps_something_to_watch(page):
    """Steps of ten, a fresh D or G, and a harder curve for the game as it is."""
    _until(page, lambda at: "Paused" in _status(at))
    page.button(key="harm_step10").click().run()
    _until(page, lambda at: _step(at) == 10)
    page.button(key="harm_reset_d").click().run()
    page.button(key="harm_step").click().run()
    _until(page, lambda at: _step(at) == 11)
    assert not [b for b in page.button if b.key == "harm_new_target"]  # the sidebar's curve is the game's
    page.text_input(key="harm_harmonics").set_value("0.5, 0.25").run()
    page.button(key="harm_new_target").click().run()
    game = board().get(page.session_state["harmonic_game"])
    assert game.curve.harmonics == (0.5, 0.25) and _step(page) == 11  # the same game, nothing thrown away
    _until(page, lambda at: not [b for b in at.button if b.key == "harm_new_target"])
    assert not page.exception

"""The Style transfer page under AppTest: the fast result at once, a painting that runs as a job,
pauses, stops keeping its picture, asks before it is thrown away, and a link that only watches."""

from pathlib import Path

import pytest
from conftest import PATIENCE_S, pictures
from conftest import rerun_until as _until
from streamlit.testing.v1 import AppTest

from explorer.ui.jobs import board

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


def _painting(at: AppTest):
    return board().get(at.session_state["style_job"]) if "style_job" in at.session_state else None


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _small(at: AppTest, steps: int = 8) -> None:
    """A painting that a CPU finishes in seconds: small, few steps, shallow layers."""
    at.select_slider(key="st_size").set_value(128)
    at.number_input(key="st_steps").set_value(max(10, steps))
    at.multiselect(key="st_style_layers").set_value(["relu1_1", "relu2_1"])
    at.multiselect(key="st_content_layers").set_value(["relu2_1"]).run()


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/style.py").run()
    assert not at.exception
    yield at
    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def test_the_fast_way_paints_at_once_and_the_page_explains(page):
    assert "s · " in _captions(page)  # the fast picture's time and network
    assert len(page.get("image")) >= 3  # the photo, the painting and the fast result
    assert len(page.get("download_button")) == 2  # the fast picture and its settings
    assert any("Press **Paint**" in i.value for i in page.info)
    assert "VGG" in _captions(page) and "Magenta" in _captions(page)
    before = pictures(page)
    page.slider(key="st_strength").set_value(0.5).run()  # the fast picture is painted again, half as strong
    after = pictures(page)
    assert not page.exception and "s · " in _captions(page) and len(after - before) == 1


def test_the_page_says_which_network_auto_takes(page, tmp_path, monkeypatch):
    """VGG19 when torch's cache has it (a user's machine), the shipped VGG16 otherwise (conftest.py
    empties the cache for every test)."""
    from explorer.style import vgg

    assert "VGG19 is not on this computer" in _captions(page)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    vgg.vgg19_cache_path().parent.mkdir(parents=True)
    vgg.vgg19_cache_path().write_bytes(b"")  # the page looks only whether the file is there
    page.run()
    assert "VGG19 is on this computer" in _captions(page) and "not on this computer" not in _captions(page)


def test_a_painting_runs_as_a_job_and_finishes_with_its_picture(page):
    _small(page)
    page.button(key="st_paint").click().run()
    job = _painting(page)
    assert job is not None and page.query_params["paint"] == job.id and job.cfg.size == 128
    _until(page, lambda at: "Finished" in _captions(at))
    snap = job.snapshot()
    assert snap.step == 10 and snap.picture is not None and "VGG16" in snap.network
    assert len(page.get("plotly_chart")) == 2  # the losses and the Gram matrices
    assert snap.history[-1].style < snap.history[0].style  # the picture took on the painting's style


def test_stop_keeps_the_picture_and_new_asks_first(page):
    _small(page, steps=5000)
    page.button(key="st_paint").click().run()
    job = _painting(page)
    _until(page, lambda at: job.snapshot().step >= 3)
    page.button(key="st_pause").click().run()
    assert job.state == "paused" and page.button(key="st_pause").label == "Resume"
    page.button(key="st_stop").click().run()
    assert job.join(PATIENCE_S)
    _until(page, lambda at: "Stopped" in _captions(at))
    assert job.snapshot().picture is not None  # the picture so far is kept
    assert page.button(key="st_paint").label == "New painting"
    page.button(key="st_paint").click().run()  # it has work in it: ask first
    assert _painting(page) is job and any("thrown away" in m.value for m in page.markdown)
    page.button(key="st_new_no").click().run()
    assert _painting(page) is job
    page.button(key="st_paint").click().run()
    page.button(key="st_new_yes").click().run()
    assert _painting(page) is not job and board().get(job.id) is None


def test_a_built_in_style_is_for_the_fast_way_only(page):
    page.radio(key="st_style_source").set_value("builtin").run()
    assert page.button(key="st_paint").disabled
    assert "built-in style is a setting of the fast network" in _captions(page)
    assert "26 styles: style 7" in _captions(page)  # the fast way paints with it


def test_a_link_to_a_painting_only_watches(page):
    _small(page, steps=5000)
    page.button(key="st_paint").click().run()
    job = _painting(page)
    other = AppTest.from_file(APP, default_timeout=PATIENCE_S)
    other.query_params["paint"] = job.id
    other.run()
    other.switch_page("../pages/style.py").run()
    assert _painting(other) is job
    assert other.button(key="st_pause").disabled and other.button(key="st_stop").disabled
    assert "someone else's" in _captions(other)


def test_the_page_speaks_russian(page):
    page.sidebar.radio(key="lang").set_value("ru").run()
    assert page.title[0].value.startswith("Перенос стиля")
    assert page.button(key="st_paint").label == "Рисовать (способ из урока)"


def test_a_refreshed_page_shows_how_its_painting_was_made(page):
    _small(page, steps=5000)
    page.select_slider(key="st_style_weight").set_value(20.0)
    page.selectbox(key="st_content_sample").set_value("coffee").run()
    page.button(key="st_paint").click().run()
    job = _painting(page)
    fresh = AppTest.from_file(APP, default_timeout=PATIENCE_S)  # a refresh: a new session, the same URL
    fresh.query_params["paint"] = job.id
    fresh.run()
    fresh.switch_page("../pages/style.py").run()
    assert _painting(fresh) is job and not fresh.exception
    assert fresh.select_slider(key="st_style_weight").value == 20.0
    assert fresh.select_slider(key="st_size").value == 128
    assert fresh.multiselect(key="st_style_layers").value == ["relu1_1", "relu2_1"]
    assert fresh.selectbox(key="st_content_sample").value == "coffee"

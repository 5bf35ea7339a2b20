"""The Train page's recorded runs under AppTest: open one, play, scrub, continue live, in Russian."""

import pytest
from conftest import PATIENCE_S, open_app

from explorer.data.datasets import OFFLINE_MNIST, load_dataset
from explorer.gan import recording
from explorer.gan.config import GanSettings, TrainConfig
from explorer.i18n import to_json
from explorer.ui.jobs import board
from explorer.words import say


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A recording of a tiny 'keras-mlp' (6 epochs of the offline digits, as the shipped ones are
    made, networks kept at 2 and 4) in a folder of its own."""
    data = load_dataset(OFFLINE_MNIST)
    cfg = TrainConfig(
        latent_dim=8, g_hidden=(16, 32), objective=GanSettings(d_hidden=(32, 16)), batch_size=500, n_fixed=4, epochs=6
    )
    folder = tmp_path_factory.mktemp("recordings")
    recording.record(
        cfg,
        data,
        preset="keras-mlp",
        keep=(2, 4),
        meta={"device": "CPU (2 threads)", "data": "64 pictures", "data_said": to_json(say("pictures", n=64))},
    ).save(folder / "keras-mlp.zip")
    return folder


@pytest.fixture
def page(recorded, monkeypatch):
    monkeypatch.setattr(recording, "FOLDER", recorded)
    at = open_app("train")
    assert not at.exception
    yield at
    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def _open(at):
    at.button(key="train_replay_keras-mlp").click().run()
    assert not at.exception
    return at


def test_a_recording_opens_at_its_start_and_says_where_it_came_from(page):
    assert any("Recorded runs" in e.label for e in page.expander)
    _open(page)
    assert page.query_params["replay"] in ("keras-mlp", ["keras-mlp"])
    text = " ".join(m.value for m in page.markdown) + " ".join(c.value for c in page.caption)
    assert "Recording: Keras MLP GAN (lesson 1)" in text and "64 pictures" in text
    assert page.slider(key="train_replay_at_0").value == 0 and "Epoch 0 of 6" in page.get("progress")[0].proto.text
    assert page.button(key="train_replay_play").label == "Play" and len(page.image) >= 2


def test_scrubbing_shows_that_epoch_and_where_a_live_run_would_continue(page):
    _open(page)
    page.slider(key="train_replay_at_0").set_value(3).run()
    assert not page.exception
    assert "Epoch 3 of 6" in page.get("progress")[0].proto.text
    assert any("epoch 3" in (image.captions or []) for image in page.image)
    assert any("goes on from epoch 2" in c.value and "(0, 2, 4)" in c.value for c in page.caption)
    charts = page.get("plotly_chart")
    assert len(charts) == 3  # losses, D(x) and D(G(z)), the judge's verdict: as a live run shows them


def test_play_moves_on_by_itself_and_again_starts_over(page):
    _open(page)
    page.button(key="train_replay_play").click().run()
    assert page.session_state["train_playback"].playing
    assert page.button(key="train_replay_play").label == "Pause"
    page.session_state["train_playback"].epoch = 6.0  # as the ticks would bring it to the end
    page.run()
    assert not page.session_state["train_playback"].playing and page.button(key="train_replay_play").label == "Again"
    page.button(key="train_replay_play").click().run()
    assert page.session_state["train_playback"].epoch < 1 and page.session_state["train_playback"].playing


def test_train_live_goes_on_from_the_kept_epoch_with_the_recording_before_it(page, wait_until):
    _open(page)
    page.slider(key="train_replay_at_0").set_value(5).run()  # the two views redraw (a fragment run)
    page.run()
    page.button(key="train_replay_go_on").click().run()
    assert not page.exception and "train_playback" not in page.session_state and "replay" not in page.query_params
    job = board().get(page.session_state["train_job"])
    assert job.start_epoch == 4 and job.snapshot().epoch == 4
    wait_until(lambda: job.snapshot().epoch >= 5)
    page.run()
    snap = job.snapshot()
    assert [e["epoch"] for e in snap.epochs][:5] == [1, 2, 3, 4, 5]
    assert "5,000" in job.message or "5 000" in job.message  # the digits the recording was made on


def test_a_refresh_comes_back_to_the_recording(recorded, monkeypatch):
    monkeypatch.setattr(recording, "FOLDER", recorded)
    at = open_app("train", replay="keras-mlp")
    assert not at.exception and at.slider(key="train_replay_at_0").value == 0


def test_in_russian(recorded, monkeypatch):
    monkeypatch.setattr(recording, "FOLDER", recorded)
    at = open_app("train", lang="ru", replay="keras-mlp")
    assert not at.exception
    assert at.button(key="train_replay_play").label == "Смотреть"
    assert "Эпоха 0 из 6 (запись)" in at.get("progress")[0].proto.text
    assert any("64 картинки" in c.value for c in at.caption)  # the data's message, rendered in Russian


def test_charts_write_numbers_the_russian_way(recorded, monkeypatch):
    from explorer.ui.train.recordings import Playback

    monkeypatch.setattr(recording, "FOLDER", recorded)
    at = open_app(lang="ru")
    at.session_state["train_playback"] = Playback("keras-mlp", epoch=3.0)
    at.switch_page("../pages/train.py").run()
    assert not at.exception
    specs = [c.proto.spec.replace(": ", ":") for c in at.get("plotly_chart")]
    separators = ('"separators":",\\u00a0"', '"separators":",\u00a0"')  # "0,5" and "1 500" on the axes
    assert len(specs) == 3 and all(any(s in spec for s in separators) for spec in specs)
    assert '"ticksuffix":"\\u00a0%"' in specs[2] or '"ticksuffix":"\u00a0%"' in specs[2]  # "30 %", not "30%"


def test_a_damaged_recording_is_a_sentence_on_the_page_not_a_traceback(recorded, tmp_path, monkeypatch):
    from test_recording import damage_compressed_member, rewritten, without_field

    folder = tmp_path / "recordings"
    folder.mkdir()
    damage_compressed_member(recorded / "keras-mlp.zip", folder / "keras-mlp.zip")  # zlib fails on a member
    rewritten(  # its recording.json says nothing of the settings it was made with
        recorded / "keras-mlp.zip",
        folder / "pac-mlp.zip",
        lambda name, data: without_field(data, "config") if name == "recording.json" else data,
    )
    monkeypatch.setattr(recording, "FOLDER", folder)
    at = open_app("train")
    assert not at.exception
    broken = [w.value for w in at.warning if "This recording cannot be read" in w.value]
    assert len(broken) == 2 and any("keras-mlp.zip is not a readable recording" in w for w in broken)
    for name in ("keras-mlp", "pac-mlp"):  # a link to one (or a refresh while it played): the page says so
        at = open_app("train", replay=name)
        assert not at.exception
        assert any(f"{name}.zip is not a readable recording" in e.value for e in at.error)
        at.button(key="train_replay_close").click().run()
        assert not at.exception and "replay" not in at.query_params

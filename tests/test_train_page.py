"""The Train page under Streamlit's AppTest: start, watch, pause, resume, stop, look back, change recipe."""

from pathlib import Path

import pytest
from conftest import PATIENCE_S
from streamlit.testing.v1 import AppTest

from explorer.device import describe, pick_device
from explorer.gan.persistence import load_checkpoint
from explorer.ui.jobs import board

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


def _run(at: AppTest):
    """The page's training job."""
    return board().get(at.session_state["train_job"]) if "train_job" in at.session_state else None


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/train.py").run()
    assert not at.exception
    yield at
    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def test_before_start_the_page_says_what_to_do(page):
    assert any("press Start" in i.value for i in page.info)
    assert page.selectbox(key="train_preset").value == "fast"
    assert page.button(key="train_pause").disabled and page.button(key="train_stop").disabled


def test_start_shows_progress_grids_and_charts_that_advance(page, wait_until):
    page.button(key="train_start").click().run()
    run = _run(page)
    wait_until(lambda: run.snapshot().epoch >= 1)
    page.run()
    assert not page.exception
    progress = page.get("progress")[0].proto
    assert "Epoch 1/100" in progress.text or "Epoch 2/100" in progress.text
    kind = describe(pick_device("auto")).split(" ")[0].rstrip(":")  # "CPU", "GPU" or "Apple": the worker's threads vary
    assert "images/s" in progress.text and kind in progress.text
    assert len(page.image) >= 2  # the generated grid and the real pictures
    charts = page.get("plotly_chart")
    assert len(charts) == 3 and '"D loss"' in charts[0].proto.spec and '"D(G(z))"' in charts[1].proto.spec
    assert '"score"' in charts[2].proto.spec  # the digit judge's verdict per epoch
    first = run.snapshot().step
    wait_until(lambda: run.snapshot().step > first + 10)


def test_pause_resume_stop(page, wait_until):
    page.button(key="train_start").click().run()
    run = _run(page)
    wait_until(lambda: run.snapshot().step > 3)
    page.button(key="train_pause").click().run()
    assert run.state == "paused"
    wait_until(lambda: run.snapshot().checkpoint is not None)  # the worker paused and saved its work
    held = load_checkpoint(run.workdir / run.snapshot().checkpoint)["step"]
    assert run.snapshot().step == held  # it trains no more
    page.run()
    assert page.button(key="train_pause").label == "Resume"  # the same button, now saying Resume
    page.button(key="train_pause").click().run()
    wait_until(lambda: run.snapshot().step > held + 3)
    page.button(key="train_stop").click().run()
    assert run.join(PATIENCE_S)
    page.run()
    assert run.state == "stopped" and page.button(key="train_stop").disabled
    assert any("Stopped" in c.value for c in page.caption)
    wait_until(lambda: run.snapshot().checkpoint is not None)
    page.run()
    downloads = {d.proto.label for d in page.get("download_button")}
    assert downloads == {"Training as a GIF", "Losses (CSV)", "Checkpoint", "Settings (JSON)"}


def test_timeline_looks_back_at_an_earlier_epoch(page, wait_until):
    page.button(key="train_start").click().run()
    run = _run(page)
    wait_until(lambda: run.snapshot().epoch >= 2)
    page.run()
    timeline = next(s for s in page.slider if s.label == "Look back: epoch")
    timeline.set_value(1).run()
    assert not page.exception
    assert next(tg for tg in page.toggle if tg.label == "Follow the latest epoch").value is False
    assert any("epoch 1" in (image.captions or []) for image in page.image)
    wait_until(lambda: run.snapshot().epoch >= 3)
    page.run()  # training goes on, the page stays on epoch 1 ...
    assert any("epoch 1" in (image.captions or []) for image in page.image)
    next(tg for tg in page.toggle if tg.label == "Follow the latest epoch").set_value(True).run()
    latest = run.snapshot().grids[-1][0]  # ... until it follows again
    assert any(f"epoch {e}" in (image.captions or []) for image in page.image for e in (latest, latest + 1))


def test_a_preset_change_brings_its_numbers_and_trains_that_model(page):
    page.selectbox(key="train_preset").set_value("dcgan").run()
    assert page.number_input(key="train_dcgan_epochs").value == 50
    assert page.select_slider(key="train_dcgan_lr_d").value == pytest.approx(1e-4)
    assert page.select_slider(key="train_dcgan_batch").value == 256
    page.select_slider(key="train_dcgan_batch").set_value(64).run()
    page.button(key="train_start").click().run()
    run = _run(page)
    assert run.cfg.arch == "dcgan" and run.cfg.batch_size == 64 and run.cfg.epochs == 50


def test_reset_forgets_the_run(page):
    page.button(key="train_start").click().run()
    run = _run(page)
    page.button(key="train_reset").click().run()  # nothing trained yet: nothing to ask about
    assert run.join(PATIENCE_S)
    assert "train_job" not in page.session_state and run.state in ("stopped", "finished")
    assert board().get(run.id) is None and "run" not in page.query_params
    assert any("press Start" in i.value for i in page.info)


def test_throwing_a_run_away_asks_first(page, wait_until):
    page.button(key="train_start").click().run()
    run = _run(page)
    assert page.query_params["run"] == run.id  # a refresh finds it in the URL
    wait_until(lambda: run.snapshot().step > 0)
    page.button(key="train_pause").click().run()
    assert (
        page.button(key="train_start").label == "New run" and page.button(key="train_start").proto.type == "secondary"
    )
    page.button(key="train_start").click().run()  # a teacher presses it while the run is discussed …
    assert _run(page) is run and run.state == "paused"  # … and nothing is lost yet
    assert any("trained" in m.value and "will be lost" in m.value for m in page.markdown)
    page.button(key="train_new_no").click().run()
    assert _run(page) is run and not any("will be lost" in m.value for m in page.markdown)
    page.button(key="train_reset").click().run()
    page.button(key="train_reset_yes").click().run()
    assert _run(page) is None and board().get(run.id) is None
    page.button(key="train_start").click().run()  # no run on the screen: no question
    assert _run(page) is not None and _run(page) is not run


def _zip(n_pictures: int, extra: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    from PIL import Image

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(n_pictures):
            picture = io.BytesIO()
            Image.new("RGB", (50, 40 + i), (i * 7 % 255, 120, 60)).save(picture, format="PNG")
            archive.writestr(f"{i}.png", picture.getvalue())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_own_pictures_upload_trains_a_dcgan(page, wait_until):
    page.radio(key="train_dataset").set_value("pictures").run()
    assert any("Upload pictures" in i.value for i in page.info) and page.button(key="train_start").disabled
    names = page.selectbox(key="train_preset_pictures").options
    assert all("MLP" not in name for name in names) and len(names) == 4  # the convolutional recipes and the VAE
    page.radio(key="train_picture_size").set_value(32).run()
    page.file_uploader(key="train_upload").set_value(
        ("class.zip", _zip(80, {"x.txt": b"hello"}), "application/zip")
    ).run()
    _until_read(page)
    assert not page.exception
    assert any(
        "80 pictures, centre-cropped to 32×32 px. 1 file skipped: 1 not pictures (x.txt)" in w.value
        for w in page.warning
    )
    page.button(key="train_start").click().run()
    run = _run(page)
    assert run.cfg.image_shape == (3, 32, 32) and run.cfg.arch == "dcgan"
    wait_until(lambda: run.snapshot().epoch >= 1)
    assert run.snapshot().message.startswith("Your own pictures: 80 pictures")


def _until_read(at: AppTest) -> None:
    """Rerun the page until the job reading the upload has ended (a browser's page reruns by itself)."""
    reading = board().get(at.session_state["train_pictures"].job_id)
    assert reading.join(PATIENCE_S)
    at.run()


def test_the_vae_trains_on_the_same_page_with_its_own_losses_and_reconstructions(page, wait_until):
    page.selectbox(key="train_preset").set_value("vae").run()
    assert any("encoder" in c.value for c in page.caption)
    assert page.select_slider(key="train_vae_kl").value == 1.0  # its own settings: no D to tune
    assert not [s for s in page.select_slider if s.key == "train_vae_lr_d"]
    page.select_slider(key="train_vae_kl").set_value(0.5).run()
    page.button(key="train_start").click().run()
    run = _run(page)
    assert run.cfg.arch == "vae" and run.cfg.vae.kl_weight == 0.5
    wait_until(lambda: run.snapshot().epoch >= 1)
    page.run()
    assert not page.exception
    charts = page.get("plotly_chart")
    assert '"reconstruction"' in charts[0].proto.spec and '"KL"' in charts[0].proto.spec
    assert not any('"D(G(z))"' in c.proto.spec for c in charts)  # a VAE has no D
    assert any("rebuilt by the VAE" in m.value for m in page.markdown) and len(page.image) >= 3
    explained = [m.value for e in page.expander for m in e.markdown]
    assert any("Its **encoder**" in m for m in explained) and not any("**D loss**" in m for m in explained)


def test_a_link_to_a_training_that_is_gone_says_so_once_and_drops_it():
    """A link kept from before the server restarted (or from a run whose tabs all closed): the page
    says the run is no longer there, and the link stops naming it."""
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.query_params["run"] = "gone-run"
    at.switch_page("../pages/train.py").run()
    assert not at.exception
    assert any("no longer on the server" in i.value for i in at.info)
    assert "run" not in at.query_params
    at.run()  # the next run of the page: said once
    assert not any("no longer on the server" in i.value for i in at.info)

"""A training as a job: the Train page's worker, its reports and its commands."""

import io
import re
from dataclasses import replace

import numpy as np
import pytest
import torch
from conftest import PATIENCE_S

from explorer.data.datasets import ImageData
from explorer.data.pictures import PictureSet
from explorer.gan.job import TrainJob
from explorer.gan.models import build_generator
from explorer.gan.persistence import load_checkpoint
from explorer.gan.presets import preset

CPU = torch.device("cpu")


def _checkpoint(job: TrainJob, name: str, folder) -> dict:
    """The job's checkpoint as a page gets it (bytes, from wherever the worker runs), loaded."""
    path = folder / "downloaded.pt"
    path.write_bytes(job.read_file(name))
    return load_checkpoint(path)


def test_a_run_trains_to_the_end_and_publishes_everything(launch, tiny_cfg, tiny_data, tmp_path):
    job = launch(TrainJob(tiny_cfg.replace(epochs=3), tiny_data, CPU))
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.state == "finished" and snap.message == tiny_data.source
    assert snap.epoch == 3 and snap.step == 3 * snap.steps_per_epoch
    assert [e for e, _ in snap.grids] == [0, 1, 2, 3]  # the untrained grid, then one per epoch
    assert all(png.startswith(b"\x89PNG") for _, png in snap.grids) and snap.real_grid.startswith(b"\x89PNG")
    assert snap.series["step"] == list(range(1, snap.step + 1))
    quality = snap.epochs[-1]["quality"]  # the digit judge's verdict on every epoch
    assert 1 <= quality["inception_score"] <= 10 and len(quality["class_fractions"]) == 10
    assert len(snap.series["d_loss"]) == snap.step and len(snap.epochs) == 3
    assert all(0 < e["variety"] < 3 for e in snap.epochs)  # how much samples differ, every epoch
    assert snap.images_per_s > 0 and not snap.active and snap.eta_s == 0
    assert snap.checkpoint == "checkpoint.pt" and job.read_file(snap.checkpoint).startswith(b"PK")  # a torch zip
    assert _checkpoint(job, snap.checkpoint, tmp_path)["epoch"] == 3
    epoch, weights = job.generator()  # G as it is now, for the latent page
    G = build_generator(tiny_cfg)
    G.load_state_dict(weights)
    assert epoch == 3 and G(torch.zeros(2, tiny_cfg.latent_dim)).shape == (2, 1, 28, 28)


def test_the_page_shows_the_device_the_worker_runs_on(launch, tiny_cfg, tiny_data):
    """A cluster's training runs on a node that is not the page's: the worker says what it computes
    on, and that replaces the page's guess."""
    job = TrainJob(tiny_cfg.replace(epochs=1), tiny_data, CPU)
    job._snapshot = replace(job._snapshot, device="the page's guess")
    launch(job)
    assert job.join(PATIENCE_S)
    assert re.fullmatch(r"CPU \(\d+ threads?\)", job.snapshot().device)


def test_pause_saves_and_holds_then_resume_goes_on(launch, tiny_cfg, tiny_data, tmp_path, wait_until):
    job = launch(TrainJob(tiny_cfg.replace(epochs=10_000), tiny_data, CPU))
    wait_until(lambda: job.snapshot().step > 5)
    job.pause()
    assert job.state == "paused"  # at once, for the page that asked
    wait_until(lambda: job.snapshot().checkpoint is not None)  # the worker paused, and saved the work so far
    held = _checkpoint(job, job.snapshot().checkpoint, tmp_path)["step"]
    assert job.snapshot().step == held  # nothing trained after the checkpoint: it is held
    job.resume()
    wait_until(lambda: job.snapshot().step > held + 5)
    job.stop()
    assert job.join(PATIENCE_S) and job.state == "stopped"
    assert _checkpoint(job, job.snapshot().checkpoint, tmp_path)["step"] == job.snapshot().step  # saved at the end too


def test_memory_stays_bounded_on_long_runs(launch, tiny_cfg, tiny_data, tmp_path):
    job = launch(TrainJob(tiny_cfg.replace(epochs=40), tiny_data, CPU, max_points=50, max_grids=10))
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.step == 320 and len(snap.series["step"]) <= 50
    assert snap.series["step"] == sorted(snap.series["step"])
    assert len(snap.grids) <= 10 and snap.grids[0][0] == 0 and snap.grids[-1][0] == 40


@pytest.mark.worker_only
def test_a_bad_source_fails_with_a_sentence(launch, tiny_cfg, tmp_path):
    job = launch(TrainJob(tiny_cfg, "cifar", CPU))
    assert job.join(PATIENCE_S)
    assert job.state == "failed" and "unknown dataset 'cifar'" in job.message


@pytest.mark.worker_only
def test_divergence_fails_with_the_reason(launch, tiny_cfg, tiny_data, tmp_path):
    poisoned = ImageData(
        torch.full_like(tiny_data.images, float("nan")), tiny_data.labels, "mnist", "NaN pictures", tiny_data.classes
    )
    job = launch(TrainJob(tiny_cfg.replace(epochs=1000), poisoned, CPU))
    assert job.join(PATIENCE_S)
    assert job.state == "failed" and "NaN or infinite" in job.message and "last good" in job.message


@pytest.mark.worker_only
def test_a_run_trains_on_prepared_pictures_given_as_data(launch, tmp_path):
    pixels = np.random.default_rng(0).integers(0, 256, (24, 32, 32, 3), dtype=np.uint8)
    prepared = io.BytesIO()
    PictureSet(pixels, {"damaged": ["x.jpg"]}).save(prepared)
    cfg = preset("fast").replace(width=4, latent_dim=8, batch_size=8, n_fixed=4, epochs=1).for_data("pictures", 32)
    job = launch(TrainJob(cfg, prepared.getvalue(), CPU))
    assert job.join(PATIENCE_S)
    snap = job.snapshot()
    assert snap.state == "finished" and snap.epoch == 1, snap.message
    assert snap.message.startswith("Your own pictures: 24 pictures") and "1 damaged (x.jpg)" in snap.message
    assert "quality" not in snap.epochs[-1] and snap.epochs[-1]["variety"] > 0  # no digit judge for photos

"""The live training worker and the registry that owns the workers."""

import time

import torch

from explorer.data.datasets import ImageData
from explorer.formats.checkpoint import load_checkpoint
from explorer.gan.live import LiveRun, RunRegistry

CPU = torch.device("cpu")


def test_a_run_trains_to_the_end_and_publishes_everything(tiny_cfg, tiny_data, tmp_path):
    run = LiveRun(tiny_cfg.replace(epochs=3), tiny_data, CPU, checkpoint_path=str(tmp_path / "run.pt"))
    run.start()
    run.join(60)
    snap = run.snapshot()
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
    assert snap.checkpoint == str(tmp_path / "run.pt") and load_checkpoint(snap.checkpoint)["epoch"] == 3
    epoch, weights = run.generator()  # G as it is now, for the latent page
    from explorer.gan.models import build_generator
    G = build_generator(tiny_cfg)
    G.load_state_dict(weights)
    assert epoch == 3 and G(torch.zeros(2, tiny_cfg.latent_dim)).shape == (2, 1, 28, 28)


def test_pause_really_pauses_and_resume_goes_on(tiny_cfg, tiny_data, tmp_path, wait_until):
    run = LiveRun(tiny_cfg.replace(epochs=10_000), tiny_data, CPU, checkpoint_path=str(tmp_path / "run.pt"))
    run.start()
    wait_until(lambda: run.snapshot().step > 5, 60)
    run.pause()
    wait_until(lambda: run.state == "paused")
    time.sleep(0.2)
    held = run.snapshot().step
    time.sleep(0.5)
    assert run.snapshot().step == held
    wait_until(lambda: run.snapshot().checkpoint is not None)  # pausing saved the work so far
    assert load_checkpoint(run.snapshot().checkpoint)["step"] == held
    run.resume()
    wait_until(lambda: run.snapshot().step > held + 5)
    run.stop()
    run.join(10)
    assert run.state == "stopped"
    stopped_at = run.snapshot().step
    time.sleep(0.2)
    assert run.snapshot().step == stopped_at


def test_memory_stays_bounded_on_long_runs(tiny_cfg, tiny_data):
    run = LiveRun(tiny_cfg.replace(epochs=40), tiny_data, CPU, max_points=50, max_grids=10)
    run.start()
    run.join(60)
    snap = run.snapshot()
    assert snap.step == 320 and len(snap.series["step"]) <= 50
    assert snap.series["step"] == sorted(snap.series["step"])
    assert len(snap.grids) <= 10 and snap.grids[0][0] == 0 and snap.grids[-1][0] == 40


def test_a_bad_source_fails_with_a_sentence(tiny_cfg):
    run = LiveRun(tiny_cfg, "cifar", CPU)
    run.start()
    run.join(60)
    assert run.state == "failed" and "unknown dataset 'cifar'" in run.snapshot().message


def test_divergence_fails_with_the_reason(tiny_cfg, tiny_data):
    poisoned = ImageData(torch.full_like(tiny_data.images, float("nan")), tiny_data.labels, "mnist", "NaN pictures",
                         tiny_data.classes)
    run = LiveRun(tiny_cfg.replace(epochs=1000), poisoned, CPU)
    run.start()
    run.join(60)
    snap = run.snapshot()
    assert snap.state == "failed" and "NaN or infinite" in snap.message and "last good" in snap.message


def test_a_killed_worker_is_reported_not_hidden(tiny_cfg, tiny_data, wait_until):
    run = LiveRun(tiny_cfg.replace(epochs=10_000), tiny_data, CPU)
    run.start()
    wait_until(lambda: run.snapshot().step > 0, 60)
    run._process.kill()
    run.join(30)
    assert run.state == "failed" and "ended unexpectedly" in run.snapshot().message


def test_registry_caps_concurrent_runs_and_queues_the_rest(tiny_cfg, tiny_data):
    registry = RunRegistry(max_active=1)
    first = LiveRun(tiny_cfg.replace(epochs=10_000), tiny_data, CPU)
    second = LiveRun(tiny_cfg.replace(epochs=1), tiny_data, CPU)
    registry.submit(first)
    registry.submit(second)
    assert first.started and not second.started
    assert registry.position(second) == 1 and second.state == "queued"
    first.stop()
    first.join(10)
    registry.tick()
    assert second.started and registry.position(second) == 0
    second.join(30)
    assert second.state == "finished"


def test_registry_stops_runs_nobody_polls(tiny_cfg, tiny_data):
    registry = RunRegistry(max_active=2, abandon_after_s=0.3)
    run = LiveRun(tiny_cfg.replace(epochs=10_000), tiny_data, CPU)
    registry.submit(run)
    for _ in range(3):  # a page that keeps polling keeps it alive
        time.sleep(0.2)
        registry.heartbeat(run)
        registry.tick()
        assert run.state in ("loading", "running")
    time.sleep(0.5)  # the tab is closed: no more heartbeats
    registry.tick()
    run.join(10)
    assert run.state == "stopped"
    registry.tick()  # ended runs are forgotten, freeing their slot
    assert run not in registry.runs


def test_a_run_trains_on_saved_pictures(tmp_path):
    import numpy as np

    from explorer.data.pictures import PictureSet
    from explorer.gan.config import preset

    pixels = np.random.default_rng(0).integers(0, 256, (24, 32, 32, 3), dtype=np.uint8)
    PictureSet(pixels, {"damaged": ["x.jpg"]}).save(tmp_path / "pictures.npz")
    cfg = preset("fast").replace(width=4, latent_dim=8, batch_size=8, n_fixed=4, epochs=1).for_data("pictures", 32)
    run = LiveRun(cfg, tmp_path / "pictures.npz", CPU)
    run.start()
    run.join(60)
    snap = run.snapshot()
    assert snap.state == "finished" and snap.epoch == 1, snap.message
    assert snap.message.startswith("Your own pictures: 24 pictures") and "1 damaged (x.jpg)" in snap.message
    assert "quality" not in snap.epochs[-1] and snap.epochs[-1]["variety"] > 0  # no digit judge for photos


def test_discard_stops_the_run_and_deletes_its_folder(tiny_cfg, tiny_data, tmp_path, wait_until):
    folder = tmp_path / "run"
    folder.mkdir()
    run = LiveRun(tiny_cfg.replace(epochs=10_000), tiny_data, CPU, checkpoint_path=str(folder / "c.pt"), workdir=folder)
    run.start()
    wait_until(lambda: run.snapshot().step > 3, 60)
    run.discard()
    wait_until(lambda: not folder.exists(), 60)  # after the worker wrote its last checkpoint there
    assert run.state == "stopped"

"""The live training thread and the registry that owns such threads."""

import time

import pytest
import torch

from explorer.data import DatasetUnavailable
from explorer.live import LiveRun, RunRegistry

CPU = torch.device("cpu")


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


def test_a_run_trains_to_the_end_and_publishes_everything(tiny_cfg, tiny_data):
    run = LiveRun(tiny_cfg.replace(epochs=3), lambda: tiny_data, CPU)
    run.start()
    run.join(60)
    snap = run.snapshot()
    assert snap.state == "finished" and snap.message == tiny_data.source
    assert snap.epoch == 3 and snap.step == 3 * snap.steps_per_epoch
    assert [e for e, _ in snap.grids] == [0, 1, 2, 3]  # the untrained grid, then one per epoch
    assert all(png.startswith(b"\x89PNG") for _, png in snap.grids) and snap.real_grid.startswith(b"\x89PNG")
    assert snap.series["step"] == list(range(1, snap.step + 1))
    assert len(snap.series["d_loss"]) == snap.step and len(snap.epochs) == 3
    assert snap.images_per_s > 0 and not snap.active and snap.eta_s == 0


def test_pause_really_pauses_and_resume_goes_on(tiny_cfg, tiny_data):
    run = LiveRun(tiny_cfg.replace(epochs=10_000), lambda: tiny_data, CPU)
    run.start()
    wait_for(lambda: run.snapshot().step > 5)
    run.pause()
    wait_for(lambda: run.state == "paused")
    time.sleep(0.2)
    held = run.snapshot().step
    time.sleep(0.5)
    assert run.snapshot().step == held
    run.resume()
    wait_for(lambda: run.snapshot().step > held + 5)
    run.stop()
    run.join(10)
    assert run.state == "stopped"
    stopped_at = run.snapshot().step
    time.sleep(0.2)
    assert run.snapshot().step == stopped_at


def test_memory_stays_bounded_on_long_runs(tiny_cfg, tiny_data):
    run = LiveRun(tiny_cfg.replace(epochs=40), lambda: tiny_data, CPU, max_points=50, max_grids=10)
    run.start()
    run.join(60)
    snap = run.snapshot()
    assert snap.step == 320 and len(snap.series["step"]) <= 50
    assert snap.series["step"] == sorted(snap.series["step"])
    assert len(snap.grids) <= 10 and snap.grids[0][0] == 0 and snap.grids[-1][0] == 40


def test_unavailable_data_fails_with_its_message(tiny_cfg):
    def offline():
        raise DatasetUnavailable("Fashion-MNIST is not on this machine")

    run = LiveRun(tiny_cfg, offline, CPU)
    run.start()
    run.join(10)
    assert run.state == "failed" and "Fashion-MNIST is not on this machine" in run.snapshot().message


def test_divergence_fails_with_the_reason_and_keeps_the_last_good_weights(tiny_cfg, tiny_data):
    run = LiveRun(tiny_cfg.replace(epochs=1000, lr_d=0.9, lr_g=0.9, beta1_d=0.0), lambda: tiny_data, CPU)
    original_step = None

    def poison_after_start():
        nonlocal original_step
        wait_for(lambda: run.trainer is not None and run.trainer.step_count > 25)
        with torch.no_grad():
            next(run.trainer.D.parameters()).fill_(float("nan"))

    run.start()
    poison_after_start()
    run.join(30)
    snap = run.snapshot()
    assert snap.state == "failed" and "NaN or infinite" in snap.message
    assert all(torch.isfinite(p).all() for p in run.trainer.G.parameters())


def test_registry_caps_concurrent_runs_and_queues_the_rest(tiny_cfg, tiny_data):
    registry = RunRegistry(max_active=1)
    first = LiveRun(tiny_cfg.replace(epochs=10_000), lambda: tiny_data, CPU)
    second = LiveRun(tiny_cfg.replace(epochs=1), lambda: tiny_data, CPU)
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
    run = LiveRun(tiny_cfg.replace(epochs=10_000), lambda: tiny_data, CPU)
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

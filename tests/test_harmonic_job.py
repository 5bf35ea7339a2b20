"""A harmonic game as a job: it starts paused, plays, pauses, steps, retunes and stops on command."""

import numpy as np
import pytest
from conftest import PATIENCE_S

from explorer.harmonic import curves
from explorer.harmonic.job import HarmonicJob
from explorer.harmonic.presets import HARMONIC_PRESETS

SINE = HARMONIC_PRESETS["sine"].config


def _steps(job: HarmonicJob) -> int:
    frames = job.snapshot().frames
    return frames[-1].step if frames else -1


def test_a_game_waits_paused_then_obeys_play_pause_step_and_stop(launch, wait_until):
    job = HarmonicJob(SINE, curves.Curve(), epochs=100_000, recipe="sine")
    launch(job)
    wait_until(lambda: job.state == "paused" and _steps(job) == 0)  # the untrained game, drawn
    snap = job.snapshot()
    assert snap.real.shape == (1024, 2) and snap.frames[0].fake.shape[1] == 2
    job.resume()
    wait_until(lambda: _steps(job) > 50)
    job.pause()
    wait_until(lambda: job.settled)  # the worker paused and sent the picture of that moment
    held, before = _steps(job), job.snapshot().frames[-1]
    job.step(3, "d")  # three steps of D alone, shown as one new frame (the page waits briefly for it)
    wait_until(lambda: _steps(job) == held + 3)
    assert job.state == "paused"
    d_only = job.snapshot().frames[-1]  # D learnt (its map of "real" moved), G did not (the same points)
    assert np.array_equal(d_only.fake, before.fake) and not np.array_equal(d_only.heat, before.heat)
    job.retune(lr_d=2e-3, d_steps=2)
    job.train_only("g")
    job.slow(0.01)
    job.resume()
    wait_until(lambda: _steps(job) > held + 20)
    job.pause()
    wait_until(lambda: job.settled)
    later = [f for f in job.snapshot().frames if f.step > held + 3]  # from now on G alone: D's map stays
    assert later and all(np.array_equal(f.heat, d_only.heat) for f in later)
    assert not np.array_equal(later[-1].fake, d_only.fake) and not job.message  # G moved; the retune was taken
    assert job.cfg.objective.lr_d == 2e-3 and job.cfg.objective.d_steps == 2
    job.stop()
    assert job.join(PATIENCE_S) and job.state == "stopped"


@pytest.mark.worker_only
def test_a_bad_retune_is_said_not_fatal(launch, wait_until):
    job = HarmonicJob(SINE, curves.Curve(), epochs=100_000)
    launch(job)
    wait_until(lambda: job.state == "paused")
    job.retune(d_steps=50)
    wait_until(lambda: "d_steps" in job.message)
    assert job.state == "paused"
    job.stop()
    assert job.join(PATIENCE_S)


def test_a_game_finishes_its_epochs(launch, wait_until):
    job = HarmonicJob(SINE, curves.Curve(kind="circle"), epochs=3, running=True)
    launch(job)
    assert job.join(PATIENCE_S) and job.state == "finished" and job.snapshot().frames[-1].epoch == 3


def test_a_learnt_game_gets_a_new_target_and_a_fresh_d_or_g(launch, wait_until):
    """Something to watch once the curve is learnt: the real points move to a harder curve (the nets
    keep what they learnt), and one net starts again from random weights."""
    job = HarmonicJob(SINE, curves.Curve(), epochs=100_000, recipe="sine")
    launch(job)
    wait_until(lambda: job.state == "paused" and _steps(job) == 0)
    job.step(10)  # steps of ten
    wait_until(lambda: _steps(job) == 10)
    before = job.snapshot().real.copy()
    harder = curves.Curve(harmonics=(0.5, 0.25))
    job.new_target(harder)
    wait_until(lambda: not (job.snapshot().real == before).all())
    assert job.curve == harder and job.state == "paused" and _steps(job) == 10  # no step taken, nothing lost
    job.reset("d")
    job.step(1)
    wait_until(lambda: _steps(job) == 11)
    job.reset("g")
    job.resume()
    wait_until(lambda: _steps(job) > 40)
    assert job.state == "running" and not job.message
    job.stop()
    assert job.join(PATIENCE_S)

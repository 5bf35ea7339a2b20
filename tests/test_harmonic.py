"""The harmonic GAN's core: curves, their metrics, the one trainer on points, the CLI."""

import json
import math

import numpy as np
import pytest
import torch

from explorer.cli import main
from explorer.gan import config
from explorer.gan.models import build_models
from explorer.gan.trainer import Trainer, train_for
from explorer.harmonic import curves, presets


def test_the_slides_data_is_1024_points_on_the_sine():
    ds = curves.dataset(curves.Curve(), 1024, seed=0)
    x, y = ds.images[:, 0], ds.images[:, 1]
    assert ds.images.shape == (1024, 2)
    assert 0 <= float(x.min()) and float(x.max()) <= 2 * math.pi
    assert torch.allclose(y, torch.sin(x))
    assert "y = sin(x)" in ds.source


@pytest.mark.parametrize(
    "curve",
    [
        curves.Curve(amplitude=2, frequency=3, phase=0.5, harmonics=(0.5, 0.25)),
        curves.Curve(kind="circle"),
        curves.Curve(kind="moons"),
    ],
)
def test_real_points_fit_their_own_curve(curve):
    points = curve.sample(10_000, torch.Generator().manual_seed(1))
    fit = curves.measure(curve, points)
    assert fit.distance < 0.002 and fit.within == 1.0
    assert fit.coverage < 0.05  # 10,000 uniform points: ≈ 0.02
    assert fit.js < 0.02


def test_the_metrics_see_what_is_wrong():
    sine = curves.Curve()
    rng = torch.Generator().manual_seed(2)
    good = sine.sample(10_000, rng)
    off = good + torch.tensor([0.0, 0.3])  # the right spread, 0.3 above the curve
    assert curves.measure(sine, off).distance == pytest.approx(0.3, abs=1e-4)
    assert curves.measure(sine, off).within == 0.0
    half = good[good[:, 0] < math.pi]  # only the first half of the curve: collapsed
    collapsed = curves.measure(sine, half)
    assert collapsed.distance < 1e-5 and collapsed.coverage > 1.4  # ≈ π/2 of x missing on average
    assert collapsed.js > 0.3
    nan = good.clone()
    nan[:10] = float("nan")
    assert curves.measure(sine, nan).within < 1.0  # a diverged point counts as far away
    # noise on y moves the points off the curve but they still spread over x
    noisy = curves.Curve(noise=0.1).sample(10_000, rng)
    assert curves.measure(sine, noisy).distance == pytest.approx(0.1 * math.sqrt(2 / math.pi), rel=0.05)


def test_wasserstein_to_the_uniform():
    assert curves.wasserstein_to_uniform(torch.linspace(0, 1, 10_001)) < 1e-3
    assert curves.wasserstein_to_uniform(torch.zeros(100)) == pytest.approx(0.5, abs=1e-3)
    assert curves.wasserstein_to_uniform(torch.full((100,), 2.0)) == pytest.approx(1.5, abs=1e-3)


def test_bad_curves_are_refused_with_a_sentence():
    with pytest.raises(ValueError, match="must be one of"):
        curves.Curve(kind="spiral")
    with pytest.raises(ValueError, match="frequency"):
        curves.Curve(frequency=0)
    with pytest.raises(ValueError, match="real points"):
        curves.dataset(curves.Curve(), 3)


def test_the_slides_networks_exactly():
    G, D = build_models(presets.SLIDES_SINE)
    assert [m.out_features for m in G.modules() if isinstance(m, torch.nn.Linear)] == [16, 32, 2]
    assert [m.out_features for m in D.modules() if isinstance(m, torch.nn.Linear)] == [256, 128, 64, 1]
    assert sum(type(m).__name__ == "Dropout" for m in D.modules()) == 3
    assert not any(isinstance(m, torch.nn.Tanh) for m in G.modules())  # points are not bounded


def test_standardized_nets_start_on_the_datas_range():
    cfg = presets.HARMONIC_PRESETS["sine"].config
    trainer = Trainer(cfg, curves.dataset(curves.Curve(), 1024), device="cpu")
    points = trainer.sample(torch.randn(2000, cfg.latent_dim))
    # an untrained G already lands around the data's centre (π, 0); the slides' G starts near (0, 0)
    assert abs(float(points[:, 0].mean()) - math.pi) < 1.0 and abs(float(points[:, 1].mean())) < 0.5
    slides = Trainer(presets.SLIDES_SINE, curves.dataset(curves.Curve(), 1024), device="cpu")
    assert abs(float(slides.sample(torch.randn(2000, 2))[:, 0].mean())) < 1.0
    with pytest.raises(ValueError, match="standardize is for points"):
        config.TrainConfig(standardize=True)


def test_one_trainer_learns_the_sine():
    cfg = presets.HARMONIC_PRESETS["sine"].config.replace(seed=0)
    trainer = Trainer(cfg, curves.dataset(curves.Curve(), 1024), device="cpu")
    z = torch.randn(5000, cfg.latent_dim, generator=torch.Generator().manual_seed(5))
    before = curves.measure(curves.Curve(), trainer.sample(z))
    train_for(trainer, epochs=60)
    after = curves.measure(curves.Curve(), trainer.sample(z))
    assert trainer.step_count == 60 * 8  # 1,024 points / batch 128
    assert after.distance < before.distance / 2 and after.js < before.js


def test_cli_harmonic_writes_points_and_their_fit(tmp_path, capsys):
    out = tmp_path / "points.npy"
    assert main(["harmonic", "--epochs", "3", "--seed", "1", "--n", "500", "--out", str(out)]) == 0
    points = np.load(out)
    assert points.shape == (500, 2) and points.dtype == np.float32
    report = json.loads(capsys.readouterr().out)
    assert report["epochs"] == 3 and report["preset"] == "sine"
    assert set(report) >= {"distance", "within", "coverage", "js", "train_seconds"}
    assert main(["harmonic", "--epochs", "1", "--preset", "sine-slides", "--curve", "circle", "--out", str(out)]) == 0
    assert main(["harmonic", "--epochs", "1", "--frequency", "0", "--out", str(out)]) == 2
    assert "frequency" in capsys.readouterr().err
    assert main(["harmonic", "--epochs", "1", "--out", str(tmp_path / "no" / "such" / "dir" / "p.npy")]) == 2


def _weights(net: torch.nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in net.parameters()]


def test_a_step_of_d_only_or_g_only_leaves_the_other_net_alone():
    """GAN Lab's "step D only": G stays, and so does the averaged G the game draws (the recipe's
    ema 0.99: it used to drift towards G on D's steps, so the points moved while only D learnt)."""
    cfg = presets.HARMONIC_PRESETS["sine"].config
    assert cfg.ema > 0
    trainer = Trainer(cfg, curves.dataset(curves.Curve(), 1024), device="cpu")
    for _ in range(5):
        trainer.step()  # the averaged G is behind G now
    for phases, moved, kept in (
        ("d", trainer.D, trainer.G_ema),
        ("d", trainer.D, trainer.G),
        ("g", trainer.G, trainer.D),
    ):
        before_moved, before_kept = _weights(moved), _weights(kept)
        m = trainer.step(phases)
        assert torch.isfinite(m.values["d_loss"]) and torch.isfinite(
            m.values["g_loss"]
        )  # both losses are still reported
        assert any(not torch.equal(a, b) for a, b in zip(before_moved, _weights(moved)))
        assert all(torch.equal(a, b) for a, b in zip(before_kept, _weights(kept)))
    with pytest.raises(ValueError, match="phases"):
        trainer.step("x")


def test_learning_rates_and_d_steps_change_without_a_reset():
    trainer = Trainer(presets.HARMONIC_PRESETS["sine"].config, curves.dataset(curves.Curve(), 1024), device="cpu")
    train_for(trainer, epochs=2)
    steps, moments = trainer.step_count, trainer.objective.opt.state_dict()["state"][0]["exp_avg"].clone()
    trainer.retune(lr_d=2e-3, lr_g=1e-4, d_steps=2)
    assert trainer.objective.opt.param_groups[0]["lr"] == 2e-3 and trainer.opt_g.param_groups[0]["lr"] == 1e-4
    assert trainer.steps_per_epoch == 1024 // (128 * 2)
    assert trainer.step_count == steps  # nothing was reset…
    assert torch.equal(trainer.objective.opt.state_dict()["state"][0]["exp_avg"], moments)  # …not even Adam's moments
    trainer.step()
    with pytest.raises(ValueError, match="d_steps"):
        trainer.retune(d_steps=50)


def test_a_frame_shows_the_game_and_its_arrows_point_up_ds_slope():
    from explorer.harmonic.game import ARROWS, HEAT, MANIFOLD, POINTS, Probe, make_frame

    curve = curves.Curve()
    trainer = Trainer(presets.HARMONIC_PRESETS["sine"].config, curves.dataset(curve, 1024), device="cpu")
    train_for(trainer, epochs=3)
    frame = make_frame(trainer, curve, Probe.make(curve, trainer.cfg.latent_dim), (0.7, 0.7), 1.0)
    assert frame.fake.shape == (POINTS, 2) and frame.heat.shape == (HEAT, HEAT)
    assert frame.manifold.shape == (MANIFOLD, MANIFOLD, 2) and frame.arrows.shape == (ARROWS, 2)
    assert 0 <= frame.heat.min() and frame.heat.max() <= 1 and 0 <= frame.d_real <= 1
    # a small move along each arrow makes D find the point more real: the push is up D's slope
    trainer.D.eval()
    with torch.no_grad():
        here = torch.from_numpy(frame.fake[:ARROWS])
        step = torch.from_numpy(frame.arrows) * 1e-3 / torch.from_numpy(frame.arrows).norm(dim=1, keepdim=True)
        assert (trainer.D(here + step) > trainer.D(here)).float().mean() > 0.9

"""The harmonic game in the plane: one `Frame` is one picture of it at a step (GAN Lab's views).

A frame holds the generated points, the discriminator's probability of "real" over the plane,
where a grid of latent points lands (G's manifold), the direction G's loss pushes each generated
point, the losses and the fit (explorer/harmonic/curves.py). `make_frame` computes one from a
trainer; it is pure and tested alone. Every frame is computed on the same fixed inputs (`Probe`),
so frames differ only by training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explorer.gan.trainer import Trainer
from explorer.harmonic import curves

POINTS = 400  # generated points in a frame (from one fixed latent batch, so a point can be followed)
HEAT = 40  # the discriminator's map: HEAT × HEAT cells
MANIFOLD = 15  # G's manifold: MANIFOLD × MANIFOLD latent points (the first two latent dimensions)
ARROWS = 60  # generated points that carry an arrow
MEASURE = 2000  # generated points the fit is measured on, per frame


@dataclass(frozen=True)
class Frame:
    epoch: int
    step: int
    seconds: float  # training time so far, pauses excluded
    fake: np.ndarray  # [POINTS, 2]
    heat: np.ndarray  # [HEAT, HEAT] D's probability of "real"; rows are y (bottom first), columns x
    manifold: np.ndarray  # [MANIFOLD, MANIFOLD, 2] G of a latent grid
    arrows: np.ndarray  # [ARROWS, 2] the step G's loss gradient asks of the first ARROWS points
    d_loss: float  # mean losses of the training steps since the last frame
    g_loss: float
    d_real: float  # D(x): D's mean probability of "real" on 1,000 real points, now
    d_fake: float  # D(G(z)): the same on the frame's generated points
    fit: curves.Fit


@dataclass(frozen=True)
class Probe:
    """The fixed inputs every frame is computed on, so frames differ only by training."""

    z: torch.Tensor  # [POINTS, latent]
    z_measure: torch.Tensor  # [MEASURE, latent]
    z_grid: torch.Tensor  # [MANIFOLD², latent]
    plane: torch.Tensor  # [HEAT², 2] the centres of D's map's cells

    @classmethod
    def make(cls, curve: curves.Curve, latent_dim: int, seed: int = 0) -> Probe:
        rng = torch.Generator().manual_seed(seed + 101)
        xs, ys = heat_cells(curve)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        # the manifold: a grid over ±2 standard deviations of the first two latent dimensions
        side = torch.linspace(-2, 2, MANIFOLD)
        u, v = torch.meshgrid(side, side, indexing="ij")
        z_grid = torch.zeros(MANIFOLD * MANIFOLD, latent_dim)
        z_grid[:, 0] = u.reshape(-1)
        if latent_dim > 1:
            z_grid[:, 1] = v.reshape(-1)
        return cls(
            torch.randn(POINTS, latent_dim, generator=rng),
            torch.randn(MEASURE, latent_dim, generator=rng),
            z_grid,
            torch.stack([gx.reshape(-1), gy.reshape(-1)], 1),
        )


def heat_cells(curve: curves.Curve) -> tuple[torch.Tensor, torch.Tensor]:
    """(x, y) of the centres of D's map's columns and rows over the curve's view of the plane."""
    x0, x1, y0, y1 = curve.bounds()
    return (
        torch.linspace(x0, x1, HEAT + 1)[:-1] + (x1 - x0) / HEAT / 2,
        torch.linspace(y0, y1, HEAT + 1)[:-1] + (y1 - y0) / HEAT / 2,
    )


def make_frame(
    trainer: Trainer, curve: curves.Curve, probe: Probe, losses: tuple[float, float], seconds: float
) -> Frame:
    G, D = trainer.G_ema, trainer.D
    was = G.training, D.training
    G.eval(), D.eval()
    try:
        with torch.no_grad():
            fake = G(probe.z)
            measured = G(probe.z_measure)
            manifold = G(probe.z_grid).reshape(MANIFOLD, MANIFOLD, 2)
            heat = torch.sigmoid(D(probe.plane)).reshape(HEAT, HEAT)
            d_real = float(torch.sigmoid(D(curves.reference(curve)[:1000])).mean())
            d_fake = float(torch.sigmoid(D(fake)).mean())
        # where G's loss wants each point to go: −∂L_G/∂x (the push D's slope gives G)
        x = fake[:ARROWS].clone().requires_grad_(True)
        loss = trainer.generator_loss(D(x).float())
        (grad,) = torch.autograd.grad(loss * ARROWS, x)
    finally:
        G.train(was[0]), D.train(was[1])
    return Frame(
        trainer.epoch,
        trainer.step_count,
        seconds,
        fake.numpy().astype(np.float32),
        heat.numpy().astype(np.float32),
        manifold.numpy().astype(np.float32),
        (-grad).numpy().astype(np.float32),
        *losses,
        d_real,
        d_fake,
        curves.measure(curve, measured),
    )

"""`harmonic`: the sine-curve GAN trained from the command line, its generated points to a .npy file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from explorer.cli.args import positive_float, positive_int, say
from explorer.gan import config
from explorer.gan.trainer import Trainer, TrainingDiverged, train_for
from explorer.harmonic import curves
from explorer.harmonic.presets import DEFAULT_HARMONIC, HARMONIC_PRESETS
from explorer.settings import given, option


def add_commands(sub) -> None:
    h = sub.add_parser("harmonic", help="train the sine-curve GAN and write generated points [N, 2] to a .npy file")
    h.add_argument(
        "--preset",
        choices=list(HARMONIC_PRESETS),
        default=DEFAULT_HARMONIC,
        help=f"default: {DEFAULT_HARMONIC}; sine-slides is the slides' recipe as written",
    )
    budget = h.add_mutually_exclusive_group()
    budget.add_argument("--epochs", type=positive_int)
    budget.add_argument("--time-budget", type=positive_float, metavar="SECONDS")
    h.add_argument("--seed", type=int)
    h.add_argument("--n", type=int, default=1000, help="generated points to write (default 1,000)")
    h.add_argument("--points", type=positive_int, default=1024, help="real points to train on (default 1,024)")
    option(h, curves.Curve, "kind", flag="--curve", choices=curves.KINDS)
    for name in ("amplitude", "frequency", "phase", "noise"):
        option(h, curves.Curve, name)
    option(h, curves.Curve, "harmonics", type=float, nargs="*", metavar="A")
    h.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override one setting of the preset")
    h.add_argument("--out", type=Path, required=True)
    h.set_defaults(func=cmd_harmonic)


def cmd_harmonic(args) -> int:
    """The harmonic GAN (docs/lessons.md, row 4): train on points of a curve, write generated points."""
    if not 1 <= args.n <= 1_000_000:
        raise ValueError("--n must be between 1 and 1,000,000")
    cfg = HARMONIC_PRESETS[args.preset].config.replace(**config.parse_overrides(args.set))
    if args.seed is not None:
        cfg = cfg.replace(seed=args.seed)
    curve = curves.Curve(**given(args, curves.Curve))
    trainer = Trainer(cfg, curves.dataset(curve, args.points, seed=cfg.seed), device="cpu")
    say(f"training {args.preset} on {curves.describe(curve)}")
    probe = torch.randn(10_000, cfg.latent_dim, generator=torch.Generator().manual_seed(cfg.seed + 7))
    every = max(1, (args.epochs or cfg.epochs) // 10) if args.time_budget is None else None
    last = [time.perf_counter()]

    def report(s) -> None:
        if (every and s.epoch % every == 0) or (every is None and time.perf_counter() - last[0] >= 1.0):
            last[0] = time.perf_counter()
            fit = curves.measure(curve, trainer.sample(probe))
            say(
                f"epoch {s.epoch:5d}  D {s.means['d_loss']:.3f}  G {s.means['g_loss']:.3f}  "
                f"distance {fit.distance:.3f}  "
                f"within 0.1: {fit.within:.0%}  coverage {fit.coverage:.3f}  JS {fit.js:.3f}"
            )

    outcome = "finished"
    try:
        seconds = train_for(trainer, epochs=args.epochs, seconds=args.time_budget, on_epoch=report)
    except TrainingDiverged as error:
        outcome, seconds = "diverged", 0.0
        say(str(error))
    rng = torch.Generator().manual_seed(cfg.seed + 11)
    points = trainer.sample(torch.randn(args.n, cfg.latent_dim, generator=rng)).numpy().astype(np.float32)
    fit = curves.measure(curve, torch.from_numpy(points))
    try:
        np.save(args.out, points)
    except OSError as error:
        raise ValueError(f"could not write {args.out}: {error.strerror or error}") from error
    say(f"wrote {args.n} points {points.shape} to {args.out}")
    print(
        json.dumps(
            {
                "points": str(args.out),
                "epochs": trainer.epoch,
                "steps": trainer.step_count,
                "train_seconds": round(seconds, 2),
                "curve": curve.to_dict(),
                "preset": args.preset,
                "outcome": outcome,
                **fit.to_dict(),
            }
        )
    )
    return 0 if outcome == "finished" else 1

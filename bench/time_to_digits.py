"""How fast does a preset reach readable digits on this machine?

Trains on the offline MNIST digits (what the product has without internet) for a wall-clock
budget, pausing the clock every --eval-every seconds to score 5,000 samples with the project's
digit judge. Prints one row per evaluation: training seconds, epoch, Inception-style score,
Fréchet distance, the rarest and commonest digit's share, and whether every digit has 5–15%.

    python bench/time_to_digits.py --preset fast --budget 120
    python bench/time_to_digits.py --preset keras-mlp --set lr_d=1e-4 --budget 60
"""

from __future__ import annotations

import argparse
import json

import torch
from common import machine

from explorer.data import datasets
from explorer.gan import judge, presets
from explorer.gan.config import parse_overrides
from explorer.gan.trainer import Trainer, train_for


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default=presets.DEFAULT_PRESET)
    p.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE")
    p.add_argument("--budget", type=float, default=120)
    p.add_argument("--eval-every", type=float, default=15)
    p.add_argument("--samples", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save", help="write the final trainer checkpoint here")
    args = p.parse_args()

    cfg = presets.preset(args.preset).replace(seed=args.seed, **parse_overrides(args.set))
    ds = datasets.load_dataset("mnist", download=False)
    scorer = judge.load_judge()
    trainer = Trainer(cfg, ds)
    z = torch.randn(args.samples, cfg.latent_dim, generator=torch.Generator().manual_seed(1234))
    print(f"# {machine()}\n# {ds.source}\n# preset {args.preset} {json.dumps(parse_overrides(args.set))}")
    print(f"{'train_s':>8} {'epoch':>6} {'steps':>6} {'IS':>6} {'FD':>7} {'min%':>5} {'max%':>5} coverage")
    trained, best = 0.0, None
    while trained < args.budget - 1e-6:
        trained += train_for(trainer, seconds=min(args.eval_every, args.budget - trained))
        q = judge.evaluate(scorer, trainer.sample(z))
        lo, hi = min(q.class_fractions), max(q.class_fractions)
        print(
            f"{trained:8.1f} {trainer.epoch:6d} {trainer.step_count:6d} {q.inception_score:6.2f} "
            f"{q.frechet_distance:7.2f} {lo:5.1%} {hi:5.1%} {'ok' if q.coverage_ok else '-'}",
            flush=True,
        )
        if q.inception_score >= 8 and q.coverage_ok and best is None:
            best = trained
    if args.save:
        from explorer.gan.persistence import save_checkpoint

        save_checkpoint(args.save, trainer)
    print(f"# reached IS >= 8 with every digit in 5-15%: {f'after {best:.0f} s' if best else 'no'}")


if __name__ == "__main__":
    main()

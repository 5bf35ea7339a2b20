"""Quality per training step of candidate recipes: where the default preset came from.

Quality after a number of steps hardly depends on the device, so candidates can be screened on a
fast machine and their CPU time read off `bench/time_to_digits.py` (or steps × the CPU's s/step).
Prints one JSON line per evaluation: recipe, step, Inception-style score, Fréchet distance,
rarest/commonest digit share, coverage (every digit 5–15%).

    python bench/steps_to_digits.py --steps 6000 --every 500 [--only base ema] [--npz digits.npz]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch
from common import machine

from explorer.data import datasets
from explorer.device import pick_device
from explorer.gan import judge, presets
from explorer.gan.trainer import Trainer

DC16 = dict(
    arch="dcgan",
    width=16,
    batch_size=64,
    lr_g=2e-4,
    lr_d=2e-4,
    beta1_g=0.5,
    beta1_d=0.5,
    real_label=0.9,
    activation="leaky_relu",
    dropout=0.3,
    epochs=400,
)
FAST = {k: v for k, v in presets.preset("fast").to_dict().items() if k != "objective"} | {
    k: v for k, v in presets.preset("fast").to_dict()["objective"].items() if k != "kind"
}  # every setting by its name, as replace() takes them
CANDIDATES: dict[str, dict] = {
    "dc16": DC16,
    "dc16-ema": DC16 | dict(ema=0.999),
    "dc16-ema99": DC16 | dict(ema=0.99),
    "dc16-lr5": DC16 | dict(lr_g=5e-4, lr_d=5e-4),
    "dc16-lrg5": DC16 | dict(lr_g=5e-4),
    "dc16-nodrop": DC16 | dict(dropout=0.0),
    "dc16-b32": DC16 | dict(batch_size=32),
    "dc16-b128": DC16 | dict(batch_size=128),
    "dc16-rl1": DC16 | dict(real_label=1.0),
    "dc16-z32": DC16 | dict(latent_dim=32),
    "dc24": DC16 | dict(width=24),
    "dc32": DC16 | dict(width=32),
    "dc8": DC16 | dict(width=8),
    "dc16-lr5-nodrop": DC16 | dict(lr_g=5e-4, lr_d=5e-4, dropout=0.0),
    "dc16-lr5-ema": DC16 | dict(lr_g=5e-4, lr_d=5e-4, ema=0.999),
    "dc16-lr10": DC16 | dict(lr_g=1e-3, lr_d=1e-3),
    "dc16-lr5-b128": DC16 | dict(lr_g=5e-4, lr_d=5e-4, batch_size=128),
    "dc24-lr5": DC16 | dict(width=24, lr_g=5e-4, lr_d=5e-4),
    "dc32-lr5": DC16 | dict(width=32, lr_g=5e-4, lr_d=5e-4),
    "dc32-lr5-nodrop": DC16 | dict(width=32, lr_g=5e-4, lr_d=5e-4, dropout=0.0),
    "dc16-lr5-b1": DC16 | dict(lr_g=5e-4, lr_d=5e-4, beta1_g=0.0, beta1_d=0.0, beta2=0.9),
    "dc16-lr5-da": DC16 | dict(lr_g=5e-4, lr_d=5e-4, diff_augment=True),
    "dc16-lr5-da-nodrop": DC16 | dict(lr_g=5e-4, lr_d=5e-4, diff_augment=True, dropout=0.0),
    "dc32-lr5-da": DC16 | dict(width=32, lr_g=5e-4, lr_d=5e-4, diff_augment=True),
    "dc16-da": DC16 | dict(diff_augment=True),
    "mlp-b64-ema": dict(batch_size=64, ema=0.999),
    # around the `fast` preset (the default), which these screens led to
    "fast": FAST,
    "fast-w20": FAST | dict(width=20),
    "fast-w24": FAST | dict(width=24),
    "fast-ema9995": FAST | dict(ema=0.9995),
    "fast-ema998": FAST | dict(ema=0.998),
    "fast-lr2": FAST | dict(lr_g=2e-3, lr_d=2e-3),
    "fast-lrd2": FAST | dict(lr_d=2e-3),
    "fast-b128": FAST | dict(batch_size=128),
    "fast-b32": FAST | dict(batch_size=32),
    "fast-rl1": FAST | dict(real_label=1.0),
    "mlp-lr5-ema": dict(lr_g=5e-4, lr_d=5e-4, ema=0.999),
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=6000)
    p.add_argument("--every", type=int, default=500)
    p.add_argument("--only", nargs="*")
    p.add_argument("--npz", help="digits as x [N, 28, 28] uint8, y [N] (default: what the product loads offline)")
    p.add_argument("--device", default="auto")
    p.add_argument("--samples", type=int, default=5000)
    p.add_argument("--eager", action="store_true", help="no CUDA graph")
    args = p.parse_args()

    device = pick_device(args.device)
    if args.npz:
        arrays = np.load(args.npz)
        ds = datasets.ImageData(
            datasets.to_unit_range(arrays["x"]),
            torch.from_numpy(arrays["y"]),
            "mnist",
            args.npz,
            datasets.MNIST_CLASSES,
        )
    else:
        ds = datasets.load_dataset("mnist", download=False)
    ds = ds.to(device)
    scorer = judge.load_judge(device=device)
    print(f"# {machine()}; {len(ds)} digits", flush=True)
    for name in args.only or CANDIDATES:
        cfg = presets.preset("keras-mlp").replace(**CANDIDATES[name])
        trainer = Trainer(cfg, ds, device, cuda_graph=not args.eager)
        z = torch.randn(args.samples, cfg.latent_dim, generator=torch.Generator().manual_seed(1234))
        start = time.perf_counter()
        while trainer.step_count < args.steps:
            for _ in range(args.every):
                trainer.step()
            trainer.check_finite()
            q = judge.evaluate(scorer, trainer.sample(z))
            print(
                json.dumps(
                    {
                        "recipe": name,
                        "step": trainer.step_count,
                        "IS": round(q.inception_score, 2),
                        "FD": round(q.frechet_distance, 1),
                        "min": round(min(q.class_fractions), 3),
                        "max": round(max(q.class_fractions), 3),
                        "cov": q.coverage_ok,
                        "wall": round(time.perf_counter() - start, 1),
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()

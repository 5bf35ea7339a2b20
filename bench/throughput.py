"""Trainer throughput against the tutorial-style loop (bench/tutorial_loop.py), in one process.

Both train the same MLP GAN (keras-mlp preset: batch 128) on the same images, taking turns
(tutorial, trainer, tutorial, trainer) so that neither gets a warmer machine; prints images/s of
each, the ratio, and the time of one epoch of 60,000 images.

    python bench/throughput.py [--seconds 10] [--device auto] [--synthetic 60000]
"""

from __future__ import annotations

import argparse
import time

import torch
from common import machine
from tutorial_loop import TutorialGAN

from explorer.data import datasets
from explorer.device import pick_device
from explorer.gan import presets
from explorer.gan.trainer import Trainer


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def trainer_rate(trainer: Trainer, seconds: float) -> float:
    sync(trainer.device)
    start, images = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            trainer.step()
        images += 50 * trainer.cfg.images_per_step
        sync(trainer.device)  # count only finished work
    return images / (time.perf_counter() - start)


def epoch_seconds(trainer: Trainer) -> float:
    """Wall time of a full epoch (steps_per_epoch steps), synced at both ends."""
    sync(trainer.device)
    start = time.perf_counter()
    for _ in range(trainer.steps_per_epoch):
        trainer.step()
    trainer.check_finite()
    sync(trainer.device)
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--device", default="auto")
    p.add_argument("--synthetic", type=int, default=0, help="use N random images instead of the offline digits")
    p.add_argument("--preset", default="keras-mlp")
    p.add_argument("--eager", action="store_true", help="no CUDA graph (to measure what the graph buys)")
    args = p.parse_args()

    device = pick_device(args.device)
    if args.synthetic:
        g = torch.Generator().manual_seed(0)
        images = torch.rand(args.synthetic, 1, 28, 28, generator=g) * 2 - 1
        ds = datasets.ImageData(
            images, torch.zeros(args.synthetic, dtype=torch.long), "mnist", "random", datasets.MNIST_CLASSES
        )
    else:
        ds = datasets.load_dataset("mnist", download=False)
    cfg = presets.preset(args.preset)
    trainer = Trainer(cfg, ds, device, cuda_graph=not args.eager)
    tutorial = TutorialGAN(ds.images, device, batch_size=cfg.batch_size)
    tutorial.train(1.0)  # warm-up: allocator, kernels, cuBLAS handles
    trainer_rate(trainer, 1.0)

    rates = {"tutorial": [], "trainer": []}
    for _ in range(2):
        start = time.perf_counter()
        images = tutorial.train(args.seconds)  # its per-step .item() has synced the device
        rates["tutorial"].append(images / (time.perf_counter() - start))
        rates["trainer"].append(trainer_rate(trainer, args.seconds))
    tut, ours = max(rates["tutorial"]), max(rates["trainer"])
    mode = "eager" if args.eager or device.type != "cuda" else "CUDA graph"
    print(f"# {machine()}; {len(ds):,} images, preset {args.preset}, batch {cfg.batch_size}, trainer step: {mode}")
    print(f"tutorial loop : {tut:10,.0f} images/s  (runs: {', '.join(f'{r:,.0f}' for r in rates['tutorial'])})")
    print(f"trainer       : {ours:10,.0f} images/s  (runs: {', '.join(f'{r:,.0f}' for r in rates['trainer'])})")
    print(f"ratio trainer/tutorial: {ours / tut:.2f}x")
    print(f"one epoch of 60,000 images: trainer {60000 / ours:.2f} s, tutorial {60000 / tut:.2f} s (from the rates)")
    if len(ds) >= 60000:
        print(
            f"measured epoch of {len(ds):,} images at batch {cfg.batch_size}: "
            f"{min(epoch_seconds(trainer) for _ in range(3)):.3f} s (best of 3)"
        )


if __name__ == "__main__":
    main()

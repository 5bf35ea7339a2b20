"""How fast does the harmonic GAN reach the sine curve? The slides' own loop beside ours.

Three runs per seed, one after another in this process, each for --budget seconds of training
(the clock stops while the points are measured):
- slides loop: the student slides' PyTorch code as written (a DataLoader over 1,024 points,
  batch 32, nn.BCELoss on a Sigmoid, Adam(1e-3), D fed real and fake in one batch);
- sine-slides: the same recipe on the project's one Trainer;
- sine: the page's default recipe (explorer/harmonic/presets.py).
Every --every seconds of training, 10,000 generated points are measured (explorer/curves.py):
mean |y − sin x|, the share within 0.1, coverage (Wasserstein-1 of x to the uniform). A run
"reaches" the curve when distance ≤ 0.05, within ≥ 90% and coverage ≤ 0.1 hold at once.

    python bench/harmonic_speed.py --seeds 5 --budget 30
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import torch
from common import machine
from torch import nn
from torch.utils.data import DataLoader

from explorer.gan.trainer import Trainer
from explorer.harmonic import curves, presets

CURVE = curves.Curve()


def reached(fit: curves.Fit) -> bool:
    return fit.distance <= 0.05 and fit.within >= 0.9 and fit.coverage <= 0.1


class SlidesLoop:
    """The slides' training code, kept as written (only wrapped so it runs one epoch at a time)."""

    def __init__(self, seed: int) -> None:
        torch.manual_seed(seed)
        train_data = torch.zeros((1024, 2))
        train_data[:, 0] = 2 * math.pi * torch.rand(1024)
        train_data[:, 1] = torch.sin(train_data[:, 0])
        train_set = [(train_data[i], torch.zeros(1024)[i]) for i in range(1024)]
        self.batch_size = 32
        self.loader = DataLoader(train_set, batch_size=self.batch_size, shuffle=True)
        self.D = nn.Sequential(
            nn.Linear(2, 256),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(64, 1),
            nn.Sigmoid(),
        )
        self.G = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2))
        self.loss_function = nn.BCELoss()
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=0.001)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=0.001)
        self.epoch = 0

    def train_epoch(self) -> None:
        b = self.batch_size
        for real_samples, _ in self.loader:
            real_samples_labels = torch.ones((b, 1))
            generated_samples = self.G(torch.randn((b, 2)))
            generated_samples_labels = torch.zeros((b, 1))
            all_samples = torch.cat((real_samples, generated_samples))
            all_samples_labels = torch.cat((real_samples_labels, generated_samples_labels))
            self.D.zero_grad()
            loss_discriminator = self.loss_function(self.D(all_samples), all_samples_labels)
            loss_discriminator.backward()
            self.opt_d.step()
            self.G.zero_grad()
            generated_samples = self.G(torch.randn((b, 2)))
            loss_generator = self.loss_function(self.D(generated_samples), real_samples_labels)
            loss_generator.backward()
            self.opt_g.step()
        self.epoch += 1

    @torch.no_grad()
    def sample(self, z: torch.Tensor) -> torch.Tensor:
        return self.G(z)


class OurTrainer:
    def __init__(self, preset: str, seed: int) -> None:
        cfg = presets.HARMONIC_PRESETS[preset].config.replace(seed=seed)
        self.trainer = Trainer(cfg, curves.dataset(CURVE, 1024, seed=seed), device="cpu")

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    def train_epoch(self) -> None:
        self.trainer.train_epoch()

    def sample(self, z: torch.Tensor) -> torch.Tensor:
        return self.trainer.sample(z)


def run(model, budget: float, every: float) -> tuple[float | None, int | None, curves.Fit, int]:
    z = torch.randn(10_000, 2, generator=torch.Generator().manual_seed(99))
    trained, next_check, first, first_epoch = 0.0, every, None, None
    fit = curves.measure(CURVE, model.sample(z))
    while trained < budget:
        start = time.perf_counter()
        model.train_epoch()
        trained += time.perf_counter() - start
        if trained >= next_check or trained >= budget:
            next_check += every
            fit = curves.measure(CURVE, model.sample(z))
            if first is None and reached(fit):
                first, first_epoch = trained, model.epoch
    return first, first_epoch, fit, model.epoch


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--budget", type=float, default=30.0, help="training seconds per run")
    p.add_argument("--every", type=float, default=0.5, help="training seconds between measurements")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    print(f"# {machine()}; torch threads {args.threads}")
    print(
        f"# reach = distance <= 0.05, within 0.1 >= 90%, coverage <= 0.1, on 10,000 points; "
        f"measured every {args.every} s of training, budget {args.budget} s"
    )
    print(
        f"{'run':>12} {'seed':>4} {'reached_s':>9} {'at_epoch':>8} {'epochs':>6} {'s/epoch':>8} "
        f"{'distance':>8} {'within':>6} {'coverage':>8} {'JS':>6}"
    )
    times: dict[str, list[float | None]] = {}
    for seed in range(args.seeds):
        for name, model in (
            ("slides loop", SlidesLoop(seed)),
            ("sine-slides", OurTrainer("sine-slides", seed)),
            ("sine", OurTrainer("sine", seed)),
        ):
            first, first_epoch, fit, epochs = run(model, args.budget, args.every)
            times.setdefault(name, []).append(first)
            print(
                f"{name:>12} {seed:4d} {first if first is not None else float('nan'):9.1f} "
                f"{first_epoch if first_epoch is not None else '-':>8} {epochs:6d} {args.budget / epochs:8.4f} "
                f"{fit.distance:8.3f} {fit.within:6.1%} {fit.coverage:8.3f} {fit.js:6.3f}",
                flush=True,
            )
    print("# summary: runs that reached the curve, and the median time among those")
    for name, ts in times.items():
        hit = [t for t in ts if t is not None]
        median = f"{statistics.median(hit):.1f} s" if hit else "-"
        print(f"#   {name:>12}: {len(hit)}/{len(ts)} reached; median {median}")


if __name__ == "__main__":
    main()

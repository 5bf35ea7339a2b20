"""The training problems' demonstrations (explorer/gan/problems.py), measured: each problem's recipe
and its fix trained for the same wall time on this machine, one after the other in one process,
with what the Train page would show after each epoch (the judge's verdict, the variety of the
samples, the alerts of explorer/gan/diagnostics.py and when each first fired).

Prints one JSON line per run: losses and D's beliefs over the last 200 steps, the judge's score
and digit shares (pictures larger than 28 px are judged shrunk to 28 px), the variety, alerts.
Writes each run's final 6×6 grid to --pictures.

    python bench/problems.py [--seconds 45] [--only d_wins sensitivity] [--pictures /tmp/problems]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from common import machine

from explorer.data.datasets import load_dataset
from explorer.formats.images import grid_png
from explorer.gan import judge
from explorer.gan.diagnostics import diagnose, variety
from explorer.gan.metrics import metric_names
from explorer.gan.problems import PROBLEMS
from explorer.gan.trainer import Trainer, TrainingDiverged


def run(name: str, cfg, data, scorer, seconds: float, pictures: Path) -> dict:
    trainer = Trainer(cfg, data.resized(cfg.image_size))
    series: dict[str, list[float]] = {k: [] for k in ("step", *metric_names(cfg))}
    epochs: list[dict] = []
    first_alert: dict[str, float] = {}
    z = torch.randn(500, cfg.latent_dim, generator=torch.Generator().manual_seed(7))
    real = data.images[torch.randperm(len(data), generator=torch.Generator().manual_seed(3))[:64]]
    start = time.perf_counter()

    def on_step(m) -> bool:
        series["step"].append(trainer.step_count)
        for key, value in m.floats().items():
            series[key].append(value)
        return time.perf_counter() - start > seconds

    def small(x: torch.Tensor) -> torch.Tensor:
        return x if x.shape[-1] == 28 else F.interpolate(x, size=(28, 28), mode="bilinear", antialias=True)

    outcome = "ran"
    try:
        while time.perf_counter() - start < seconds:
            summary = trainer.train_epoch(on_step)
            if not summary.complete:
                break
            quality = judge.evaluate(scorer, small(trainer.sample(z))).to_dict()
            epochs.append(
                summary.to_dict() | {"quality": quality, "variety": variety(small(trainer.sample(z[:64])), real)}
            )
            for alert in diagnose(series, epochs, cfg=cfg):
                first_alert.setdefault(alert.kind, round(time.perf_counter() - start, 1))
    except TrainingDiverged:
        outcome = f"diverged at step {trainer.step_count}"
    pictures.mkdir(parents=True, exist_ok=True)
    (pictures / f"{name}.png").write_bytes(grid_png(trainer.sample(z[:36]), nrow=6, scale=2))
    last = {k: round(sum(v[-200:]) / max(1, len(v[-200:])), 3) for k, v in series.items() if k != "step"}
    quality = epochs[-1]["quality"] if epochs else {}
    return {
        "run": name,
        "seconds": round(time.perf_counter() - start, 1),
        "outcome": outcome,
        "epochs": len(epochs),
        "steps": trainer.step_count,
        **last,
        "variety": round(epochs[-1]["variety"], 3) if epochs else None,
        "score": round(quality.get("inception_score", 0.0), 2),
        "shares": [round(s, 2) for s in quality.get("class_fractions", [])],
        "alerts_first_s": first_alert,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--only", nargs="*", default=list(PROBLEMS))
    parser.add_argument("--pictures", type=Path, default=Path("/tmp/problems"))
    args = parser.parse_args()
    print(json.dumps({"machine": machine()}), flush=True)
    data, scorer = load_dataset("mnist", download=False), judge.load_judge()
    for name in args.only:
        problem = PROBLEMS[name]
        print(json.dumps(run(name, problem.config, data, scorer, args.seconds, args.pictures)), flush=True)
        if problem.fixed is not None:
            print(
                json.dumps(run(f"{name}-fixed", problem.fixed, data, scorer, args.seconds, args.pictures)), flush=True
            )


if __name__ == "__main__":
    main()

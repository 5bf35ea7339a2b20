"""How soon a job's worker is at work: a worker started by a fork server (torch and the job kinds
imported once, in the server) against one spawned afresh (which imports torch every time).

For each start method, in one process and alternated for --rounds: the seconds from `job.start()`
to a tiny training's first step, and to a harmonic game's first frame; and the CPU seconds the
worker processes used to get there (summed over the jobs). The fork server's own start (once per
app server) is timed apart.

    python bench/job_start.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from common import machine

from explorer.data.datasets import MNIST_CLASSES, ImageData
from explorer.gan.config import TrainConfig
from explorer.gan.job import TrainJob
from explorer.harmonic import curves, presets
from explorer.harmonic.job import HarmonicJob
from explorer.jobs import process as jobs_process

TINY = TrainConfig(latent_dim=8, g_hidden=(16, 32), d_hidden=(32, 16), batch_size=8, n_fixed=4, epochs=1)


def tiny_data() -> ImageData:
    rng = torch.Generator().manual_seed(0)
    images = torch.rand(64, 1, 28, 28, generator=rng) * 2 - 1
    return ImageData(images, torch.randint(0, 10, (64,), generator=rng), "mnist", "64 random pictures", MNIST_CLASSES)


def cpu_seconds(pid: int) -> float:
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100
    except OSError:
        return 0.0


def until(ready, limit_s: float = 120.0) -> float:
    start = time.perf_counter()
    while not ready():
        if time.perf_counter() - start > limit_s:
            raise RuntimeError("the job never got there")
        time.sleep(0.005)
    return time.perf_counter() - start


def one(method: str, data: ImageData) -> tuple[float, float, float]:
    """(seconds to a training's first step, seconds to a game's first frame, worker CPU seconds)."""
    jobs_process.START_METHOD = method
    train = TrainJob(TINY, data, torch.device("cpu"))
    train.start()
    first_step = until(lambda: train.snapshot().step > 0)
    cpu = cpu_seconds(train._runner._process.pid)
    train.stop()
    train.join(60)
    preset = presets.HARMONIC_PRESETS[presets.DEFAULT_HARMONIC]
    game = HarmonicJob(preset.config, curves.Curve(), running=False)
    game.start()
    first_frame = until(lambda: len(game.snapshot().frames) > 0)
    cpu += cpu_seconds(game._runner._process.pid)
    game.stop()
    game.join(60)
    return first_step, first_frame, cpu


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    data = tiny_data()
    server_start = time.perf_counter()
    one("forkserver", data)  # starts the fork server (once per app server) and warms both ways up
    server_start = time.perf_counter() - server_start
    one("spawn", data)
    results: dict[str, list[tuple[float, float, float]]] = {"spawn": [], "forkserver": []}
    for _ in range(args.rounds):
        for method in results:
            results[method].append(one(method, data))
    print(f"# {machine()}; {args.rounds} rounds, alternated")
    print(f"first job with the fork server (starting it included): {server_start:.2f} s")
    for method, rows in results.items():
        step, frame, cpu = (statistics.median(r[i] for r in rows) for i in range(3))
        print(
            f"{method:>10}: a training's first step after {step:.2f} s, a game's first frame after {frame:.2f} s, "
            f"{cpu:.2f} CPU s in the two workers (medians)"
        )
    spawn, fork = (statistics.median(r[0] for r in results[m]) for m in ("spawn", "forkserver"))
    print(f"ratio (spawn / forkserver), time to a training's first step: {spawn / fork:.1f}×")


if __name__ == "__main__":
    main()

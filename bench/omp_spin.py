"""How fast a training job trains beside busy processes, with libgomp's default spin (300,000) and
with the job layer's (explorer/jobs/process.py OPENMP_ENV). (issue 26)

A class server is rarely idle. A worker's torch threads wait for one another at every parallel
region; libgomp lets a waiting thread spin before it sleeps, and beside busy processes those spins
eat the worker's share of the CPU. Each measurement is a fresh process (libgomp reads the setting
when torch loads, in the fork server the job layer starts) that trains the default recipe (fast,
on the 5,000 offline digits) as a job on a JobBoard, as the Train page does, and reports its
images/s over --seconds once it trains. Beside it, --busy processes (nice 0, a tight Python loop,
as another user's work). The two settings are alternated for --rounds, first on an idle machine,
then beside the busy processes.

    python bench/omp_spin.py [--busy 4] [--seconds 20] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from common import BUSY, ROOT, machine

SETTINGS = {"libgomp's default (300,000 spins)": "300000", "the job layer's": None}


def child(seconds: float) -> None:
    import torch

    from explorer.data.datasets import OFFLINE_MNIST, load_dataset
    from explorer.gan.job import TrainJob
    from explorer.gan.presets import preset
    from explorer.jobs import JobBoard, device_budget

    cpu = torch.device("cpu")
    board = JobBoard(device_budget(cpu))
    job = TrainJob(preset("fast").replace(epochs=10_000), load_dataset(OFFLINE_MNIST), device=cpu)
    board.submit(job, "bench")
    while job.snapshot().step == 0:
        time.sleep(0.1)
    start, first = time.perf_counter(), job.snapshot().step
    time.sleep(seconds)
    steps = job.snapshot().step - first
    rate = steps * job.cfg.images_per_step / (time.perf_counter() - start)
    board.discard(job)
    board.close()
    print(json.dumps({"rate": rate, "spin": os.environ.get("GOMP_SPINCOUNT")}))


def measure(spin: str | None, seconds: float) -> float:
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"}
    if spin is not None:
        env["GOMP_SPINCOUNT"] = spin
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--seconds", str(seconds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["rate"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--busy", type=int, default=4, help="busy processes beside the training (default 4)")
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.seconds)
        return
    print(f"# {machine()}; the default recipe as a job, images/s over {args.seconds:.0f} s once it trains")
    for busy in (0, args.busy):
        limit = (args.seconds + 30) * args.rounds * len(SETTINGS) + 60
        procs = [subprocess.Popen([sys.executable, "-c", BUSY.format(limit=limit)]) for _ in range(busy)]
        try:
            rates: dict[str, list[float]] = {name: [] for name in SETTINGS}
            for _ in range(args.rounds):
                for name, spin in SETTINGS.items():
                    rates[name].append(measure(spin, args.seconds))
                    print(f"  {busy} busy processes, {name:34s} {rates[name][-1]:7,.0f} images/s", flush=True)
        finally:
            for proc in procs:
                proc.kill()
                proc.wait()
        base, ours = (statistics.median(rates[name]) for name in SETTINGS)
        print(f"{busy} busy processes: median {base:,.0f} -> {ours:,.0f} images/s, ratio {ours / base:.2f}", flush=True)


if __name__ == "__main__":
    main()

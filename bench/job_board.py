"""Eight sessions press Start at once: does the job board keep the machine's throughput, serve the
queue in order, and bound memory? (issue 13)

Three ways to run the same default recipe (fast DCGAN, offline digits), in one process, each
measured over --seconds once its first job trains (the first two alternated for --rounds):
1. one job alone, on a board with the default budget (explorer/jobs/budget.py);
2. eight jobs submitted at once to that board: the budget lets as many train as fit, the rest queue;
3. the baseline without a budget: the eight jobs all train at once (oversubscribed).
Throughput is the sum of the images/s of all jobs over the window; memory is the summed resident
memory of this process and every worker process, sampled every 0.5 s. Then eight short jobs
(--epochs each) show the order the queue is served in.

    python bench/job_board.py [--seconds 30] [--rounds 3] [--epochs 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from common import machine

from explorer.data.datasets import load_dataset
from explorer.gan.job import TrainJob
from explorer.gan.presets import preset
from explorer.jobs import QUEUED, JobBoard, Resources, device_budget, training_cost
from explorer.jobs.budget import cores

SESSIONS = 8


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def images(job: TrainJob) -> int:
    return job.snapshot().step * job.cfg.images_per_step


def measure(board: JobBoard, n: int, seconds: float, data) -> dict:
    jobs = [TrainJob(preset("fast").replace(epochs=10_000, seed=i), data, device=_CPU) for i in range(n)]
    for i, job in enumerate(jobs):
        board.submit(job, f"session-{i}")
    while not any(j.snapshot().step > 0 for j in jobs):  # the first one trains
        time.sleep(0.1)
    start, before = time.perf_counter(), [images(j) for j in jobs]
    peak_mem, most_running = 0.0, 0
    while time.perf_counter() - start < seconds:
        pids = [j._runner._process.pid for j in jobs if j.running_process]
        most_running = max(most_running, len(pids))
        peak_mem = max(peak_mem, rss_mib([_SELF, *pids]))
        time.sleep(0.5)
    spent = time.perf_counter() - start
    after = [images(j) for j in jobs]
    queued = sum(j.state == QUEUED for j in jobs)
    for job in jobs:
        board.discard(job)
    for job in jobs:
        job.join(60)
    return {
        "rate": sum(a - b for a, b in zip(after, before)) / spent,
        "running": most_running,
        "queued": queued,
        "mem": peak_mem,
    }


def queue_order(board: JobBoard, epochs: int, data) -> None:
    jobs = [TrainJob(preset("fast").replace(epochs=epochs, seed=i), data, device=_CPU) for i in range(SESSIONS)]
    for i, job in enumerate(jobs):
        board.submit(job, f"session-{i}")
    shown = [board.position(j) for j in jobs]
    started, ended, t0 = {}, {}, time.perf_counter()
    while len(ended) < len(jobs):
        for i, job in enumerate(jobs):
            if i not in started and job.started:
                started[i] = time.perf_counter() - t0
            if i not in ended and not job.active:
                ended[i] = time.perf_counter() - t0
        time.sleep(0.05)
    order = sorted(started, key=started.get)
    print(f"queue positions shown at submission: {shown}")
    print(f"started in the order: {order} ({'in order' if order == sorted(order) else 'OUT OF ORDER'})")
    print("start / end, s: " + ", ".join(f"{i}: {started[i]:.1f}/{ended[i]:.1f}" for i in range(len(jobs))))
    print(
        f"all {len(jobs)} jobs of {epochs} epochs done in {max(ended.values()):.1f} s; states "
        f"{sorted({j.state for j in jobs})}"
    )
    for job in jobs:
        board.discard(job)


def main() -> None:
    global _CPU, _SELF
    import os

    import torch

    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3, help="1 job and 8 jobs, measured this many times each, alternated")
    args = p.parse_args()
    _CPU, _SELF = torch.device("cpu"), os.getpid()
    data = load_dataset("mnist", download=False)
    budget = device_budget(_CPU)
    cost, threads = training_cost(_CPU)
    print(f"# {machine()}; {cores()} cores; budget {budget}; a training costs {cost} and runs {threads} threads")
    print(f"# preset fast on {len(data):,} offline digits; throughput over {args.seconds:.0f} s once a job trains")
    rows = [
        ("1 job, the board's budget", device_budget(_CPU), 1),
        (f"{SESSIONS} jobs, the board's budget", device_budget(_CPU), SESSIONS),
    ] * args.rounds + [(f"{SESSIONS} jobs, no budget (baseline)", Resources(cpu=1000), SESSIONS)]
    results: dict[str, list[float]] = {}
    for name, budget, n in rows:  # alternated, so that a slower minute of the machine hits both
        board = JobBoard(budget)
        r = measure(board, n, args.seconds, data)
        results.setdefault(name, []).append(r["rate"])
        board.close()
        print(
            f"{name:34s} {r['rate']:7,.0f} images/s   at most {r['running']} training at once, "
            f"{r['queued']} queued   peak memory {r['mem']:6,.0f} MiB",
            flush=True,
        )
    alone, shared, baseline = (statistics.median(results[name]) for name, _, _ in rows[:2] + rows[-1:])
    print(
        f"median of {args.rounds} rounds: 1 job {alone:,.0f}, {SESSIONS} jobs {shared:,.0f} images/s; ratio "
        f"{SESSIONS} jobs / 1 job alone {shared / alone:.2f}; no budget / 1 job alone {baseline / alone:.2f}"
    )
    board = JobBoard(device_budget(_CPU))
    queue_order(board, args.epochs, data)
    board.close()


if __name__ == "__main__":
    main()

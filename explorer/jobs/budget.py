"""The compute budget that every kind of job shares: cores on a CPU, memory on a GPU.

A job states its cost when it is made; the board starts queued jobs while the sum of the running
ones' costs fits the budget. The budget has two lanes, so that thirty harmonic games cannot starve
a training nor a queue of trainings hold up a game: light jobs (a harmonic game, reading pictures:
a quarter of a core each) share a quarter of the cores, at least half of one; heavy jobs (a
training, a style painting) share the rest and all the GPU memory. On a CPU a training claims
every core but half of one (one torch thread per core); on a GPU one core (the thread that drives
the GPU) and an estimate of its GPU memory.

The pages come first all the same: every job runs below their priority (`NICE`), so a page that
needs a core gets it at once, and a training takes the cores the pages leave idle.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

# torch only where a device is asked about: a worker that needs no torch spawns in a fraction of the time
if TYPE_CHECKING:
    import torch

LIGHT_CPU = 0.25  # a light job: a harmonic game (tiny nets, one thread) or reading uploaded pictures
ROOM_FOR_LIGHT_JOBS = 0.5  # of a core, left beside a CPU training


@dataclass(frozen=True)
class Resources:
    cpu: float = 0.0  # cores
    gpu_gib: float = 0.0  # GPU memory

    def __add__(self, other: Resources) -> Resources:
        return Resources(self.cpu + other.cpu, self.gpu_gib + other.gpu_gib)

    def within(self, budget: Resources) -> bool:
        return self.cpu <= budget.cpu + 1e-9 and self.gpu_gib <= budget.gpu_gib + 1e-9

    def __str__(self) -> str:
        gpu = f", {self.gpu_gib:.1f} GiB of GPU memory" if self.gpu_gib else ""
        return f"{self.cpu:g} core{'s' if self.cpu != 1 else ''}{gpu}"


LIGHT = Resources(cpu=LIGHT_CPU)  # what a light job costs
# Below the pages (at 0), but not so far below that a busy machine starves the lesson: Linux gives a
# process a share of the CPU by its weight (1024 at nice 0, 335 at 5, 110 at 10). Beside a page that
# wants a core, the page gets three quarters of it; beside two busy processes of another user on two
# cores, a training still gets 0.28 of a core (at 10 it got a tenth, and the suite's trainings timed
# out beside them: bench/busy_suite.py). Both lanes at 5: with games at 2 and trainings at 4 the
# class's pages answered no sooner (bench/class_load.py).
NICE = {"light": 5, "heavy": 5}


def lane(cost: Resources) -> str:
    """ "light" or "heavy": which share of the budget a job of this cost waits for."""
    return "light" if cost.within(LIGHT) else "heavy"


def lanes(budget: Resources) -> dict[str, Resources]:
    """The budget split between the light jobs and the heavy ones."""
    light = max(ROOM_FOR_LIGHT_JOBS, budget.cpu / 4)
    return {"light": Resources(cpu=light), "heavy": Resources(cpu=max(0.0, budget.cpu - light), gpu_gib=budget.gpu_gib)}


def cores() -> int:
    """The cores this process may use (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def device_budget(device: torch.device) -> Resources:
    """The default budget: every core, and on a GPU 80% of its memory (the rest is the CUDA
    context's and the allocator's slack)."""
    if device.type == "cuda":
        import torch

        total = torch.cuda.get_device_properties(device).total_memory / 2**30
        return Resources(cpu=cores(), gpu_gib=round(0.8 * total, 1))
    return Resources(cpu=cores())


def training_cost(device: torch.device, gpu_gib: float = 0.0) -> tuple[Resources, int]:
    """(cost, torch threads) of a training on `device`; `gpu_gib` is its estimated GPU memory."""
    if device.type == "cuda":
        return Resources(cpu=1, gpu_gib=gpu_gib), 1
    n = cores()
    return Resources(cpu=max(1.0, n - ROOM_FOR_LIGHT_JOBS)), n

"""Small kinds of job for the job layer's tests: the workers are module-level functions, so a
spawned process can import them (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, replace

from explorer.jobs import Channel, Job, Report, Resources, Snapshot, Work, run


@dataclass(frozen=True)
class Count(Report):
    n: int


@dataclass(frozen=True)
class Held(Report):
    """Said by the worker when it has paused, at this count."""

    n: int


@dataclass(frozen=True)
class Place(Report):
    """Where the worker runs: its process, its Ray node (a cluster's actor) and the GPUs it sees."""

    pid: int
    node: str
    gpus: str


@dataclass(frozen=True)
class CounterSnapshot(Snapshot):
    count: int = 0
    held: int | None = None  # the count at which the worker last paused
    place: Place | None = None


class Counter(Job):
    """Counts to `upto` (forever when None), a count every `every_s`, obeying pause/resume/stop
    through the one worker loop; `write` names a file the worker writes in its folder."""

    kind, title = "counter", "counter"

    def __init__(
        self,
        upto: int | None = None,
        *,
        cost: Resources = Resources(cpu=1),
        every_s: float = 0.01,
        fail_at: int | None = None,
        write: str = "",
    ) -> None:
        super().__init__(cost, CounterSnapshot("", ""))
        self.upto, self.every_s, self.fail_at, self.write = upto, every_s, fail_at, write

    def worker(self):
        return count, (self.upto, self.every_s, self.fail_at, self.write)

    def fold(self, snapshot: CounterSnapshot, report: Report) -> CounterSnapshot:
        if isinstance(report, Count):
            return replace(snapshot, count=report.n)
        if isinstance(report, Held):
            return replace(snapshot, held=report.n)
        if isinstance(report, Place):
            return replace(snapshot, place=report)
        return snapshot

    @property
    def count(self) -> int:
        return self.snapshot().count

    @property
    def held(self) -> int | None:
        return self.snapshot().held


class Counting(Work):
    report_every_s = 0.0  # every count, at once

    def __init__(self, channel: Channel, upto: int | None, every_s: float, fail_at: int | None) -> None:
        self.channel, self.upto, self.every_s, self.fail_at = channel, upto, every_s, fail_at
        self.n = 0

    def advance(self, interrupted) -> bool:
        self.n += 1
        if self.n == self.fail_at:
            raise RuntimeError(f"the counter broke at {self.n}")
        time.sleep(self.every_s)
        return self.upto is not None and self.n >= self.upto

    def report(self) -> None:
        self.channel.send(Count(self.n))

    def paused(self) -> None:
        self.channel.send(Held(self.n))

    def finish(self, state: str) -> str:
        return f"counted to {self.n}"


def count(channel: Channel, upto: int | None, every_s: float, fail_at: int | None, write: str) -> None:
    ray = sys.modules.get("ray")  # imported in a cluster's actor, never in a local worker
    node = ray.get_runtime_context().get_node_id() if ray is not None and ray.is_initialized() else ""
    channel.send(Place(os.getpid(), node, os.environ.get("CUDA_VISIBLE_DEVICES", "")))
    if write and channel.folder is not None:  # a job's own file, like a checkpoint
        (channel.folder / write).write_text("mine")
    run(channel, Counting(channel, upto, every_s, fail_at))


class Silent(Job):
    """Returns without a word: the layer must still end it."""

    kind, title = "silent", "silent job"

    def __init__(self) -> None:
        super().__init__(Resources(cpu=0.5), Snapshot("", ""))

    def worker(self):
        return quiet, ()


def quiet(channel: Channel) -> None:
    pass


@dataclass(frozen=True)
class Threads(Report):
    n: int


@dataclass(frozen=True)
class ThreadsSnapshot(Snapshot):
    seen: int | None = None


class TorchThreads(Job):
    """Imports torch only when it runs, and says how many threads torch has."""

    kind, title = "threads", "threads"

    def __init__(self, threads: int) -> None:
        super().__init__(Resources(cpu=1), ThreadsSnapshot("", ""), threads=threads)

    def worker(self):
        return torch_threads, ()

    def fold(self, snapshot: ThreadsSnapshot, report: Report) -> ThreadsSnapshot:
        return replace(snapshot, seen=report.n) if isinstance(report, Threads) else snapshot

    @property
    def seen(self) -> int | None:
        return self.snapshot().seen


def torch_threads(channel: Channel) -> None:
    import torch

    channel.send(Threads(torch.get_num_threads()))

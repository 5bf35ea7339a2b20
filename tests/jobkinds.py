"""Small kinds of job for the job layer's tests: the workers are module-level functions, so a
spawned process can import them (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from explorer.jobs import FINISHED, PAUSED, RUNNING, STOPPED, Channel, Job, Pause, Report, Resources, Resume, Stop


@dataclass(frozen=True)
class Count(Report):
    n: int


@dataclass(frozen=True)
class Held(Report):
    """Said by the worker when it has paused, at this count."""

    n: int


class Counter(Job):
    """Counts to `upto` (forever when None), a count every `every_s`, obeying pause/resume/stop."""

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
        super().__init__(cost)
        self.upto, self.every_s, self.fail_at, self.write = upto, every_s, fail_at, write
        self.count, self.held = 0, None

    def prepare(self, workdir: Path) -> None:
        if self.write:  # a job's own file, like a checkpoint
            (workdir / self.write).write_text("mine")

    def worker(self):
        return count, (self.upto, self.every_s, self.fail_at)

    def fold(self, report: Report) -> None:
        if isinstance(report, Count):
            self.count = report.n
        elif isinstance(report, Held):
            self.held = report.n

    def snapshot(self) -> tuple[str, int]:
        with self._lock:
            return self._state, self.count


def count(channel: Channel, upto: int | None, every_s: float, fail_at: int | None) -> None:
    channel.status(RUNNING)
    n = 0
    while upto is None or n < upto:
        while (command := channel.poll()) is not None:
            if isinstance(command, Pause):
                channel.status(PAUSED)
                channel.send(Held(n))
                while not isinstance(command := channel.wait(1.0), (Resume, Stop)):
                    pass
            if isinstance(command, Stop):
                channel.status(STOPPED)
                return
            channel.status(RUNNING)
        n += 1
        if n == fail_at:
            raise RuntimeError(f"the counter broke at {n}")
        channel.send(Count(n))
        time.sleep(every_s)
    channel.status(FINISHED, f"counted to {n}")


class Silent(Job):
    """Returns without a word: the layer must still end it."""

    kind, title = "silent", "silent job"

    def __init__(self) -> None:
        super().__init__(Resources(cpu=0.5))

    def worker(self):
        return quiet, ()

    def fold(self, report: Report) -> None:
        pass


def quiet(channel: Channel) -> None:
    pass


@dataclass(frozen=True)
class Threads(Report):
    n: int


class TorchThreads(Job):
    """Imports torch only when it runs, and says how many threads torch has."""

    kind, title = "threads", "threads"

    def __init__(self, threads: int) -> None:
        super().__init__(Resources(cpu=1), threads=threads)
        self.seen = None

    def worker(self):
        return torch_threads, ()

    def fold(self, report: Report) -> None:
        if isinstance(report, Threads):
            self.seen = report.n


def torch_threads(channel: Channel) -> None:
    import torch

    channel.send(Threads(torch.get_num_threads()))

"""One job: a worker process, and what it has said so far.

Why a process and not a thread of the server: a GAN step on a CPU is hundreds of small
OpenMP-parallel ops, fast only while OpenMP's workers spin between them. Once a second thread of
the same process has run torch ops (a Streamlit script run does), libgomp holds more threads than
there are cores and stops spinning; a trainer in a thread ran 35% slower on a 2-core machine
(3,387 → 2,180 images/s). A spawned worker has its own OpenMP runtime and its own GIL, so the
pages cost it nothing, and a later backend can run the same worker on another machine: the page
talks to it only through messages.

The page's side is `Job`: it starts the worker, sends it commands, and a collector thread folds
the worker's reports into the job's one `Snapshot` under a lock; a page takes that snapshot
(frozen, never changed in place) and never waits on the worker. It notices a worker that died
without a word (killed, out of memory). How the worker process starts, and its end of the
messages (`Channel`), are in explorer/jobs/process.py; the loop that obeys the commands is
explorer/jobs/worker.py.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from explorer.jobs.budget import NICE, Resources, lane
from explorer.jobs.messages import (
    ACTIVE,
    ENDED,
    FAILED,
    PAUSED,
    QUEUED,
    RUNNING,
    STARTING,
    STOPPED,
    Command,
    Pause,
    Report,
    Resume,
    Status,
    Stop,
)
from explorer.jobs.process import Fd, Setup, Worker, context, main, main_script_hidden


@dataclass(frozen=True)
class Snapshot:
    """What a page sees of a job, copied out at once: where the job is in its life, and a sentence
    for the page (where the data came from, a download's progress, or what went wrong). A kind's
    snapshot adds its own fields; the job replaces it as reports arrive, never changes it."""

    state: str
    message: str

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


class Job:
    """The page's handle on one job. A kind subclasses it: `worker()` names what runs in the
    process, and `fold()` makes the next snapshot from the last one and a report. The board sets
    `id`, `owner` and `workdir` and starts it."""

    kind: ClassVar[str] = "job"
    title: ClassVar[str] = "job"  # in sentences: "The training process ended unexpectedly"

    def __init__(self, cost: Resources, snapshot: Snapshot, *, threads: int = 1) -> None:
        self.cost, self.threads = cost, threads
        self.lane = lane(cost)  # the share of the budget it waits for (explorer/jobs/budget.py)
        self.nice = NICE[self.lane]  # below the pages
        self.first = False  # the teacher's: served before the rest of the queue (set by the board)
        self.id, self.owner = "", ""
        self.workdir: Path | None = None  # the job's own files, deleted with the job
        self.last_seen = time.monotonic()  # the board's heartbeat: a page looked at it
        self._ctx = context()
        self._reports, self._commands = self._ctx.Queue(), self._ctx.Queue()
        self._process: mp.process.BaseProcess | None = None
        self._collector: threading.Thread | None = None
        self._lock = threading.RLock()
        self._snapshot = replace(snapshot, state=QUEUED, message="")
        self._said = QUEUED  # what the worker itself last reported (the snapshot runs ahead of it after a click)
        self._want: str | None = None  # PAUSED or RUNNING: what the page last asked for
        self._closed = False

    # --- what a kind defines -------------------------------------------------------------------
    def worker(self) -> tuple[Worker, tuple]:
        """The function the process runs, fn(channel, *args), and its picklable args."""
        raise NotImplementedError

    def fold(self, snapshot: Snapshot, report: Report) -> Snapshot:
        """The snapshot after one report (not a Status); called with `_lock` held."""
        raise NotImplementedError

    def snapshot(self) -> Snapshot:
        """What the job has said so far, as one frozen value."""
        with self._lock:
            return self._snapshot

    def read_file(self, name: str) -> bytes | None:
        """One of the files the worker wrote in its folder (a checkpoint, prepared pictures), or
        None when there is none: a page gets a job's outputs as bytes, never as a path, so that the
        worker may run on another machine."""
        if self.workdir is None or Path(name).name != name:
            return None
        try:
            return (self.workdir / name).read_bytes()
        except OSError:
            return None

    # --- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:  # a Stop clicked meanwhile waits, then finds the job started
            if self._process is not None or self._closed:
                return
            fn, args = self.worker()
            setup = Setup(
                self.nice, self.threads, self.title, f"gx-{self.lane}-{self.kind}"[:15], self.workdir, dict(os.environ)
            )
            process = self._ctx.Process(
                target=main,
                args=(fn, args, self._reports, self._commands, setup, Fd(1), Fd(2)),
                name=f"gan-explorer-{self.kind}",
                daemon=True,
            )
            with main_script_hidden():
                process.start()
            self._collector = threading.Thread(
                target=self._collect, args=(process,), daemon=True, name=f"gan-explorer-{self.kind}-collect"
            )
            self._collector.start()
            # `started` only from here on, when join() has a collector to wait for: a test that saw
            # `started` while a slow spawn was still under way found no collector, and join() said
            # at once that the job had not ended (CI, on a busy machine)
            self._process = process
            self._set_state_if((QUEUED,), STARTING)

    def send(self, command: Command) -> None:
        """A command for the worker, obeyed between two steps; a queued job reads it when it starts."""
        with self._lock:
            if not self._closed:
                self._commands.put(command)

    def pause(self) -> None:
        self._want = PAUSED
        self.send(Pause())
        self._set_state_if((RUNNING,), PAUSED)  # at once, so the page that asked shows it

    def resume(self) -> None:
        self._want = RUNNING
        self.send(Resume())
        self._set_state_if((PAUSED,), RUNNING)

    def stop(self) -> None:
        with self._lock:
            self.send(Stop())
            if self._process is not None:
                return
            # never started (queued): nothing will run, and nothing need be said
            self._set_state_if((QUEUED,), STOPPED)
            self._closed = True
        for q in (self._reports, self._commands):
            q.close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the worker has ended and its last reports are folded in; True if it has."""
        if self._collector is None:
            return self.state in ENDED
        self._collector.join(timeout)
        return not self._collector.is_alive()

    def kill(self) -> None:
        """The last resort for a worker that does not obey Stop."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    @property
    def started(self) -> bool:
        return self._process is not None

    @property
    def running_process(self) -> bool:
        """Whether its worker process holds compute now (the board's budget counts these)."""
        return self._process is not None and (self._collector is None or self._collector.is_alive())

    @property
    def state(self) -> str:
        with self._lock:
            return self._snapshot.state

    @property
    def settled(self) -> bool:
        """Whether the worker has reported the state the page shows (a pause is shown at the
        click, and settles when the worker has paused and sent its last picture)."""
        with self._lock:
            return self._said == self._snapshot.state

    @property
    def message(self) -> str:
        with self._lock:
            return self._snapshot.message

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    def _set_state_if(self, current: tuple[str, ...], new: str) -> None:
        with self._lock:
            if self._snapshot.state in current:
                self._snapshot = replace(self._snapshot, state=new)

    # --- the collector thread: reports → state ---------------------------------------------------
    def _collect(self, process: mp.process.BaseProcess) -> None:
        while True:
            try:
                report = self._reports.get(timeout=0.5)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # what it said just before it exited
                    report = self._reports.get(timeout=0.2)
                except queue.Empty:
                    break
            if self._apply(report):
                break
        process.join(10)
        with self._lock:
            if self._snapshot.state not in ENDED:  # killed, out of memory, or a bug in fold
                self._said = FAILED
                message = self._snapshot.message
                if not message.startswith("Internal error"):
                    message = f"The {self.title} process ended unexpectedly (exit code {process.exitcode})."
                self._snapshot = replace(self._snapshot, state=FAILED, message=message)
            self._closed = True
        for q in (self._reports, self._commands):
            q.close()

    def _apply(self, report: Report) -> bool:
        """Fold one report in; True when it was the worker's last word."""
        with self._lock:
            try:
                if not isinstance(report, Status):
                    self._snapshot = self.fold(self._snapshot, report)
                    return False
                state = self._said = report.state
                if state == RUNNING and self._want == PAUSED:  # said before it read our Pause
                    state = PAUSED
                self._snapshot = replace(self._snapshot, state=state, message=report.message)
                return state in ENDED
            except Exception as error:  # a bug on this side: say so, end the worker, keep the server up
                traceback.print_exc(file=sys.stderr)
                message = f"Internal error while reading the {self.title}'s progress: {error}"
                self._snapshot = replace(self._snapshot, message=message)
        self.kill()
        return True

"""One job as a page sees it: what its worker has said so far, and the commands it takes.

A job's worker runs somewhere else, and the page talks to it only through messages: on one server
in a spawned process of its own (explorer/jobs/local.py), on a cluster in a Ray actor on some node
(explorer/jobs/cluster/). Why a process and not a thread of the server: a GAN step on a CPU is
hundreds of small OpenMP-parallel ops, fast only while OpenMP's workers spin between them. Once a
second thread of the same process has run torch ops (a Streamlit script run does), libgomp holds
more threads than there are cores and stops spinning; a trainer in a thread ran 35% slower on a
2-core machine (3,387 → 2,180 images/s). A worker process has its own OpenMP runtime and its own
GIL, so the pages cost it nothing.

`Job` is the kind's half (what runs, how a report changes the snapshot, its own commands) and
the life every kind shares; its `Runner` is the transport: it starts the worker, carries the
commands, and feeds the worker's reports back through `_apply`, from a thread of its own, into the
job's one `Snapshot` under a lock. A page takes that snapshot (frozen, never changed in place) and
never waits on the worker. A worker that died without a word (killed, out of memory, its machine
gone) is noticed by the runner, and the job fails with a sentence (`_lost`). How a worker process
starts, and its end of the messages (`Channel`), are in explorer/jobs/process.py; the loop that
obeys the commands is explorer/jobs/worker.py.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, Protocol

from explorer.jobs.budget import NICE, Resources, lane
from explorer.jobs.local import LocalRunner  # the default transport: a process on this server
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
from explorer.jobs.process import Worker


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


class Runner(Protocol):
    """How a job's worker is run and reached: in a local process, or in a Ray actor."""

    @property
    def started(self) -> bool: ...  # the worker was started (it may have ended since)

    @property
    def holds_compute(self) -> bool: ...  # its worker holds cores or GPU memory now

    def start(self, job: Job) -> None: ...  # called once, with the job's lock held

    def send(self, command: Command) -> None: ...  # before the start too: the worker reads it then

    def close(self) -> None: ...  # a job stopped before it started: nothing will run

    def join(self, job: Job, timeout: float | None) -> bool: ...  # the worker ended, its last word is in

    def kill(self) -> None: ...  # the last resort for a worker that does not obey Stop

    def read_file(self, job: Job, name: str) -> bytes | None: ...  # a file the worker wrote


class Job:
    """The page's handle on one job. A kind subclasses it: `worker()` names what runs in the
    process, and `fold()` makes the next snapshot from the last one and a report. The board sets
    `id`, `owner` and `workdir` and starts it. `inputs` names the attributes that only the worker
    needs (uploaded bytes, pictures): a copy of the job for another server leaves them out."""

    kind: ClassVar[str] = "job"
    title: ClassVar[str] = "job"  # in sentences: "The training process ended unexpectedly"
    inputs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, cost: Resources, snapshot: Snapshot, *, threads: int = 1) -> None:
        self.cost, self.threads = cost, threads
        self.lane = lane(cost)  # the share of the budget it waits for (explorer/jobs/budget.py)
        self.nice = NICE[self.lane]  # below the pages
        self.first = False  # the teacher's: served before the rest of the queue (set by the board)
        self.id, self.owner = "", ""
        self.workdir: Path | None = None  # the job's own files, deleted with the job
        self.last_seen = time.monotonic()  # the board's heartbeat: a page looked at it
        self._lock = threading.RLock()
        self._snapshot = replace(snapshot, state=QUEUED, message="")
        self._said = QUEUED  # what the worker itself last reported (the snapshot runs ahead of it after a click)
        self._want: str | None = None  # PAUSED or RUNNING: what the page last asked for
        self._closed = False
        self._runner: Runner = LocalRunner()  # the cluster's board gives it another (`run_by`)

    # --- what a kind defines -------------------------------------------------------------------
    def worker(self) -> tuple[Worker, tuple]:
        """The function the process runs, fn(channel, *args), and its picklable args."""
        raise NotImplementedError

    def fold(self, snapshot: Snapshot, report: Report) -> Snapshot:
        """The snapshot after one report (not a Status); called with `_lock` held."""
        raise NotImplementedError

    def folded(self) -> dict:
        """What `fold` has kept besides the snapshot (a training's latest weights), for a copy of
        this job on another server (`restore`)."""
        return {}

    # --- a copy of the job for another server (the cluster backend) -------------------------------
    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_runner", *self.inputs)}
        state["workdir"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()
        self._runner = LocalRunner()

    def run_by(self, runner: Runner) -> None:
        """Let `runner` run and reach this job's worker (before it starts)."""
        self._runner = runner

    def whole(self) -> dict:
        """Everything the worker's reports have made of this job so far (`restore` takes it)."""
        with self._lock:
            return {"_snapshot": self._snapshot, "_said": self._said, **self.folded()}

    def restore(self, whole: dict) -> None:
        """Take what another copy of this job has folded (its `whole()`), as if its reports had
        come here; a pause this page asked for stays shown until the worker has obeyed it."""
        with self._lock:
            self.__dict__.update(whole)
            if self._said == RUNNING and self._want == PAUSED and self._snapshot.state == RUNNING:
                self._snapshot = replace(self._snapshot, state=PAUSED)

    def snapshot(self) -> Snapshot:
        """What the job has said so far, as one frozen value."""
        with self._lock:
            return self._snapshot

    def read_file(self, name: str) -> bytes | None:
        """One of the files the worker wrote in its folder (a checkpoint, prepared pictures), or
        None when there is none: a page gets a job's outputs as bytes, never as a path, so that the
        worker may run on another machine."""
        if Path(name).name != name:
            return None
        return self._runner.read_file(self, name)

    # --- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:  # a Stop clicked meanwhile waits, then finds the job started
            if self._runner.started or self._closed:
                return
            self._runner.start(self)
            self._set_state_if((QUEUED,), STARTING)

    def send(self, command: Command) -> None:
        """A command for the worker, obeyed between two steps; a queued job reads it when it starts."""
        with self._lock:
            if not self._closed:
                self._runner.send(command)

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
            if self._runner.started:
                return
            # never started (queued): nothing will run, and nothing need be said
            self._set_state_if((QUEUED,), STOPPED)
            self._closed = True
        self._runner.close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the worker has ended and its last reports are folded in; True if it has."""
        return self._runner.join(self, timeout)

    def kill(self) -> None:
        """The last resort for a worker that does not obey Stop."""
        self._runner.kill()

    @property
    def started(self) -> bool:
        return self._runner.started

    @property
    def running_process(self) -> bool:
        """Whether its worker holds compute now (the board's budget counts these)."""
        return self._runner.holds_compute

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

    # --- the runner's side: reports → state -------------------------------------------------------
    def _apply(self, report: Report) -> bool:
        """Fold one report in; True when it was the worker's last word (or this side could not
        read it: then the worker is killed, and the page says why)."""
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

    def _lost(self, why: str) -> None:
        """The worker is gone without its last word (`why`: "exit code -9", "its machine is gone"):
        the job failed, and the page says so (unless this side's own error is said already)."""
        with self._lock:
            if self._snapshot.state not in ENDED:
                self._said = FAILED
                message = self._snapshot.message
                if not message.startswith("Internal error"):
                    message = f"The {self.title} process ended unexpectedly ({why})."
                self._snapshot = replace(self._snapshot, state=FAILED, message=message)
            self._closed = True

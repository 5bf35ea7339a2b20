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
(frozen, never changed in place) and never waits on the worker. The worker's side is a `Channel`,
and the loop that obeys it is written once too (explorer/jobs/worker.py). Written once here for
every kind: spawning with a niceness and a thread count, a worker that exits when the
server dies (even killed hard), a crash turned into a sentence for the page (and its traceback
into the server's log), and a worker that died without a word (killed, out of memory).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing import reduction
from pathlib import Path
from typing import ClassVar

from explorer.jobs.budget import NICE, Resources, lane
from explorer.jobs.messages import (
    ACTIVE,
    ENDED,
    FAILED,
    FINISHED,
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


class Channel:
    """The worker's end: reports out, commands in, and the worker's own folder for the files it
    writes (None when it has none): the page reads them through `Job.read_file`."""

    def __init__(self, reports: mp.Queue, commands: mp.Queue, folder: Path | None = None) -> None:
        self._reports, self._commands, self.folder = reports, commands, folder
        self.ended = False  # an ENDED status was sent: the worker's last word

    def send(self, report: Report) -> None:
        self._reports.put(report)
        if isinstance(report, Status) and report.state in ENDED:
            self.ended = True

    def status(self, state: str, message: str = "") -> None:
        self.send(Status(state, message))

    def waiting(self) -> bool:
        """Whether a command is waiting (a cheap poll of a pipe: fine between two steps)."""
        return not self._commands.empty()

    def poll(self) -> Command | None:
        """The oldest waiting command, or None at once when there is none. One at a time: a
        worker that pauses on one must not have swallowed the Resume behind it."""
        try:
            return self._commands.get_nowait()
        except queue.Empty:
            return None

    def wait(self, timeout: float) -> Command | None:
        """The next command, waiting up to `timeout` seconds for one."""
        try:
            return self._commands.get(timeout=timeout)
        except queue.Empty:
            return None


# A worker: fn(channel, *args), a module-level function (spawn pickles it by name).
Worker = Callable[..., None]


_SPAWNING = threading.Lock()

# How a worker process starts. "forkserver": a clean process started once, with torch and the job
# kinds already imported, forks each worker, so a worker starts in a fraction of a second instead
# of the ~2 s of importing torch anew (bench/job_start.py); like "spawn" (never fork the server
# itself: it runs threads, and maybe CUDA) it is safe beside threads. Where there is no fork
# server (Windows, macOS' default), "spawn".
START_METHOD = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
PRELOAD = ["torch", "explorer.gan.job", "explorer.harmonic.job", "explorer.style.job", "explorer.data.job"]


# libgomp (torch's OpenMP on Linux) lets a thread that waits for its team spin 300,000 times before
# it sleeps: beside busy processes a worker's threads then spend their time slices spinning for one
# another. With 10,000 spins the default recipe trained as fast on an idle 2-core machine (5,138 vs
# 4,990 images/s) and 3.3 times faster beside two busy processes (242 -> 803), 4.7 times beside
# four (69 -> 323): bench/omp_spin.py. libgomp reads it when torch loads, in the fork server or a
# spawned worker, so it is in the environment they start with; a value the server was given wins.
OPENMP_ENV = {"GOMP_SPINCOUNT": "10000"}


def context(method: str | None = None):
    """The multiprocessing context workers start in (`method`, or START_METHOD)."""
    for name, value in OPENMP_ENV.items():
        os.environ.setdefault(name, value)
    ctx = mp.get_context(method or START_METHOD)
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


def warm_up() -> None:
    """Start the fork server now, in the background: it takes seconds (importing torch and the job
    kinds), and the first job started must not wait for it while holding the board's lock, which
    every page takes (a class's pages stalled for 11 s at the lesson's first Start)."""
    if context().get_start_method() != "forkserver":
        return

    def start() -> None:
        from multiprocessing import forkserver

        with _main_script_hidden():
            forkserver.ensure_running()

    threading.Thread(target=start, name="gan-explorer-forkserver", daemon=True).start()


@contextlib.contextmanager
def _main_script_hidden():
    """For the moment a worker is spawned, a blank `__main__`. A spawned child first re-runs the
    parent's `__main__` (as `__mp_main__`), and under Streamlit `__main__` is the app's script: every
    worker drew the whole app, bare, before its job — seconds of CPU, the memory of Streamlit and
    every page, and a "missing ScriptRunContext" warning per widget on the server's output. Over a
    test run those warnings filled a pipe nobody read, and a worker blocked on it (the painting
    that stayed at "Starting…"). A worker needs nothing from `__main__`: its function and
    arguments are pickled by their modules' names."""
    blank = types.ModuleType("__main__")
    blank.__spec__ = None
    with _SPAWNING:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = blank
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


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
            setup = _Setup(
                self.nice, self.threads, self.title, f"gx-{self.lane}-{self.kind}"[:15], self.workdir, dict(os.environ)
            )
            process = self._ctx.Process(
                target=_main,
                args=(fn, args, self._reports, self._commands, setup, _Fd(1), _Fd(2)),
                name=f"gan-explorer-{self.kind}",
                daemon=True,
            )
            with _main_script_hidden():
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


def _main(
    fn: Worker, args: tuple, reports: mp.Queue, commands: mp.Queue, setup: _Setup, stdout: int, stderr: int
) -> None:
    """The worker process: watch the server, take its environment and output (`stdout`, `stderr`:
    the server's, now), set its name, priority and threads, run `fn`, and make sure the page hears
    an ending."""
    _exit_with_parent()
    os.environ.clear()
    os.environ.update(setup.env)
    for fd, target in ((stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    _set_process_name(setup.name)
    nice, threads, title = setup.nice, setup.threads, setup.title
    if nice:
        try:
            os.nice(nice)
        except OSError:
            pass
    # torch's threads: set now if `fn`'s module imported torch, and for a torch imported later (torch
    # reads OMP_NUM_THREADS when it starts). A worker that needs no torch never imports it: it starts
    # in a fraction of a second instead of the ~2 s that importing torch takes.
    os.environ["OMP_NUM_THREADS"] = str(max(1, threads))
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(max(1, threads))
    channel = Channel(reports, commands, setup.folder)
    try:
        fn(channel, *args)
        if not channel.ended:
            channel.status(FINISHED)
    except Exception as error:  # a sentence for the page, the traceback for the server's log
        print(f"GAN Explorer: the {title} process (pid {os.getpid()}) failed:", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        channel.status(FAILED, f"The {title} stopped on an error: {error}")


@dataclass(frozen=True)
class _Setup:
    """How a worker process is set up before its work runs."""

    nice: int  # below the pages (explorer/jobs/budget.py)
    threads: int  # torch's
    title: str  # in sentences: "the training process"
    name: str  # in ps and top: gx-heavy-train, gx-light-harmonic (15 characters at most)
    folder: Path | None  # for the files it writes
    env: dict[str, str]  # the server's, as the job starts (a fork server's are those of when it started)


def _set_process_name(name: str) -> None:
    """The name ps, top and the class load benchmark show for this process (Linux; elsewhere none)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


class _Fd:
    """A file descriptor of the server, handed to a worker as it starts (multiprocessing passes it
    over its spawning channel): the worker writes where the server writes now."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self):
        return _detach, (reduction.DupFd(self.fd),)


def _detach(duplicate) -> int:
    return duplicate.detach()


def _exit_with_parent() -> None:
    """A worker ends with its server, even one killed hard (no clean-up ran there): the spawn
    pipe from the parent closes when the parent dies, and a thread here waits for that."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="gan-explorer-parent-watch", daemon=True).start()

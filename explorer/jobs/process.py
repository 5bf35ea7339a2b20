"""A worker process: how it starts and what it does before and after its work. Written once for
every kind of job: the fork server that has torch and the job kinds imported already, a worker's
niceness, threads and OpenMP spin, its name in ps and top, its output going where the server's
goes, an exit when the server dies (even killed hard), the worker's end of the messages
(`Channel`), and a crash turned into a sentence for the page and a traceback for the server's log.
The page's side, `Job`, is in explorer/jobs/job.py.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import sys
import threading
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import reduction
from pathlib import Path

from explorer.jobs.messages import ENDED, FAILED, FINISHED, Command, Report, Status


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

        with main_script_hidden():
            forkserver.ensure_running()

    threading.Thread(target=start, name="gan-explorer-forkserver", daemon=True).start()


@contextlib.contextmanager
def main_script_hidden():
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


def main(
    fn: Worker, args: tuple, reports: mp.Queue, commands: mp.Queue, setup: Setup, stdout: int, stderr: int
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
    work(fn, args, Channel(reports, commands, setup.folder), title)


def work(fn: Worker, args: tuple, channel: Channel, title: str) -> None:
    """Run `fn` and make sure the page hears an ending: a crash is a sentence for the page and a
    traceback for the log (a worker process's here, a Ray actor's in explorer/jobs/cluster/host.py)."""
    try:
        fn(channel, *args)
        if not channel.ended:
            channel.status(FINISHED)
    except Exception as error:  # a sentence for the page, the traceback for the server's log
        print(f"GAN Explorer: the {title} process (pid {os.getpid()}) failed:", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        channel.status(FAILED, f"The {title} stopped on an error: {error}")


@dataclass(frozen=True)
class Setup:
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


class Fd:
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

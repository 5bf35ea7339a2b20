"""The runner of a job on this server: its worker in a process of its own, spawned by the fork
server (explorer/jobs/process.py), commands and reports through two multiprocessing queues, and a
collector thread that folds the reports into the job (`Job._apply`) and notices a worker that died
without a word. The job's files are in its folder here (`Job.workdir`)."""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from typing import TYPE_CHECKING

from explorer.jobs.messages import ENDED, Command
from explorer.jobs.process import Fd, Setup, context, main, main_script_hidden

if TYPE_CHECKING:
    from explorer.jobs.job import Job


class LocalRunner:
    def __init__(self) -> None:
        self._ctx = context()
        self._reports, self._commands = self._ctx.Queue(), self._ctx.Queue()
        self._process: mp.process.BaseProcess | None = None
        self._collector: threading.Thread | None = None

    def start(self, job: Job) -> None:
        fn, args = job.worker()
        setup = Setup(job.nice, job.threads, job.title, f"gx-{job.lane}-{job.kind}"[:15], job.workdir, dict(os.environ))
        process = self._ctx.Process(
            target=main,
            args=(fn, args, self._reports, self._commands, setup, Fd(1), Fd(2)),
            name=f"gan-explorer-{job.kind}",
            daemon=True,
        )
        with main_script_hidden():
            process.start()
        self._collector = threading.Thread(
            target=self._collect, args=(job, process), daemon=True, name=f"gan-explorer-{job.kind}-collect"
        )
        self._collector.start()
        # `started` only from here on, when join() has a collector to wait for: a test that saw
        # `started` while a slow spawn was still under way found no collector, and join() said
        # at once that the job had not ended (CI, on a busy machine)
        self._process = process

    @property
    def started(self) -> bool:
        return self._process is not None

    @property
    def holds_compute(self) -> bool:
        return self._process is not None and (self._collector is None or self._collector.is_alive())

    def send(self, command: Command) -> None:
        self._commands.put(command)

    def close(self) -> None:
        for q in (self._reports, self._commands):
            q.close()

    def join(self, job: Job, timeout: float | None) -> bool:
        if self._collector is None:  # never started: ended only if stopped while queued
            return job.state in ENDED
        self._collector.join(timeout)
        return not self._collector.is_alive()

    def kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    def read_file(self, job: Job, name: str) -> bytes | None:
        return read_from_folder(job, name)

    def _collect(self, job: Job, process: mp.process.BaseProcess) -> None:
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
            if job._apply(report):
                break
        process.join(10)
        job._lost(f"exit code {process.exitcode}")
        self.close()


def read_from_folder(job: Job, name: str) -> bytes | None:
    """A file in the job's folder on this machine (its worker's here; a cluster's board copies its
    jobs' files into their folders on the head), or None."""
    if job.workdir is None:
        return None
    try:
        return (job.workdir / name).read_bytes()
    except OSError:
        return None

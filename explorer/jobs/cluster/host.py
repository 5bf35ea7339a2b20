"""A job's worker on a cluster: a detached, named Ray actor (`job-<id>`) that runs the kind's worker
function in a thread, exactly as a worker process on one server does (the same `Channel`, the same
one worker loop, the same crash → sentence), wherever Ray placed it.

- Commands arrive as actor calls (`send`) in their own concurrency group, so that a click never
  waits behind the long-polls.
- Reports are folded here too, into this actor's copy of the job, and kept in a short numbered
  log. Whoever follows the job (the board, and each replica that shows it: one follower per job and
  replica, however many tabs watch) long-polls `since(seq)`: the reports after `seq`, or, for a
  follower that has fallen behind the log or just arrived, the job's whole folded state once.
- The worker's files are in this actor's own folder on its node; a follower sees their versions
  with every answer and reads a changed one with `read`. The folder is locked while the actor
  lives, and deleted by the next job's actor on the node once it does not (a killed actor cleans
  up nothing).
"""

from __future__ import annotations

import os
import queue
import shutil
import sys
import threading
from collections import deque

import ray

from explorer.jobs.board import _claim_folder, default_root
from explorer.jobs.cluster.resources import threads_for
from explorer.jobs.job import Job
from explorer.jobs.messages import ENDED, Report, Status
from explorer.jobs.process import Channel, Worker, work

LOG_KEPT = 512  # reports kept for followers; one further behind gets the whole state instead


class _InActor:
    """The runner of the actor's own copy of the job: nothing to start; a report it cannot fold
    ends the actor (its followers then say the process ended)."""

    started, holds_compute = True, True

    def kill(self) -> None:
        os._exit(1)


@ray.remote(max_restarts=0, concurrency_groups={"control": 1, "files": 2, "poll": 16})
class JobHost:
    def __init__(self, job: Job, fn: Worker, args: tuple, threads: int) -> None:
        self._job = job
        job.run_by(_InActor())
        self._changed = threading.Condition()
        self._log: deque[tuple[int, Report]] = deque(maxlen=LOG_KEPT)
        self._seq, self._ended = 0, False
        self._commands: queue.Queue = queue.Queue()
        self.folder, self._alive = _claim_folder(default_root())
        channel = Channel(self, self._commands, self.folder)  # its reports come to `put`
        threads = threads_for(threads, job.cost, ray.get_runtime_context().get_assigned_resources())
        threading.Thread(target=self._work, args=(fn, args, channel, threads), daemon=True).start()

    def _work(self, fn: Worker, args: tuple, channel: Channel, threads: int) -> None:
        os.environ["OMP_NUM_THREADS"] = str(max(1, threads))  # Ray sets 1 for an actor without CPUs
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(max(1, threads))
        work(fn, args, channel, self._job.title)

    def put(self, report: Report) -> None:
        """The worker's report (the `Channel` calls it): folded here, and kept for the followers."""
        ended = self._job._apply(report)
        with self._changed:
            self._seq += 1
            self._log.append((self._seq, report))
            self._ended = self._ended or ended or (isinstance(report, Status) and report.state in ENDED)
            self._changed.notify_all()

    @ray.method(concurrency_group="control")
    def send(self, command) -> None:
        self._commands.put(command)

    @ray.method(concurrency_group="poll")
    def since(self, seq: int, timeout_s: float, statuses: bool = False) -> tuple:
        """(last seq, the reports after `seq` or None, the whole state or None, the files' versions),
        as soon as there is a report after `seq`, or after `timeout_s`. `statuses`: only Status
        reports, and a fallen-behind follower gets the latest status instead of the whole state."""
        with self._changed:
            self._changed.wait_for(lambda: self._seq > seq or self._ended, timeout_s)
            last = self._seq
            first = self._log[0][0] if self._log else last + 1
            if seq + 1 >= first or last == seq:
                reports = [r for s, r in self._log if s > seq and (not statuses or isinstance(r, Status))]
                return last, reports, None, self._files()
        snap = self._job.snapshot()
        if statuses:
            return last, [Status(snap.state, snap.message)], None, self._files()
        return last, None, self._job.whole(), self._files()

    @ray.method(concurrency_group="files")
    def read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    @ray.method(concurrency_group="control")
    def whole(self) -> dict:
        return self._job.whole()

    @ray.method(concurrency_group="control")
    def clean_up(self) -> None:
        """Delete the job's files (the board has its copy): called just before the actor is killed."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _files(self) -> dict[str, int]:
        try:
            return {f.name: f.stat().st_mtime_ns for f in self.folder.iterdir() if f.is_file() and f.name != ".alive"}
        except OSError:
            return {}

"""The cluster's one job board: a detached, named Ray actor (`board`) that holds the same `JobBoard`
as one server does, so its rules stay the board's (the teacher first, one heavy job per browser,
the light and the heavy lane, queue positions, abandonment); only its jobs run elsewhere.

- Each job here is the kind's `Job` (a copy without its inputs) run by `Placed`: starting it makes
  the job's actor (explorer/jobs/cluster/host.py) with the job's lane as Ray resources, and Ray
  places it on a node with room. The board follows each job's statuses (for its budget) and copies
  its files into the job's folder here. When the job ends, the board keeps its whole state and
  files and kills its actor, so that its cores go to the next job at once; a finished training's
  checkpoint is still there to download.
- The replicas (explorer/jobs/cluster/replica.py) learn of every job from `directory`, a long-poll
  that answers when anything a page shows changes (a new job, a state, a place in the queue); each
  replica says every second which owners and jobs its connected sessions look at (`seen`). A job
  that no replica has looked at for `abandon_after_s` is abandoned, as on one server; a replica not
  heard from for `REPLICA_GONE_S` counts as looking at nothing.
- The budget is the cluster's total of the lanes its nodes declare (explorer/jobs/cluster/resources.py),
  read again at each tick, so a node that joins or leaves changes it; or a fixed one (tests).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import ray
from ray.exceptions import GetTimeoutError, RayActorError

from explorer.jobs.board import JobBoard, JobError
from explorer.jobs.budget import Resources
from explorer.jobs.cluster.host import JobHost
from explorer.jobs.cluster.resources import actor_options, cluster_lanes, largest_node
from explorer.jobs.job import Job
from explorer.jobs.local import read_from_folder
from explorer.jobs.messages import ENDED, Command

REPLICA_GONE_S = 10.0  # a replica not heard from this long looks at nothing (it died, or lost the head)
POLL_S = 2.0  # a follower's long-poll: it returns at once when the job says something


def host_name(job_id: str) -> str:
    return f"job-{job_id}"


@dataclass(frozen=True)
class Entry:
    """What a replica needs of a job without asking again: the directory's line for it."""

    number: int  # the order of submission
    kind: str
    owner: str
    state: str
    message: str
    started: bool
    position: int  # in its lane's queue, 0 when not waiting
    waits_for: str  # the id of the same browser's heavy job it waits for, or ""
    files: tuple[tuple[str, int], ...]  # (name, version) of the files the board has copied


class Placed:
    """The board's runner of a job: its actor, made when the board starts it, and a follower thread
    that folds the actor's statuses into the board's copy and copies its files here."""

    def __init__(self, namespace: str, fn, args: tuple) -> None:
        self._namespace, self._work = namespace, (fn, args)
        self._actor = None
        self._pending: list[Command] = []  # sent while queued: the actor reads them when it starts
        self._follower: threading.Thread | None = None
        self.files: dict[str, int] = {}  # name → version, of the files copied into the job's folder
        self.whole_taken = False  # the actor's whole state is in the board's copy (it ended, not died)

    @property
    def started(self) -> bool:
        return self._follower is not None

    @property
    def holds_compute(self) -> bool:
        return self._follower is not None and self._follower.is_alive()

    def start(self, job: Job) -> None:
        fn, args = self._work
        self._work = None  # the inputs are the actor's now
        options = actor_options(job.lane, job.cost, largest_node(ray.nodes()))
        self._actor = JobHost.options(
            name=host_name(job.id), namespace=self._namespace, lifetime="detached", **options
        ).remote(job, fn, args, job.threads)
        for command in self._pending:
            self._actor.send.remote(command)
        self._pending.clear()
        self._follower = threading.Thread(target=self._follow, args=(job,), daemon=True, name=f"follow-{job.id}")
        self._follower.start()

    def send(self, command: Command) -> None:
        if self._actor is None:
            self._pending.append(command)
        else:
            self._actor.send.remote(command)

    def close(self) -> None:
        self._pending.clear()
        self._work = None

    def join(self, job: Job, timeout: float | None) -> bool:
        if self._follower is None:
            return job.state in ENDED
        self._follower.join(timeout)
        return not self._follower.is_alive()

    def kill(self) -> None:
        if self._actor is not None:
            try:
                ray.kill(self._actor, no_restart=True)
            except Exception:  # gone already
                pass

    def read_file(self, job: Job, name: str) -> bytes | None:
        return read_from_folder(job, name)  # the files this board copied from the job's actor

    def _follow(self, job: Job) -> None:
        seq, actor = 0, self._actor
        try:
            while True:
                try:
                    seq, reports, _, files = ray.get(actor.since.remote(seq, POLL_S, True), timeout=POLL_S + 30)
                except GetTimeoutError:
                    continue  # a busy head: ask again
                self._copy(job, files)
                if any(job._apply(r) for r in reports):
                    break
            job.restore(ray.get(actor.whole.remote(), timeout=60))  # its pictures, for a page that comes later
            self.whole_taken = True
            self._copy(job, ray.get(actor.since.remote(seq, 0.0, True), timeout=60)[3])
            ray.get(actor.clean_up.remote(), timeout=60)
        except RayActorError as error:
            job._lost(_why(error))
        except Exception as error:  # the head is gone, or this side's bug: the job cannot be followed
            job._lost(f"{type(error).__name__}: {error}")
        self.kill()  # ended: its cores go to the next job

    def _copy(self, job: Job, files: dict[str, int]) -> None:
        for name, version in files.items():
            if self.files.get(name) != version and job.workdir is not None:
                data = ray.get(self._actor.read.remote(name), timeout=120)
                if data is not None:
                    part = job.workdir / f".{name}.part"
                    part.write_bytes(data)
                    part.replace(job.workdir / name)
                    self.files[name] = version


def _why(error: RayActorError) -> str:
    text = str(error)
    if "node" in text.lower() and ("died" in text.lower() or "dead" in text.lower()):
        return "its machine left the cluster"
    return "its process was killed"


@ray.remote(max_restarts=0, concurrency_groups={"control": 1, "poll": 32})
class BoardService:
    def __init__(self, namespace: str, budget: Resources | None, abandon_after_s: float, root: str | None) -> None:
        self._namespace = namespace
        self._seen: dict[str, tuple[float, set[str], set[str]]] = {}  # replica → (when, owners, ids)
        self._board = JobBoard(
            budget or Resources(),
            root=Path(root) if root else None,
            abandon_after_s=abandon_after_s,
            watch_every_s=0.25,
            looking=self._looking,
            lanes_of=None if budget else lambda: cluster_lanes(ray.cluster_resources()),
            paused_keep_cores=("heavy",),  # a paused training's actor keeps its Ray resources
            local_workers=False,
        )
        self._numbers: dict[str, int] = {}
        self._changed = threading.Condition()
        self._version, self._entries = 0, {}
        self._closed = threading.Event()
        threading.Thread(target=self._refresh, daemon=True, name="directory").start()

    # --- what the replicas say --------------------------------------------------------------------
    @ray.method(concurrency_group="control")
    def submit(self, job_id: str, job: Job, fn, args: tuple, owner: str, first: bool) -> str:
        """Queue a replica's job (a copy without its inputs: they go to its actor). Returns "" or
        the sentence why it could not be queued."""
        job.run_by(Placed(self._namespace, fn, args))
        self._numbers[job_id] = len(self._numbers)
        try:
            self._board.submit(job, owner, first=first, job_id=job_id)
        except JobError as error:
            return str(error)
        self._refresh_now()
        return ""

    @ray.method(concurrency_group="control")
    def send(self, job_id: str, command: Command) -> None:
        job = self._board.get(job_id)
        if job is not None:
            job.send(command)

    @ray.method(concurrency_group="control")
    def stop(self, job_id: str) -> None:
        """Stop a job: a queued one never runs, a running one saves and ends."""
        job = self._board.get(job_id)
        if job is not None:
            job.stop()
            self._board.tick()
            self._refresh_now()

    @ray.method(concurrency_group="control")
    def kill(self, job_id: str) -> None:
        job = self._board.get(job_id)
        if job is not None:
            job.kill()

    @ray.method(concurrency_group="control")
    def discard(self, job_id: str) -> None:
        job = self._board.get(job_id)
        if job is not None:
            self._board.discard(job)
            self._refresh_now()

    @ray.method(concurrency_group="control")
    def seen(self, replica: str, owners: set[str], ids: set[str]) -> None:
        self._seen[replica] = (time.monotonic(), set(owners), set(ids))

    @ray.method(concurrency_group="poll")
    def directory(self, version: int, timeout_s: float) -> tuple[int, dict[str, Entry]]:
        """(version, every job's entry) as soon as the version is past `version`, or after `timeout_s`."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version, timeout_s)
            return self._version, self._entries

    @ray.method(concurrency_group="poll")
    def copies(self, ids: list[str]) -> dict[str, Job]:
        """The board's copies of these jobs (the kind's attributes, without inputs), for a replica's mirror."""
        return {i: j for i in ids if (j := self._board.get(i)) is not None}

    @ray.method(concurrency_group="poll")
    def final(self, job_id: str) -> tuple[str, dict | None]:
        """An ended job's state, for a replica that comes after its actor has gone: ("ended", its
        whole state), ("lost", its state and message: it died), ("active", None) while the board
        has not seen it end, or ("gone", None)."""
        job = self._board.get(job_id)
        if job is None:
            return "gone", None
        if job.state not in ENDED or job.running_process:
            return "active", None
        if job._runner.whole_taken:
            return "ended", job.whole()
        snap = job.snapshot()  # died: only its statuses are here
        return "lost", {"state": snap.state, "message": snap.message}

    @ray.method(concurrency_group="poll")
    def read_file(self, job_id: str, name: str) -> bytes | None:
        job = self._board.get(job_id)
        return job.read_file(name) if job is not None else None

    @ray.method(concurrency_group="control")
    def close(self) -> None:
        self._closed.set()
        self._board.close()

    # --- inside -----------------------------------------------------------------------------------
    def _looking(self) -> tuple[set[str], set[str]]:
        now, owners, ids = time.monotonic(), set(), set()
        for when, o, i in list(self._seen.values()):
            if now - when < REPLICA_GONE_S:
                owners |= o
                ids |= i
        return owners, ids

    def _refresh(self) -> None:
        while not self._closed.wait(0.1):
            self._refresh_now()

    def _refresh_now(self) -> None:
        board = self._board
        entries = {}
        for job in board.jobs():
            waits = board.waits_for_own(job)
            files = job._runner.files if isinstance(job._runner, Placed) else {}
            entries[job.id] = Entry(
                number=self._numbers.get(job.id, 0),
                kind=job.kind,
                owner=job.owner,
                state=job.state,
                message=job.message,
                started=job.started,
                position=board.position(job),
                waits_for=waits.id if waits is not None else "",
                files=tuple(sorted(files.items())),
            )
        with self._changed:
            if entries != self._entries:
                self._entries, self._version = entries, self._version + 1
                self._changed.notify_all()

"""The one process-wide job board: every job on the server, whoever started it and whatever its kind.

- Ids and owners: a job's id is unguessable (it is put in the page's URL, so a refresh or a
  reopened tab finds the job again); its owner is the browser that started it. Anyone with the
  link may watch a job; only its owner controls it (the pages ask `owns`).
- One compute budget (explorer/jobs/budget.py) shared by every kind, in two lanes (light jobs,
  heavy jobs); a job that does not fit waits in its lane's queue, with its position shown. A queue
  is served in order, the teacher's jobs (`first`) before everyone else's, and a later job never
  overtakes the head; except that it is fair: while one browser has a heavy job running, its next
  heavy job waits without holding up anyone else's (thirty Start clicks of one student do not
  hold the class up).
- Abandoned jobs: a job that nobody has looked at for `abandon_after_s` is stopped and forgotten,
  its files deleted. `looking()` says which jobs someone looks at now (the pages: those of every
  connected session, explorer/ui/jobs.py), so the time runs from the last tab's closing; a refresh
  or a short disconnect is shorter.
- Files: each job gets its own folder inside this server's folder for what its worker writes
  (checkpoints, prepared pictures; a page reads them through `Job.read_file`), deleted when the
  job is discarded or abandoned. A server killed hard cannot clean up, so each server holds a
  lock on its folder while it lives, and the next one to start deletes every folder whose lock
  nobody holds. (Workers end with their server: explorer/jobs/process.py.)
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from explorer.jobs.budget import Resources, lanes
from explorer.jobs.job import Job
from explorer.jobs.messages import PAUSED, QUEUED
from explorer.jobs.process import warm_up
from explorer.words import say

try:
    import fcntl
except ImportError:  # Windows: folders of servers killed hard stay in the temp folder
    fcntl = None

ABANDON_AFTER_S = 30.0  # a job nobody looks at is stopped this long after (a refresh takes seconds)
STOP_GRACE_S = 30.0  # a discarded job's worker gets this long to obey Stop before it is killed


class JobError(RuntimeError):
    """A job could not be submitted (its files could not be written); the message says why."""


def new_id() -> str:
    """A job's id: unguessable, since anyone with it may watch the job."""
    return secrets.token_urlsafe(9)


def default_root() -> Path:
    return Path(os.environ.get("GAN_EXPLORER_JOBS", Path(tempfile.gettempdir()) / "gan-explorer-jobs"))


class JobBoard:
    unavailable = ""  # one server's board is always there (a cluster's replica may lose its board)

    def __init__(
        self,
        budget: Resources,
        *,
        root: Path | str | None = None,
        abandon_after_s: float = ABANDON_AFTER_S,
        watch_every_s: float = 1.0,
        looking: Callable[[], tuple[set[str], set[str]]] | None = None,
        lanes_of: Callable[[], dict[str, Resources]] | None = None,
        paused_keep_cores: tuple[str, ...] = (),
        local_workers: bool = True,
        device: str = "cpu",
    ) -> None:
        """`looking()`: (owners, job ids) that someone is looking at now (the pages' connected
        sessions): their jobs are kept; every other job is abandoned `abandon_after_s` after a page
        last looked at it. `lanes_of()`: each lane's budget now, when it is not `budget`'s split
        (a cluster's, from the lanes its nodes declare: explorer/jobs/cluster/resources.py).
        `paused_keep_cores`: the lanes whose paused jobs still hold their cores (a cluster's heavy
        jobs: their actors keep their Ray resources). `local_workers`: whether this board's jobs
        run in processes of this server (then the fork server is started at once). `device`: what
        the heavy jobs compute on ("cpu", "cuda", "mps"; the pages make their jobs for it)."""
        self.device = device
        self.budget, self.abandon_after_s, self.watch_every_s = budget, abandon_after_s, watch_every_s
        self.looking = looking
        self.lanes_of = lanes_of or (lambda: lanes(self.budget))
        self.paused_keep_cores = paused_keep_cores
        self._jobs: dict[str, Job] = {}  # in the order they were submitted: the queue's order
        self._lock = threading.RLock()
        self.folder, self._alive = _claim_folder(Path(root) if root else default_root())
        atexit.register(self.close)
        self._watchdog: threading.Thread | None = None
        self._closed = threading.Event()
        if local_workers:
            warm_up()  # the fork server that starts the workers, ready before the first job

    # --- submitting and finding jobs --------------------------------------------------------------
    def submit(self, job: Job, owner: str, *, first: bool = False, job_id: str = "") -> str:
        """Give `job` an id (`job_id`: one a replica gave it), an owner and its own folder, queue it
        (before everyone else's when `first`: the teacher's), and start it if it fits."""
        job.id, job.owner, job.first = job_id or new_id(), owner, first
        job.last_seen = time.monotonic()  # this process's clock (a replica's copy came with its own)
        workdir = self.folder / job.id
        try:
            workdir.mkdir()
        except OSError as error:  # a full disk: nothing is queued
            raise JobError(say("job_files", what=job.title, why=error.strerror or str(error))) from error
        job.workdir = workdir
        with self._lock:
            self._jobs[job.id] = job
            if self._watchdog is None:
                self._watchdog = threading.Thread(target=self._watch, name="gan-explorer-board", daemon=True)
                self._watchdog.start()
        self.tick()
        return job.id

    def get(self, job_id: str | None) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id or "")

    def latest(self, owner: str, kind: str) -> Job | None:
        """The owner's most recent job of that kind still on the board (a tab reopened without the link)."""
        with self._lock:
            mine = [j for j in self._jobs.values() if j.owner == owner and j.kind == kind]
        return mine[-1] if mine else None

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    @staticmethod
    def owns(job: Job, owner: str) -> bool:
        return bool(owner) and job.owner == owner

    def look(self, job: Job) -> None:
        """A page showed the job: it is not abandoned."""
        job.last_seen = time.monotonic()

    def position(self, job: Job) -> int:
        """1-based place in its lane's queue; 0 when it is not waiting."""
        waiting = [j for j in self._waiting() if j.lane == job.lane]
        return waiting.index(job) + 1 if job in waiting else 0

    def waits_for_own(self, job: Job) -> Job | None:
        """The heavy job of the same browser that `job` waits for (one at a time each), if any."""
        if job.lane != "heavy" or job.started or job.state != QUEUED:
            return None
        with self._lock:
            return next(
                (
                    j
                    for j in self._jobs.values()
                    if j is not job and j.owner == job.owner and j.lane == "heavy" and j.running_process
                ),
                None,
            )

    def used(self, lane: str | None = None) -> Resources:
        """What the running jobs hold (of one lane, or of both). A paused job keeps its GPU memory but
        holds no cores: thirty students who open the harmonic page and leave their games paused do
        not keep the next student's game from starting (one that resumes shares the cores)."""
        with self._lock:
            return sum(
                (
                    Resources(gpu_gib=j.cost.gpu_gib)
                    if j.state == PAUSED and j.lane not in self.paused_keep_cores
                    else j.cost
                    for j in self._jobs.values()
                    if j.running_process and lane in (None, j.lane)
                ),
                Resources(),
            )

    def _waiting(self) -> list[Job]:
        """The queued jobs in the order they are served: the teacher's first, then as submitted."""
        with self._lock:
            waiting = [j for j in self._jobs.values() if not j.started and j.state == QUEUED]
        return sorted(waiting, key=lambda j: not j.first)  # a stable sort keeps the submission order

    # --- ending jobs ------------------------------------------------------------------------------
    def discard(self, job: Job, *, _tick: bool = True) -> None:
        """Stop the job, forget it, and delete its folder once its worker has let go of it (a
        thread waits for that, so a click never blocks on a worker writing its last checkpoint)."""
        with self._lock:
            if self._jobs.get(job.id) is not job:
                return
            del self._jobs[job.id]
        job.stop()

        def clean_up() -> None:
            if job.started and not job.join(STOP_GRACE_S):
                job.kill()
                job.join(10)
            if job.workdir is not None:
                shutil.rmtree(job.workdir, ignore_errors=True)

        threading.Thread(target=clean_up, name="gan-explorer-clean-up", daemon=True).start()
        if _tick:
            self.tick()  # its place in the budget goes to the next in the queue

    def tick(self) -> None:
        """Discard abandoned jobs, then start queued ones in order while they fit."""
        owners, ids = self.looking() if self.looking else (set(), set())
        now = time.monotonic()
        for job in self.jobs():
            if job.owner in owners or job.id in ids:
                job.last_seen = now
            elif now - job.last_seen > self.abandon_after_s:
                self.discard(job, _tick=False)
        with self._lock:
            for name, budget in self.lanes_of().items():
                used = self.used(name)
                for job in (j for j in self._waiting() if j.lane == name):
                    if self.waits_for_own(job):
                        continue  # fair: one heavy job per browser at a time; it does not hold the others up
                    alone = used == Resources()  # a job larger than its lane still runs by itself
                    if not alone and not (used + job.cost).within(budget):
                        break  # served in order: the rest wait behind the head of the queue
                    job.start()
                    used = used + job.cost

    def close(self) -> None:
        """Stop every job and delete this server's folder (tests; a server's normal exit)."""
        self._closed.set()
        with self._lock:
            jobs = list(self._jobs.values())
            self._jobs.clear()
        for job in jobs:
            job.stop()
        for job in jobs:
            if job.started and not job.join(5):
                job.kill()
                job.join(5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _watch(self) -> None:
        while not self._closed.wait(self.watch_every_s):
            self.tick()


def _claim_folder(root: Path) -> tuple[Path, object]:
    """This server's folder under `root`, locked while the server lives; the folders of servers
    that died without cleaning up (nobody holds their lock) are deleted first."""
    root.mkdir(parents=True, exist_ok=True)
    if fcntl is not None:
        for folder in root.glob("server-*"):
            if _unclaimed(folder):
                shutil.rmtree(folder, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"server-{os.getpid()}-", dir=root))
    alive = open(folder / ".alive", "w")
    if fcntl is not None:
        fcntl.flock(alive, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return folder, alive


def _unclaimed(folder: Path, settle_s: float = 10.0) -> bool:
    """Nobody holds the folder's lock (its server is gone). A folder younger than `settle_s` may
    be one that a server starting right now has made but not locked yet: left alone."""
    try:
        if time.time() - folder.stat().st_mtime < settle_s:
            return False
        with open(folder / ".alive", "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True  # closing the file releases the lock
    except BlockingIOError:
        return False  # a live server holds it
    except OSError:
        return True  # gone meanwhile, or its lock file cannot be opened: nothing in it to keep

"""The job board as one Streamlit replica of a cluster sees it: `ClusterBoard`, with the same
methods the pages call on one server's `JobBoard`, answered from this replica's memory, so that a
page never waits on the network in its script thread.

- One directory thread per replica long-polls the board actor (explorer/jobs/cluster/service.py)
  for every job's line (`Entry`: owner, state, place in the queue), fetches a copy of each new job
  (the kind's attributes, without inputs), and says every second who this replica's connected
  sessions are and which jobs they show. While the board cannot be reached, `unavailable` says why.
- A job a page shows gets one follower thread in this replica (`Follow`), however many tabs show
  it: it long-polls the job's actor for its reports and folds them into this replica's copy, the
  same way a local job's collector does, and keeps the job's files. A follower that comes late (a
  student whose replica died reconnects here) gets the job's whole state at once.
- Commands go to the board actor, which passes them on to the job's actor (or holds them while the
  job is queued). Submitting returns at once with the job's id; the board's answer comes later.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable

import ray
from ray.exceptions import GetTimeoutError, RayActorError

from explorer.jobs.board import ABANDON_AFTER_S, JobBoard, JobError, new_id
from explorer.jobs.budget import Resources
from explorer.jobs.cluster import ClusterUnavailable, connect
from explorer.jobs.cluster.resources import GPU_MIB
from explorer.jobs.cluster.service import POLL_S, BoardService, Entry, host_name
from explorer.jobs.job import Job
from explorer.jobs.messages import ENDED, FAILED, Command, Status, Stop
from explorer.words import say

NAMESPACE = "gan-explorer"
FIRST_LOAD_S = 10.0  # a replica that has just started waits this long, once, for the board's directory
SEEN_EVERY_S = 1.0
NODES_EVERY_S = 10.0  # how often a replica reads again what the cluster's nodes offer (a GPU node may join)
LEAVE_AFTER_S = 10.0  # a board joined and then unreachable this long: the cluster is gone (see `_leave`)
LEFT_LOST_CLUSTER = 75  # the exit code of a server that left a lost cluster
FINAL_FILES_S = 30.0  # how long a replica waits for the board's copy of an ended job's last files


class ClusterBoard:
    def __init__(
        self,
        head: str,
        *,
        namespace: str = NAMESPACE,
        budget: Resources | None = None,
        abandon_after_s: float = ABANDON_AFTER_S,
        looking: Callable[[], tuple[set[str], set[str]]] | None = None,
        root: str | None = None,
        leave_lost_cluster: bool = False,
    ) -> None:
        """`head`: the Ray head's address (host:6379); `budget`: a fixed one instead of the cluster's
        lanes (tests); `looking()`: (owners, job ids) this replica's connected sessions look at;
        `root`: where the board keeps the jobs' files on the head (GAN_EXPLORER_JOBS there by
        default). It joins the cluster in the background, and again whenever the cluster cannot
        be reached: meanwhile `unavailable` says why, and the pages that need no job work on.
        `leave_lost_cluster`: a server (not a test) ends when the cluster it joined is gone (`_leave`)."""
        self.head, self.namespace, self.looking = head, namespace, looking
        self.leave_lost_cluster = leave_lost_cluster
        self._board_args = (namespace, budget, abandon_after_s, root)
        self.replica = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self._service = None  # the board actor's handle, once joined
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._jobs: dict[str, Job] = {}  # every job on the board, as this replica has it
        self._entries: dict[str, Entry] = {}
        self._submitting: dict[str, object] = {}  # job id → the board's answer to come
        self._refused: set[str] = set()  # jobs the board could not queue (kept to say why)
        self._looked: dict[str, float] = {}  # job id → when a page here last showed it
        self._why = ""  # the last reason the board could not be reached (for the log)
        self._gpu = budget is not None and budget.gpu_gib > 0  # whether the cluster offers GPU memory
        self._loaded = threading.Event()
        self._closed = threading.Event()
        self._unavailable: str = say("cluster_unavailable")  # a sentence (a Message) until joined; why: in the log
        self._thread = threading.Thread(target=self._directory, daemon=True, name="gan-explorer-directory")
        self._thread.start()

    @property
    def unavailable(self) -> str:
        """ "" while the board can be reached, else the sentence why not. A replica that has just
        started waits for its first word from the board (once, FIRST_LOAD_S at most)."""
        self._loaded.wait(FIRST_LOAD_S)
        return self._unavailable

    @property
    def device(self) -> str:
        """What the heavy jobs compute on: "cuda" when some node offers GPU memory (Ray places each
        training on one of those, and the job's actor sees only its GPU), else "cpu". The page's
        own machine does not matter: a replica without a GPU starts trainings on the cluster's."""
        return "cuda" if self._gpu else "cpu"

    # --- the pages' side: as JobBoard -----------------------------------------------------------------
    def submit(self, job: Job, owner: str, *, first: bool = False) -> str:
        """Queue `job` on the cluster's board; raises JobError while the board cannot be reached."""
        if self.unavailable or self._service is None:  # (`unavailable` waits for the first join)
            raise JobError(self.unavailable or say("cluster_unavailable"))
        job.id, job.owner, job.first = new_id(), owner, first
        fn, args = job.worker()
        job.run_by(Follow(self, job))
        with self._lock:
            self._jobs[job.id] = job
            self._submitting[job.id] = self._service.submit.remote(job.id, job, fn, args, owner, first)
        job._runner.follow()  # the page that started it shows it
        return job.id

    def get(self, job_id: str | None) -> Job | None:
        self._loaded.wait(FIRST_LOAD_S)  # once, after this replica starts: then it is at once
        with self._lock:
            return self._shown(self._jobs.get(job_id or ""))

    def latest(self, owner: str, kind: str) -> Job | None:
        mine = [j for j in self.jobs() if j.owner == owner and j.kind == kind]
        return self._shown(mine[-1] if mine else None)

    def jobs(self) -> list[Job]:
        self._loaded.wait(FIRST_LOAD_S)
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: self._number(j.id))

    owns = staticmethod(JobBoard.owns)

    def look(self, job: Job) -> None:
        job.last_seen = self._looked[job.id] = time.monotonic()
        job._runner.follow()

    def position(self, job: Job) -> int:
        entry = self._entry(job.id)
        return entry.position if entry is not None else 0

    def waits_for_own(self, job: Job) -> Job | None:
        entry = self._entry(job.id)
        if entry is None or not entry.waits_for:
            return None
        with self._lock:
            return self._jobs.get(entry.waits_for)

    def discard(self, job: Job) -> None:
        with self._lock:
            if self._jobs.get(job.id) is not job:
                return
            del self._jobs[job.id]
        job.stop()  # a queued job is stopped here at once, as on one server
        job._runner.forget()
        self._service.discard.remote(job.id)

    def tick(self) -> None:
        """Nothing to do here: the board actor ticks."""

    def close(self, *, shut_down: bool = False) -> None:
        """Stop following (a replica's exit); `shut_down`: also stop every job and the board actor
        (the end of a cluster class, and tests)."""
        self._closed.set()
        for job in self.jobs():
            job._runner.forget()
        if shut_down and self._service is not None:
            try:
                ray.get(self._service.close.remote(), timeout=60)
            finally:
                ray.kill(self._service, no_restart=True)

    # --- inside ------------------------------------------------------------------------------------------
    @staticmethod
    def _shown(job: Job | None) -> Job | None:
        """A job a page is about to show: followed from now on (one follower per job here)."""
        if job is not None:
            job._runner.follow()
        return job

    def _entry(self, job_id: str) -> Entry | None:
        with self._lock:
            return self._entries.get(job_id)

    def _number(self, job_id: str) -> float:
        entry = self._entries.get(job_id)
        return entry.number if entry is not None else float("inf")  # submitted here, not yet on the board

    def _wait_for_change(self, timeout_s: float) -> None:
        with self._changed:
            self._changed.wait(timeout_s)

    def _join(self) -> None:
        """Join the cluster and find (or make, the first replica) its board actor."""
        connect(self.head, self.namespace)
        self._service = BoardService.options(
            name="board",
            namespace=self.namespace,
            lifetime="detached",
            get_if_exists=True,
            num_cpus=0,
            resources={"node:__internal_head__": 0.001},  # the board lives and dies with the head
        ).remote(*self._board_args)

    def _directory(self) -> None:
        version, said, nodes_read, failing_since = -1, 0.0, 0.0, None
        while not self._closed.is_set():
            try:
                if self._service is None:
                    self._join()
                    nodes_read = 0.0
                if self._board_args[1] is None and time.monotonic() - nodes_read >= NODES_EVERY_S:
                    self._gpu = ray.cluster_resources().get(GPU_MIB, 0) > 0
                    nodes_read = time.monotonic()
                if time.monotonic() - said >= SEEN_EVERY_S:
                    self._service.seen.remote(self.replica, *self._looking_now())
                    said = time.monotonic()
                # the answers to submits first: a job the board has queued is in the directory that follows
                answered = [i for i, ref in list(self._submitting.items()) if ray.wait([ref], timeout=0)[0]]
                version, entries = ray.get(self._service.directory.remote(version, SEEN_EVERY_S), timeout=30)
                new = [i for i in entries if i not in self._jobs]
                copies = ray.get(self._service.copies.remote(new), timeout=30) if new else {}
                self._take(entries, copies, {i: ray.get(self._submitting[i]) for i in answered})
                self._unavailable = self._why = ""
                failing_since = None
            except ClusterUnavailable as error:  # not joined: a setting is missing, or nobody is there
                self._lose(str(error))
                self._closed.wait(2.0)
            except Exception as error:  # the head is down or restarting: say so, try again
                self._lose(f"{type(error).__name__}: {error}")
                # (a call that timed out is a busy head, not yet a lost one: Ray ends a driver whose head is gone)
                if not isinstance(error, GetTimeoutError):
                    failing_since = failing_since or time.monotonic()
                if isinstance(error, RayActorError):  # the board actor is gone (a new head): make it again
                    self._service, version = None, -1
                if self.leave_lost_cluster and failing_since and time.monotonic() - failing_since >= LEAVE_AFTER_S:
                    self._leave()
                self._closed.wait(1.0)
            self._loaded.set()  # pages need not wait for a board that cannot be reached

    @staticmethod
    def _leave() -> None:
        """The cluster this server joined is gone. Its Ray driver is bound to it (a head started
        again is a new cluster, and Ray ends such a driver itself after 60 s, measured; a driver
        that left and joined again in the same process hung), so the server ends now, for its
        supervisor to start it again (`python -m explorer cluster` does; systemd's Restart=always
        on several machines). Its students reconnect, to another replica meanwhile."""
        print(
            f"GAN Explorer: the job service has been unreachable for {LEAVE_AFTER_S:.0f} s: this server ends, "
            "to join the cluster afresh when it is started again",
            file=sys.stderr,
            flush=True,
        )
        os._exit(LEFT_LOST_CLUSTER)

    def _lose(self, why: str) -> None:
        """The board cannot be reached: the pages say so in the class's language, the server's log
        says why (once for each new reason), for whoever runs the cluster."""
        if why != self._why:
            print(f"GAN Explorer: the job service cannot be reached: {why}", file=sys.stderr, flush=True)
        self._why, self._unavailable = why, say("cluster_unavailable")

    def _take(self, entries: dict[str, Entry], copies: dict[str, Job], answers: dict[str, str]) -> None:
        with self._changed:
            for job_id, job in copies.items():
                if job_id not in self._jobs:
                    job.run_by(Follow(self, job))
                    self._jobs[job_id] = job
            for job_id, refusal in answers.items():
                del self._submitting[job_id]
                if refusal and job_id in self._jobs:  # a full disk on the head: nothing was queued
                    self._jobs[job_id]._apply(Status(FAILED, refusal))
                    self._refused.add(job_id)
            for job_id in [i for i in self._jobs if i not in entries | self._submitting.keys() | self._refused]:
                self._jobs.pop(job_id)._runner.forget()  # discarded or abandoned by the board
            self._entries = entries
            self._changed.notify_all()

    def _looking_now(self) -> tuple[set[str], set[str]]:
        owners, ids = self.looking() if self.looking else (set(), set())
        now = time.monotonic()
        ids = set(ids) | {i for i, when in list(self._looked.items()) if now - when < 2 * SEEN_EVERY_S}
        return set(owners), ids


class Follow:
    """A replica's runner of a job: the board actor starts it; this follows it, from the first
    time a page here shows it until it ends or is forgotten."""

    def __init__(self, board: ClusterBoard, job: Job) -> None:
        self._board, self._job = board, job
        self._thread: threading.Thread | None = None
        self._forgotten = threading.Event()
        self._files: dict[str, tuple[int, bytes]] = {}  # name → (version, contents)
        self._start_lock = threading.Lock()

    @property
    def started(self) -> bool:
        entry = self._board._entry(self._job.id)
        return bool(entry and entry.started)

    @property
    def holds_compute(self) -> bool:
        entry = self._board._entry(self._job.id)
        return bool(entry and entry.started and entry.state not in ENDED and self._job.state not in ENDED)

    def start(self, job: Job) -> None:
        """The board actor starts jobs, never a replica."""

    def send(self, command: Command) -> None:
        service = self._board._service
        if isinstance(command, Stop):
            service.stop.remote(self._job.id)
        else:
            service.send.remote(self._job.id, command)

    def close(self) -> None:
        pass

    def join(self, job: Job, timeout: float | None) -> bool:
        self.follow()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def kill(self) -> None:
        self._board._service.kill.remote(self._job.id)

    def read_file(self, job: Job, name: str) -> bytes | None:
        self.follow()
        kept = self._files.get(name)
        return kept[1] if kept else None

    def follow(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._follow, daemon=True, name=f"follow-{self._job.id}")
                self._thread.start()

    def forget(self) -> None:
        self._forgotten.set()

    def _follow(self) -> None:
        job, board, seq, actor, missed = self._job, self._board, 0, None, {}
        while not self._forgotten.is_set() and not board._closed.is_set() and job._said not in ENDED:
            entry = board._entry(job.id)
            if entry is None or not entry.started:
                if entry is None and job.id not in board._jobs:
                    return  # discarded
                if entry is not None and entry.state in ENDED:  # stopped while queued
                    job._apply(Status(entry.state, entry.message))
                    return
                board._wait_for_change(POLL_S)
                continue
            try:
                if actor is None:
                    actor = ray.get_actor(host_name(job.id), namespace=board.namespace)
                seq_now, reports, whole, files = ray.get(actor.since.remote(seq, POLL_S), timeout=POLL_S + 30)
            except (ValueError, RayActorError):  # its actor is gone: ended (the board has it) or died
                actor = None
                if self._take_final():
                    return
                board._wait_for_change(0.1)  # the board sees it go at once (its own long-poll ends)
                continue
            except GetTimeoutError:
                continue
            except Exception:  # the head cannot be reached: the directory thread says so
                actor = None  # (and the board actor knows whether its job is still there)
                self._forgotten.wait(1.0)
                continue
            try:
                missed = self._fetch(actor.read.remote, files)  # first: a page that sees "saved" finds the file
                if whole is not None:
                    job.restore(whole)
                else:
                    for report in reports:
                        job._apply(report)
            except Exception:  # never the end of following (a page would stand still): said, and again from the whole
                print(f"GAN Explorer: following {job.id} failed once:\n{traceback.format_exc()}", file=sys.stderr)
                seq = -1  # (no report is numbered 0 or less: the next answer is the whole state)
                self._forgotten.wait(1.0)
                continue
            seq = seq_now
        if missed and job._said in ENDED:
            self._from_board(missed)

    def _take_final(self) -> bool:
        """The board's word on a job whose actor is gone; True when it is final."""
        job, service = self._job, self._board._service
        try:
            how, final = ray.get(service.final.remote(job.id), timeout=30)
        except Exception:
            return False
        if how == "active":  # the board has not seen it go yet
            return False
        if how == "ended" and job._said not in ENDED:  # it ended before this replica followed it
            job.restore(final)
        elif how == "lost":  # its process or machine died: what this replica has, and why
            job._apply(Status(final["state"], final["message"]))
        entry = self._board._entry(job.id)
        if entry is not None:
            self._fetch(lambda name: service.read_file.remote(job.id, name), dict(entry.files))
        return True

    def _from_board(self, missed: dict[str, int]) -> None:
        """The files an ended job's actor no longer had when this replica asked (the board copies
        them, then has the actor delete its folder): read from the board once it has these versions."""
        board, job_id = self._board, self._job.id
        deadline = time.monotonic() + FINAL_FILES_S
        while time.monotonic() < deadline and not board._closed.is_set():
            entry = board._entry(job_id)
            if entry is None:
                return
            if all(dict(entry.files).get(name) == version for name, version in missed.items()):
                break
            board._wait_for_change(1.0)
        self._fetch(lambda name: board._service.read_file.remote(job_id, name), missed)

    def _fetch(self, read, files: dict[str, int]) -> dict[str, int]:
        """Copies the files whose version is new here; returns those it could not get."""
        missed = {}
        for name, version in files.items():
            kept = self._files.get(name)
            if kept is None or kept[0] != version:
                try:
                    data = ray.get(read(name), timeout=120)
                except Exception:
                    data = None
                if data is None:
                    missed[name] = version
                else:
                    self._files[name] = (version, data)
        return missed

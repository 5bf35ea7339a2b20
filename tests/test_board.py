"""The job board's queue, abandonment, clean-up and folders, with a job that has no worker process
(`Paper`, the board's test double): what the board does to each job is logged and every step is the
test's to take, so these tests run in milliseconds and check the board's decisions exactly. How a
real worker obeys the board is tests/test_jobs.py's."""

from __future__ import annotations

import atexit
import fcntl
import os
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import PATIENCE_S

from explorer.jobs import FINISHED, LIGHT, PAUSED, QUEUED, RUNNING, STOPPED, JobBoard, Resources
from explorer.jobs.board import ABANDON_AFTER_S, STOP_GRACE_S, _claim_folder, default_root
from explorer.jobs.job import Job, Snapshot
from explorer.jobs.messages import ACTIVE, FAILED

HEAVY = Resources(cpu=0.75)


class Paper(Job):
    """A job with no worker: `log` holds what the board did to it, in order (a join with its timeout;
    with whether its folder still existed at a kill), and the test ends it with `end()`. A job made
    with `obeys=False` has a worker that ignores Stop."""

    kind, title = "paper", "paper job"

    def __init__(self, cost: Resources = HEAVY, *, obeys: bool = True, slow: bool = False) -> None:
        super().__init__(cost, Snapshot("", ""))
        self.obeys, self.log = obeys, []
        self._began, self._ended = False, threading.Event()
        self.let_go = threading.Event()  # a `slow` job's join waits for this (its worker writing its last file)
        if not slow:
            self.let_go.set()

    def start(self) -> None:
        self.log.append("start")
        self._began = True
        self._set_state_if((QUEUED,), RUNNING)

    def stop(self) -> None:
        self.log.append("stop")
        if not self._began:
            self._set_state_if((QUEUED,), STOPPED)
        elif self.obeys:
            self.end(STOPPED)

    def join(self, timeout: float | None = None) -> bool:
        self.log.append(("join", timeout))
        if timeout is None and not self._ended.is_set() and self._began:
            raise AssertionError("the board would wait forever for a worker that may never end")
        self.let_go.wait(PATIENCE_S)
        return self._ended.is_set() or (not self._began and self.state not in ACTIVE)

    def kill(self) -> None:
        self.log.append(("kill", self.workdir is not None and self.workdir.exists()))
        if self._began:
            self.end(FAILED)

    def end(self, state: str = FINISHED) -> None:
        self._set_state_if(ACTIVE, state)
        self._ended.set()

    @property
    def started(self) -> bool:
        return self._began

    @property
    def running_process(self) -> bool:
        return self._began and not self._ended.is_set()


@pytest.fixture
def board(tmp_path):
    """A board that ticks only when the test says (its watchdog waits an hour between ticks)."""
    made = []

    def make(cpu: float = 2.0, gpu_gib: float = 0.0, **options) -> JobBoard:
        b = JobBoard(Resources(cpu=cpu, gpu_gib=gpu_gib), root=tmp_path / "jobs", watch_every_s=3600, **options)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


def _cleaned(job: Paper, wait_until) -> None:
    wait_until(lambda: not job.workdir.exists())  # the clean-up thread deleted its folder


def test_a_submitted_job_gets_an_id_an_owner_and_a_folder_and_starts_when_it_fits(board):
    jobs = board()
    job, teachers = Paper(), Paper()
    job_id = jobs.submit(job, "student")
    assert job_id == job.id and len(job.id) >= 12 and (job.owner, job.first) == ("student", False)
    assert job.workdir == jobs.folder / job.id and job.workdir.is_dir()
    assert jobs.folder.parent.name == "jobs"  # inside the root it was given
    assert job.log == ["start"] and job.state == RUNNING
    jobs.submit(teachers, "teacher", first=True)
    assert teachers.first and teachers.id != job.id
    assert jobs.jobs() == [job, teachers] and jobs.get(job.id) is job and jobs.get(None) is None
    watchdog = jobs._watchdog
    assert watchdog.is_alive() and watchdog.daemon  # one thread watches, and never holds a server's exit
    jobs.submit(Paper(), "other")
    assert jobs._watchdog is watchdog


def test_the_board_defaults_and_its_exit(tmp_path, monkeypatch):
    closes = []
    monkeypatch.setattr(atexit, "register", closes.append)
    monkeypatch.setenv("GAN_EXPLORER_JOBS", str(tmp_path / "school" / "jobs"))  # made, parents and all
    jobs = JobBoard(Resources(cpu=1))
    assert jobs.folder.parent == tmp_path / "school" / "jobs"
    assert (jobs.abandon_after_s, jobs.watch_every_s, jobs.looking) == (ABANDON_AFTER_S, 1.0, None)
    assert closes == [jobs.close]  # a server's normal exit stops every job and deletes its folder
    jobs.close()
    later = JobBoard(Resources(cpu=1), root=tmp_path, abandon_after_s=3.0, watch_every_s=0.5)
    assert (later.abandon_after_s, later.watch_every_s) == (3.0, 0.5)
    later.close()


def test_the_jobs_folder_is_a_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("GAN_EXPLORER_JOBS", str(tmp_path / "school"))
    assert default_root() == tmp_path / "school"
    monkeypatch.delenv("GAN_EXPLORER_JOBS")
    assert default_root() == Path(tempfile.gettempdir()) / "gan-explorer-jobs"


def test_a_job_bigger_than_its_lane_runs_alone_and_the_queue_waits_behind_it(board):
    jobs = board(cpu=2.0)  # heavy lane: 1.5 cores
    big, small = Paper(Resources(cpu=4)), Paper(Resources(cpu=0.5))
    jobs.submit(big, "a")
    jobs.submit(small, "b")
    assert big.started and not small.started and jobs.position(small) == 1 and jobs.position(big) == 0
    big.end()
    assert not small.started  # nothing happens until the board ticks …
    jobs.tick()
    assert small.started and small.log == ["start"] and big.log == ["start"]  # … and nobody starts twice


def test_a_full_light_lane_holds_up_no_heavy_job(board):
    jobs = board(cpu=2.0)  # light lane: half a core, two games
    games = [Paper(LIGHT) for _ in range(3)]
    for i, game in enumerate(games):
        jobs.submit(game, f"player{i}")
    training = Paper()
    jobs.submit(training, "student")
    assert not games[2].started and training.started


def test_a_job_whose_folder_cannot_be_made_is_refused_with_the_reason(board, monkeypatch):
    from explorer.jobs.board import JobError

    jobs = board()

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", full)
    job = Paper()
    with pytest.raises(JobError) as refused:
        jobs.submit(job, "me")
    assert str(refused.value) == "could not prepare the files of the paper job: No space left on device"
    monkeypatch.undo()
    assert jobs.jobs() == [] and job.log == [] and list(jobs.folder.iterdir()) == [jobs.folder / ".alive"]


def test_the_heavy_lane_is_filled_exactly_to_its_budget(board):
    jobs = board(cpu=2.0)
    a, b, c = Paper(), Paper(), Paper()  # 0.75 + 0.75 = 1.5 fits the heavy lane; a third does not
    for job, owner in ((a, "1"), (b, "2"), (c, "3")):
        jobs.submit(job, owner)
    assert a.started and b.started and not c.started
    assert jobs.used("heavy") == jobs.used() == Resources(cpu=1.5) and jobs.used("light") == Resources()


def test_gpu_memory_is_budgeted_too_and_a_paused_job_keeps_only_its_memory(board):
    jobs = board(cpu=8.0, gpu_gib=10.0)
    cost = Resources(cpu=1, gpu_gib=6)
    first, second = Paper(cost), Paper(cost)
    jobs.submit(first, "a")
    jobs.submit(second, "b")
    assert first.started and not second.started  # 12 GiB do not fit in 10, though the cores do
    first.pause()
    assert first.state == PAUSED and jobs.used() == Resources(gpu_gib=6)  # no cores, but its memory
    jobs.tick()
    assert not second.started


def test_light_jobs_of_one_browser_run_side_by_side_and_fill_their_lane(board):
    jobs = board(cpu=4.0)  # light lane: one core, four games
    games = [Paper(LIGHT) for _ in range(5)]
    for game in games:
        jobs.submit(game, "same student")
    assert [g.started for g in games] == [True] * 4 + [False]
    assert jobs.used("light") == Resources(cpu=1.0) and jobs.used("heavy") == Resources()
    assert jobs.waits_for_own(games[4]) is None  # one at a time holds for heavy jobs only …
    training, game = Paper(), Paper(LIGHT)
    jobs.submit(training, "student")
    games[0].end()  # the fifth game takes its place …
    games[1].end()  # … and the student's game this one
    jobs.submit(game, "student")
    assert training.started and games[4].started and game.started  # … a student who trains may still play
    assert jobs.waits_for_own(game) is None


def test_a_queued_job_stopped_before_its_turn_holds_no_place_and_never_starts(board):
    jobs = board(cpu=2.0)
    running, cancelled, next_one = Paper(Resources(cpu=1.5)), Paper(), Paper()
    for job, owner in ((running, "a"), (cancelled, "b"), (next_one, "c")):
        jobs.submit(job, owner)
    cancelled.stop()  # its owner's Stop, before the board forgot it
    assert jobs.position(next_one) == 1 and jobs.position(cancelled) == 0
    running.end()
    jobs.tick()
    assert next_one.started and cancelled.log == ["stop"]


def test_a_browser_waits_for_its_running_heavy_job_only(board):
    jobs = board(cpu=8.0)
    running, next_one, third = Paper(), Paper(), Paper()
    for job in (running, next_one, third):
        jobs.submit(job, "greedy")
    assert running.started and not next_one.started and not third.started
    assert jobs.waits_for_own(next_one) is running and jobs.waits_for_own(third) is running
    assert jobs.waits_for_own(running) is None  # not waiting: it runs
    running.end()
    assert jobs.waits_for_own(next_one) is None  # an ended job holds nobody up …
    jobs.tick()
    assert next_one.started and not third.started  # … and the next one of its browser runs, alone
    assert jobs.waits_for_own(third) is next_one
    jobs.discard(third)
    assert third.state == STOPPED and jobs.waits_for_own(third) is None  # not queued any more


def test_the_teachers_jobs_go_first_in_the_order_they_came(board):
    jobs = board(cpu=2.0)
    blocker = Paper(Resources(cpu=1.5))
    jobs.submit(blocker, "x")
    s1, t1, s2, t2 = Paper(), Paper(), Paper(), Paper()
    jobs.submit(s1, "s1")
    jobs.submit(t1, "teacher", first=True)
    jobs.submit(s2, "s2")
    jobs.submit(t2, "teacher", first=True)
    assert [jobs.position(j) for j in (t1, t2, s1, s2)] == [1, 2, 3, 4]
    assert jobs._waiting() == [t1, t2, s1, s2]
    jobs.discard(t1)
    assert [jobs.position(j) for j in (t2, s1, s2)] == [1, 2, 3] and jobs.position(t1) == 0


def test_discarding_a_running_job_stops_it_deletes_its_folder_and_starts_the_next(board, wait_until):
    jobs = board(cpu=2.0)
    running, waiting = Paper(Resources(cpu=1.5)), Paper(Resources(cpu=1.5))
    jobs.submit(running, "a")
    jobs.submit(waiting, "b")
    jobs.discard(running)
    assert jobs.get(running.id) is None and running.state == STOPPED
    assert waiting.started  # its place in the budget went to the next in the queue at once
    _cleaned(running, wait_until)
    assert running.log == ["start", "stop", ("join", STOP_GRACE_S)]  # it obeyed: never killed
    jobs.discard(running)  # twice (two clicks, or a click and the watchdog) is once
    assert running.log.count("stop") == 1


def test_a_worker_that_ignores_stop_gets_its_grace_then_is_killed_before_its_files_go(board, wait_until):
    jobs = board()
    stubborn = Paper(obeys=False)
    jobs.submit(stubborn, "a")
    jobs.discard(stubborn)
    _cleaned(stubborn, wait_until)
    assert stubborn.log[:4] == ["start", "stop", ("join", STOP_GRACE_S), ("kill", True)]
    assert stubborn.log[4][0] == "join" and 0 < stubborn.log[4][1] <= STOP_GRACE_S
    assert stubborn.state == FAILED


def test_discarding_a_queued_job_deletes_its_folder_without_waiting(board, wait_until):
    jobs = board(cpu=1.0)
    jobs.submit(Paper(Resources(cpu=1)), "a")
    queued = Paper(Resources(cpu=1))
    jobs.submit(queued, "b")
    jobs.discard(queued)
    _cleaned(queued, wait_until)
    assert queued.log == ["stop"] and queued.state == STOPPED  # never started, never joined


def test_a_job_nobody_looks_at_is_abandoned_and_a_looked_at_one_kept(board, wait_until):
    looking = {"owners": {"here"}, "ids": set()}
    jobs = board(cpu=8.0, abandon_after_s=60, looking=lambda: (set(looking["owners"]), set(looking["ids"])))
    mine, watched, gone, recent = Paper(LIGHT), Paper(LIGHT), Paper(LIGHT), Paper(LIGHT)
    for job, owner in ((mine, "here"), (watched, "teacher"), (gone, "left"), (recent, "refreshing")):
        jobs.submit(job, owner)
    looking["ids"].add(watched.id)
    long_ago = time.monotonic() - 61
    for job in (mine, watched, gone):
        job.last_seen = long_ago
    recent.last_seen = time.monotonic() - 50  # a refresh, not a departure
    jobs.tick()
    assert jobs.get(gone.id) is None and gone.state == STOPPED
    assert [jobs.get(j.id) for j in (mine, watched, recent)] == [mine, watched, recent]
    assert mine.last_seen > long_ago + 60 and watched.last_seen > long_ago + 60  # seen now
    assert recent.last_seen < time.monotonic() - 49  # nobody looks at it now: its clock runs
    _cleaned(gone, wait_until)
    jobs.look(recent)
    assert recent.last_seen > time.monotonic() - 1


def test_a_board_without_pages_abandons_by_time_alone(board):
    jobs = board(abandon_after_s=5)
    job = Paper(LIGHT)
    jobs.submit(job, "me")
    job.last_seen = time.monotonic() - 4
    jobs.tick()
    assert jobs.get(job.id) is job
    job.last_seen = time.monotonic() - 6
    jobs.tick()
    assert jobs.get(job.id) is None


def test_closing_the_board_stops_every_job_kills_the_stubborn_and_deletes_the_folder(board):
    jobs = board(cpu=2.0)
    obedient, stubborn = Paper(Resources(cpu=0.5)), Paper(Resources(cpu=0.5), obeys=False)
    queued = Paper(Resources(cpu=2))
    for job, owner in ((obedient, "a"), (stubborn, "b"), (queued, "c")):
        jobs.submit(job, owner)
    watchdog = jobs._watchdog
    jobs.close()
    assert jobs.jobs() == [] and not jobs.folder.exists()
    assert obedient.log == ["start", "stop", ("join", 5)] and obedient.state == STOPPED
    assert stubborn.log[:3] == ["start", "stop", ("join", 5)] and stubborn.log[3][0] == "kill"
    assert stubborn.state == FAILED
    assert queued.log == ["stop"] and queued.state == STOPPED
    watchdog.join(5)
    assert not watchdog.is_alive()  # the watchdog ends with the board


def test_the_watchdog_ticks_on_its_own(tmp_path, wait_until):
    jobs = JobBoard(Resources(cpu=1), root=tmp_path, watch_every_s=0.05)
    try:
        running, waiting = Paper(Resources(cpu=1)), Paper(Resources(cpu=1))
        jobs.submit(running, "a")
        jobs.submit(waiting, "b")
        running.end()
        wait_until(lambda: waiting.started)  # nobody called tick: the watchdog did
    finally:
        jobs.close()


def test_each_server_claims_and_locks_its_own_folder(tmp_path):
    folder, lock = _claim_folder(tmp_path / "jobs")
    assert folder.parent == tmp_path / "jobs" and folder.name.startswith(f"server-{os.getpid()}-")
    with open(folder / ".alive") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held while the server lives
    os.utime(folder, (0, 0))  # old enough to be deleted, were it not locked
    second, lock2 = _claim_folder(tmp_path / "jobs")
    assert second != folder and folder.exists() and second.exists()  # a live server's folder is left alone


def test_a_new_server_deletes_the_folders_of_dead_ones_but_not_one_being_made(tmp_path):
    root = tmp_path / "jobs"
    dead, lock = _claim_folder(root)
    (dead / "job").mkdir()
    lock.close()  # its server died: nobody holds its lock
    half_made = root / "server-2-half"  # a server died before it made its lock file
    half_made.mkdir()
    being_made = root / "server-3-new"  # a server starting now, not locked yet
    being_made.mkdir()
    not_ours = root / "photos"
    not_ours.mkdir()
    for folder in (dead, half_made, not_ours):
        os.utime(folder, (0, 0))
    _claim_folder(root)
    assert not dead.exists() and not half_made.exists()
    assert being_made.exists() and not_ours.exists()


def test_a_clean_up_after_the_folder_is_gone_is_quiet(board, wait_until, monkeypatch):
    """The board closed (or a person emptied the temp folder) before a discarded job's clean-up ran."""
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    jobs = board()
    job = Paper()
    jobs.submit(job, "me")
    job.workdir.rmdir()
    jobs.discard(job)
    wait_until(lambda: not any(t.name == "gan-explorer-clean-up" for t in threading.enumerate()))
    assert job.log[-1] == ("join", STOP_GRACE_S) and failures == []


def test_a_click_never_waits_for_a_worker_to_let_go_of_its_files(board, wait_until):
    """Discard returns at once; a thread of its own, which never holds up the server's exit, waits
    for the worker and then deletes the folder."""
    jobs = board()
    writing = Paper(slow=True)
    jobs.submit(writing, "me")
    jobs.discard(writing)  # returns while the worker still holds its folder
    assert writing.workdir.exists() and jobs.get(writing.id) is None
    wait_until(lambda: any(t.name == "gan-explorer-clean-up" for t in threading.enumerate()))
    cleaner = next(t for t in threading.enumerate() if t.name == "gan-explorer-clean-up")
    assert cleaner.daemon and writing.workdir.exists()
    writing.let_go.set()
    _cleaned(writing, wait_until)


def test_a_dead_servers_folder_that_cannot_be_deleted_does_not_stop_the_next_server(tmp_path, monkeypatch):
    root = tmp_path / "jobs"
    dead, lock = _claim_folder(root)
    lock.close()
    os.utime(dead, (0, 0))

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rmdir", refused)  # another user's files in it, say
    folder, _ = _claim_folder(root)
    assert folder.exists() and folder != dead

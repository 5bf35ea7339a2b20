"""The job layer: a worker process seen through messages, and the board that owns every job."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PATIENCE_S, ray_board
from jobkinds import Counter, Silent, TorchThreads

from explorer.jobs import FAILED, FINISHED, LIGHT, PAUSED, QUEUED, STOPPED, JobBoard, Resources
from explorer.jobs.budget import NICE, lane


@pytest.fixture
def board(tmp_path, backend):
    """A board on this server ("local"), or a replica's board in front of a Ray cluster's ("ray":
    the same rules, the jobs in actors), each with its own `budget` of `cpu` cores."""
    made = []

    def make(cpu: float = 2.0, **options):
        if backend == "local":
            b = JobBoard(Resources(cpu=cpu), root=tmp_path / "jobs", watch_every_s=0.1, **options)
        else:
            b = ray_board(budget=Resources(cpu=cpu), root=str(tmp_path / "jobs"), **options)
        made.append(b)
        return b

    yield make
    for b in made:
        if backend == "local":
            b.close()
        else:
            b.close(shut_down=True)


def test_a_job_reports_and_ends_once(board, wait_until):
    jobs = board()
    job = Counter(upto=5)
    jobs.submit(job, "me")
    assert job.join(PATIENCE_S) and (job.state, job.count) == (FINISHED, 5) and job.message == "counted to 5"
    assert not job.active and not job.running_process


def test_pause_resume_and_stop_are_obeyed(board, wait_until):
    job = Counter()
    board().submit(job, "me")
    wait_until(lambda: job.count > 3)
    job.pause()
    assert job.state == PAUSED  # at once, for the page that asked
    wait_until(lambda: job.held is not None)  # the worker said it paused, and counts no more …
    held = job.held
    assert (job.state, job.count) == (PAUSED, held)
    job.resume()
    wait_until(lambda: job.count > held + 3)  # … and went on when resumed
    job.stop()
    assert job.join(PATIENCE_S) and job.state == STOPPED


def test_a_crash_is_a_sentence_for_the_page_and_a_traceback_for_the_log(board, backend, capfd):
    job = Counter(fail_at=3)
    board().submit(job, "me")
    assert job.join(PATIENCE_S)
    assert job.state == FAILED and job.message == "The counter stopped on an error: the counter broke at 3"
    if backend == "ray":
        return  # the traceback is in the actor's log, on its node (Ray's session folder)
    log = capfd.readouterr().err
    assert "the counter process" in log and "Traceback" in log and "RuntimeError: the counter broke at 3" in log


def test_a_worker_that_dies_without_a_word_is_reported(board, wait_until):
    job = Counter()
    board().submit(job, "me")
    wait_until(lambda: job.count > 0)
    job.kill()
    assert job.join(PATIENCE_S)
    assert job.state == FAILED and "The counter process ended unexpectedly" in job.message


def test_a_worker_that_returns_without_an_ending_still_ends(board):
    job = Silent()
    board().submit(job, "me")
    assert job.join(PATIENCE_S) and job.state == FINISHED


def test_one_budget_for_every_kind_served_in_order(board, wait_until):
    jobs = board(cpu=2.0)  # lanes: light jobs 0.5 of a core, heavy jobs 1.5
    first, big, after = (
        Counter(cost=Resources(cpu=1)),
        Counter(upto=3, cost=Resources(cpu=1.5)),
        Counter(upto=3, cost=Resources(cpu=0.5)),
    )
    for job, owner in ((first, "a"), (big, "b"), (after, "c")):
        jobs.submit(job, owner)
    wait_until(lambda: first.started and jobs.position(after) == 2)
    # the big job waits at the head of the heavy queue, and the smaller one behind it does not overtake it
    assert not big.started and not after.started and big.state == after.state == QUEUED
    assert (jobs.position(big), jobs.position(after), jobs.position(first)) == (1, 2, 0)
    first.stop()
    wait_until(lambda: big.started)
    assert big.join(PATIENCE_S) and big.state == FINISHED
    wait_until(lambda: after.state == FINISHED)


def test_light_jobs_have_their_own_lane(board, wait_until):
    """Thirty harmonic games cannot starve a training, nor a queue of trainings hold up a game."""
    jobs = board(cpu=2.0)
    training, waiting = Counter(cost=Resources(cpu=1.5)), Counter(cost=Resources(cpu=1.5))
    games = [Counter(cost=LIGHT) for _ in range(3)]
    jobs.submit(training, "teacher")
    jobs.submit(waiting, "student")
    for i, game in enumerate(games):
        jobs.submit(game, f"player{i}")
    wait_until(lambda: training.started and games[1].started and jobs.position(games[2]) == 1)
    assert not waiting.started
    assert games[0].started and games[1].started and not games[2].started  # two quarters of a core: the light lane
    assert (jobs.position(waiting), jobs.position(games[2])) == (1, 1)  # each lane its own queue
    for job in (training, waiting, *games):
        jobs.discard(job)


def test_a_paused_job_lets_the_next_in_its_lane_start(board, wait_until):
    """Students who open the harmonic page and leave their games paused do not hold up the class."""
    jobs = board(cpu=2.0)
    games = [Counter(cost=LIGHT) for _ in range(3)]
    for i, game in enumerate(games):
        jobs.submit(game, f"player{i}")
    wait_until(lambda: games[0].count > 0 and games[1].started and jobs.position(games[2]) == 1)
    assert not games[2].started  # the light lane is full
    games[0].pause()
    wait_until(lambda: games[2].count > 0)  # the paused game holds no cores: the third one runs
    assert games[0].state == PAUSED and games[1].state != PAUSED
    for game in games:
        jobs.discard(game)


def test_one_heavy_job_per_browser_and_the_teacher_first(board, wait_until):
    jobs = board(cpu=2.0)
    running, again, other = (
        Counter(cost=Resources(cpu=0.75)),
        Counter(cost=Resources(cpu=0.75)),
        Counter(cost=Resources(cpu=0.75)),
    )
    jobs.submit(running, "greedy")
    jobs.submit(again, "greedy")  # fits the budget, but its browser already has a heavy job running …
    jobs.submit(other, "fair")  # … so it waits without holding this one up
    wait_until(lambda: running.started and other.started and jobs.waits_for_own(again) is running)
    assert not again.started and jobs.waits_for_own(running) is None
    late = Counter(cost=Resources(cpu=0.75))
    teachers = Counter(cost=Resources(cpu=0.75))
    jobs.submit(late, "late")
    jobs.submit(teachers, "teacher", first=True)
    wait_until(lambda: jobs.position(teachers) == 1)
    assert jobs.position(teachers) == 1 and not teachers.started  # the teacher's goes to the head of the queue
    other.stop()
    wait_until(lambda: teachers.started)
    assert not late.started
    for job in (running, again, other, late, teachers):
        jobs.discard(job)


def test_jobs_of_connected_sessions_are_kept_and_the_rest_abandoned(board, wait_until):
    # the teacher's tab is open as the run starts: on a cluster, what a replica's tabs look at reaches
    # the board once a second, and beside busy processes a run looked at only by its id was
    # abandoned (after 1 s here) before the first word that named it arrived
    looking = {"owners": {"here", "teacher"}, "ids": set()}
    jobs = board(abandon_after_s=1.0, looking=lambda: (set(looking["owners"]), set(looking["ids"])))
    mine, watched, gone = Counter(), Counter(cost=LIGHT), Counter(cost=LIGHT)
    jobs.submit(mine, "here")
    jobs.submit(watched, "teacher")
    jobs.submit(gone, "left")
    looking["ids"].add(watched.id)  # a student watches the run …
    looking["owners"].discard("teacher")  # … and the teacher's tab closes
    wait_until(lambda: jobs.get(gone.id) is None)  # nobody looks at it: abandoned within abandon_after_s
    assert jobs.get(mine.id) is mine and jobs.get(watched.id) is watched
    looking["owners"].clear()  # the last tab of the browser closed
    wait_until(lambda: jobs.get(mine.id) is None)
    assert jobs.get(watched.id) is watched
    jobs.discard(watched)


def test_a_queued_job_that_is_discarded_never_runs(board, wait_until):
    jobs = board(cpu=1.0)
    running, waiting = Counter(), Counter()
    jobs.submit(running, "me")
    jobs.submit(waiting, "you")
    wait_until(lambda: jobs.position(waiting) == 1)
    jobs.discard(waiting)
    assert waiting.state == STOPPED and not waiting.started and jobs.get(waiting.id) is None
    jobs.discard(running)


def test_owners_and_ids(board):
    jobs = board()
    mine, theirs = Counter(upto=1), Counter(upto=1)
    jobs.submit(mine, "me")
    jobs.submit(theirs, "you")
    assert jobs.owns(mine, "me") and not jobs.owns(theirs, "me") and not jobs.owns(mine, "")
    assert mine.id != theirs.id and len(mine.id) >= 12  # unguessable: watching takes the link
    assert jobs.get(mine.id) is mine and jobs.get("nonsense") is None
    assert jobs.latest("me", "counter") is mine and jobs.latest("nobody", "counter") is None


def test_discarded_and_abandoned_jobs_lose_their_files(tmp_path, wait_until):
    jobs = JobBoard(Resources(cpu=2.0), root=tmp_path / "jobs", watch_every_s=0.1)
    kept, dropped = Counter(write="checkpoint.pt"), Counter(write="checkpoint.pt")
    jobs.submit(kept, "me")
    jobs.submit(dropped, "me")
    wait_until(lambda: kept.read_file("checkpoint.pt") == b"mine")  # its worker wrote it
    assert kept.read_file("../checkpoint.pt") is None and kept.read_file("nothing.pt") is None
    jobs.discard(dropped)
    wait_until(lambda: not dropped.workdir.exists())  # once its worker has let go of it
    jobs.abandon_after_s = 2.0
    jobs.look(kept)  # a page that keeps looking keeps its job
    jobs.tick()
    assert jobs.get(kept.id) is kept
    wait_until(lambda: jobs.get(kept.id) is None)  # nobody looked for a while: abandoned
    wait_until(lambda: not kept.workdir.exists())
    assert kept.state == STOPPED


def test_workers_end_with_their_server_even_when_it_is_killed(tmp_path, wait_until):
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from jobkinds import Counter
        from explorer.jobs import JobBoard, Resources
        if __name__ == "__main__":
            board = JobBoard(Resources(cpu=1), root={str(tmp_path / "jobs")!r})
            job = Counter()
            board.submit(job, "me")
            while job.count == 0:
                time.sleep(0.05)
            print(job._runner._process.pid, flush=True)
            time.sleep(600)
    """)
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    worker = int(server.stdout.readline())
    assert _alive(worker)
    server.send_signal(signal.SIGKILL)  # no clean-up runs in the server
    server.wait(30)
    wait_until(lambda: not _alive(worker))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_the_default_budget_leaves_room_for_light_jobs_beside_a_training(monkeypatch):
    import torch

    from explorer.jobs import LIGHT, budget, device_budget, training_cost

    monkeypatch.setattr(budget, "cores", lambda: 2)
    cpu = torch.device("cpu")
    train, threads = training_cost(cpu)
    assert device_budget(cpu) == Resources(cpu=2) and threads == 2  # a training uses every core …
    assert (train + LIGHT + LIGHT).within(device_budget(cpu))  # … yet two harmonic games may play beside it
    assert not (train + LIGHT + LIGHT + LIGHT).within(device_budget(cpu))
    assert not (train + train).within(device_budget(cpu))  # two trainings would only share the cores


def test_a_worker_gets_its_torch_threads_even_when_it_imports_torch_late(board):
    for threads in (1, 2):
        job = TorchThreads(threads)
        board().submit(job, f"owner{threads}")
        assert job.join(PATIENCE_S) and job.seen == threads


def test_workers_run_below_the_pages_priority(tmp_path, wait_until):
    """A class's pages answer first: every worker runs NICE[lane] below the server that started it
    (relative, so the test holds under a niced pytest too), heavy and light lanes alike. (On a
    cluster, Ray starts its workers at niceness 15.)"""
    b = JobBoard(Resources(cpu=2.0), root=tmp_path / "jobs", watch_every_s=0.1)
    jobs = [Counter(cost=Resources(cpu=1)), Counter(cost=Resources(cpu=0.1))]
    for i, job in enumerate(jobs):
        b.submit(job, f"owner{i}")
    for job in jobs:
        wait_until(lambda: job.snapshot().count > 0)
        pid = job._runner._process.pid
        assert os.getpriority(os.PRIO_PROCESS, pid) - os.getpriority(os.PRIO_PROCESS, 0) == job.nice
        assert job.nice == NICE[lane(job.cost)] > 0
    assert {lane(job.cost) for job in jobs} == {"heavy", "light"}
    b.close()
    for job in jobs:
        job.stop()
        assert job.join(PATIENCE_S)

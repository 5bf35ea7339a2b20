"""The job layer: a worker process seen through messages, and the board that owns every job."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PATIENCE_S
from jobkinds import Counter, Silent

from explorer.jobs import FAILED, FINISHED, PAUSED, QUEUED, STOPPED, JobBoard, Resources
from explorer.jobs.board import JobError, _claim_folder


@pytest.fixture
def board(tmp_path):
    made = []

    def make(cpu: float = 2.0, **options) -> JobBoard:
        b = JobBoard(Resources(cpu=cpu), root=tmp_path / "jobs", watch_every_s=0.1, **options)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


def test_a_job_reports_and_ends_once(board, wait_until):
    jobs = board()
    job = Counter(upto=5)
    jobs.submit(job, "me")
    assert job.join(PATIENCE_S) and job.snapshot() == (FINISHED, 5) and job.message == "counted to 5"
    assert not job.active and not job.running_process


def test_pause_resume_and_stop_are_obeyed(board, wait_until):
    job = Counter()
    board().submit(job, "me")
    wait_until(lambda: job.snapshot()[1] > 3)
    job.pause()
    assert job.state == PAUSED  # at once, for the page that asked
    wait_until(lambda: job.held is not None)  # the worker said it paused, and counts no more …
    held = job.held
    assert job.snapshot() == (PAUSED, held)
    job.resume()
    wait_until(lambda: job.snapshot()[1] > held + 3)  # … and went on when resumed
    job.stop()
    assert job.join(PATIENCE_S) and job.state == STOPPED


def test_a_crash_is_a_sentence_for_the_page_and_a_traceback_for_the_log(board, capfd):
    job = Counter(fail_at=3)
    board().submit(job, "me")
    assert job.join(PATIENCE_S)
    assert job.state == FAILED and job.message == "The counter stopped on an error: the counter broke at 3"
    log = capfd.readouterr().err
    assert "the counter process" in log and "Traceback" in log and "RuntimeError: the counter broke at 3" in log


def test_a_worker_that_dies_without_a_word_is_reported(board, wait_until):
    job = Counter()
    board().submit(job, "me")
    wait_until(lambda: job.snapshot()[1] > 0)
    job.kill()
    assert job.join(PATIENCE_S)
    assert job.state == FAILED and "The counter process ended unexpectedly" in job.message


def test_a_worker_that_returns_without_an_ending_still_ends(board):
    job = Silent()
    board().submit(job, "me")
    assert job.join(PATIENCE_S) and job.state == FINISHED


def test_one_budget_for_every_kind_served_in_order(board, wait_until):
    jobs = board(cpu=2.0)
    first, second = Counter(cost=Resources(cpu=1)), Counter(cost=Resources(cpu=1))
    big, small = Counter(upto=3, cost=Resources(cpu=2)), Counter(upto=3, cost=Resources(cpu=0.25))
    for job in (first, second, big, small):
        jobs.submit(job, "me")
    assert first.started and second.started
    # the big job waits at the head of the queue, and the small one behind it does not overtake it
    assert not big.started and not small.started and big.state == small.state == QUEUED
    assert (jobs.position(big), jobs.position(small), jobs.position(first)) == (1, 2, 0)
    first.stop()
    wait_until(lambda: not first.running_process)
    jobs.tick()
    assert not big.started and not small.started  # 1 core free: still not enough for the head
    second.stop()
    wait_until(lambda: big.started)
    assert big.join(PATIENCE_S) and big.state == FINISHED
    wait_until(lambda: small.state == FINISHED)


def test_a_queued_job_that_is_discarded_never_runs(board):
    jobs = board(cpu=1.0)
    running, waiting = Counter(), Counter()
    jobs.submit(running, "me")
    jobs.submit(waiting, "you")
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


def test_discarded_and_abandoned_jobs_lose_their_files(board, wait_until):
    jobs = board()
    kept, dropped = Counter(write="checkpoint.pt"), Counter(write="checkpoint.pt")
    jobs.submit(kept, "me")
    jobs.submit(dropped, "me")
    assert (kept.workdir / "checkpoint.pt").read_text() == "mine"
    jobs.discard(dropped)
    wait_until(lambda: not dropped.workdir.exists())  # once its worker has let go of it
    jobs.abandon_after_s = 2.0
    jobs.look(kept)  # a page that keeps looking keeps its job
    jobs.tick()
    assert jobs.get(kept.id) is kept
    wait_until(lambda: jobs.get(kept.id) is None)  # nobody looked for a while: abandoned
    wait_until(lambda: not kept.workdir.exists())
    assert kept.state == STOPPED


def test_a_job_whose_files_cannot_be_written_is_not_queued(board):
    class Broken(Counter):
        def prepare(self, workdir):
            raise OSError(28, "No space left on device")

    jobs = board()
    with pytest.raises(JobError, match="No space left on device"):
        jobs.submit(Broken(), "me")
    assert jobs.jobs() == [] and list(jobs.folder.iterdir()) == [jobs.folder / ".alive"]


def test_a_new_server_removes_what_a_dead_one_left(tmp_path):
    root = tmp_path / "jobs"
    dead = root / "server-1-dead"
    (dead / "job").mkdir(parents=True)
    (dead / ".alive").write_text("")  # nobody holds its lock
    os.utime(dead, (0, 0))
    live, lock = _claim_folder(root)  # a server alive now …
    os.utime(live, (0, 0))
    second, lock2 = _claim_folder(root)  # … is left alone by the next one
    assert not dead.exists() and live.exists() and second.exists()


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
            while job.snapshot()[1] == 0:
                time.sleep(0.05)
            print(job._process.pid, flush=True)
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

"""What only a cluster has: token authentication, GPUs shared by memory on the node that has one,
a replica that dies, a job's process killed on its node. Run by tests/test_cluster.py inside the
test cluster's network namespace (tests/raycluster.py); not collected on its own (no test_ prefix).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import PATIENCE_S, RAY_HEAD, ray_board
from jobkinds import Counter
from raycluster import environment, start_node

from explorer.jobs import FAILED, PAUSED, QUEUED, RUNNING, Resources
from explorer.jobs.cluster import connect

if not RAY_HEAD:
    pytest.skip("runs inside the test cluster (tests/test_cluster.py)", allow_module_level=True)

FOLDER = Path(os.environ["GAN_EXPLORER_TEST_RAY_DIR"])


def _driver(code: str, **env: str) -> subprocess.Popen:
    """Another Python process that joins the cluster (another replica, or an intruder)."""
    script = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n" + textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script],
        env={**environment(FOLDER), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_driver_without_the_cluster_token_is_refused(tmp_path):
    wrong = tmp_path / "wrong-token"
    wrong.write_text("0" * 64)
    intruder = _driver(
        f"""
        import ray
        try:
            ray.init(address={RAY_HEAD!r})
            print("JOINED")
        except Exception as error:
            print("REFUSED", type(error).__name__)
        """,
        RAY_AUTH_TOKEN_PATH=str(wrong),
        RAY_gcs_server_port_wait_time_s="3",  # the intruder's own patience (20 tries by default), not the head's rule
    )
    began = time.monotonic()
    out, _ = intruder.communicate(timeout=PATIENCE_S)
    print(f"refused in {time.monotonic() - began:.1f} s")
    assert "REFUSED" in out and "JOINED" not in out
    assert "Unauthenticated" in out or "authentication" in out.lower() or "token" in out.lower()


def test_a_server_without_token_authentication_is_told_what_to_set():
    server = _driver(
        f"""
        from explorer.jobs.cluster import ClusterUnavailable, connect
        try:
            connect({RAY_HEAD!r}, "anything")
        except ClusterUnavailable as error:
            print("TOLD", error)
        """,
        RAY_AUTH_MODE="",
    )
    out, _ = server.communicate(timeout=PATIENCE_S)
    assert "TOLD" in out and "set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN_PATH" in out


def test_trainings_share_a_gpu_by_memory_on_the_node_that_has_one(wait_until):
    """A node with a (pretend) GPU of 4 GiB for jobs: two jobs of 1.5 GiB run on it at once, the
    third waits in the queue, and starts when one ends. The board's budget is the cluster's."""
    start_node(FOLDER, head=False, resources={"gx_gpu_mib": 4096, "gx_heavy_q": 8}, cpus=1, gpus=1)
    import ray

    connect(RAY_HEAD, "gpu-test")
    gpu_node = next(n["NodeID"] for n in ray.nodes() if n["Alive"] and n["Resources"].get("gx_gpu_mib"))
    board = ray_board()  # no budget: the cluster's lanes
    try:
        wait_until(lambda: board.device == "cuda")  # the pages make GPU trainings, on a replica without one
        jobs = [Counter(cost=Resources(cpu=1, gpu_gib=1.5)) for _ in range(3)]
        for i, job in enumerate(jobs):
            board.submit(job, f"student{i}")
        wait_until(lambda: all(j.snapshot().place for j in jobs[:2]) and board.position(jobs[2]) == 1)
        for job in jobs[:2]:
            place = job.snapshot().place
            assert place.node == gpu_node and place.gpus == "0"  # on the GPU's node, and shown its GPU
        assert jobs[2].state == QUEUED  # 4.5 GiB do not fit in 4
        jobs[0].stop()
        wait_until(lambda: jobs[2].snapshot().place is not None)
        assert jobs[2].snapshot().place.node == gpu_node
    finally:
        board.close(shut_down=True)


def test_a_job_outlives_its_replica_and_its_owner_controls_it_from_another(wait_until):
    """The replica that started a job is killed; on another one the job is found by its id, still
    advancing, and its owner can pause it."""
    board = ray_board(budget=Resources(cpu=2))
    other = _driver(
        f"""
        import time
        from jobkinds import Counter
        from explorer.jobs.cluster.replica import ClusterBoard
        board = ClusterBoard({RAY_HEAD!r}, namespace={board.namespace!r})
        job = Counter(every_s=0.05)
        board.submit(job, "owner")
        while job.count < 3:
            time.sleep(0.05)
        print("JOB", job.id, flush=True)
        time.sleep(600)
        """
    )
    try:
        said = iter(other.stdout.readline, "")
        job_id = next((line.split()[1] for line in said if line.startswith("JOB ")), "")
        assert job_id, "the other replica started no job"
        other.send_signal(signal.SIGKILL)  # the replica dies: no clean-up runs there
        other.wait(30)
        killed = time.monotonic()
        wait_until(lambda: board.get(job_id) is not None and board.get(job_id).count > 0)
        job = board.get(job_id)
        seen = job.count
        wait_until(lambda: job.count > seen + 5)  # still advancing
        print(f"found and advancing {time.monotonic() - killed:.2f} s after its replica was killed")
        assert board.owns(job, "owner") and job.state == RUNNING
        job.pause()
        wait_until(lambda: job.held is not None and job.settled)
        assert job.state == PAUSED
    finally:
        board.close(shut_down=True)


def test_a_killed_job_process_is_said_and_the_queue_moves_on(wait_until):
    board = ray_board(budget=Resources(cpu=1))  # one heavy job at a time
    try:
        running, waiting = Counter(), Counter()
        board.submit(running, "a")
        board.submit(waiting, "b")
        wait_until(lambda: running.snapshot().place is not None and board.position(waiting) == 1)
        os.kill(running.snapshot().place.pid, signal.SIGKILL)  # out of memory, or an admin's kill
        killed = time.monotonic()
        wait_until(lambda: running.state == FAILED)
        said = time.monotonic() - killed
        assert "The counter process ended unexpectedly" in running.message
        wait_until(lambda: waiting.count > 0)
        print(
            f"failure said {said:.2f} s after the kill; the next job counting {time.monotonic() - killed:.2f} s after"
        )
    finally:
        board.close(shut_down=True)


def test_an_ended_jobs_last_files_come_from_the_board_when_its_actor_has_cleaned_up(monkeypatch):
    """The board copies an ended job's files and then has its actor delete them; a replica that asks
    the actor a moment too late (a busy machine) gets nothing, and takes the board's copy instead."""
    from ray.actor import ActorMethod

    from explorer.jobs.cluster.replica import Follow

    fetch = Follow._fetch

    def too_late(self, read, files):  # the actor's folder is always gone already
        if isinstance(getattr(read, "__self__", None), ActorMethod):
            return dict(files)
        return fetch(self, read, files)

    monkeypatch.setattr(Follow, "_fetch", too_late)
    board = ray_board(budget=Resources(cpu=1))
    try:
        job = Counter(upto=5, write="own.txt")
        board.submit(job, "a")
        assert job.join(PATIENCE_S)
        assert job.read_file("own.txt") == b"mine"
    finally:
        board.close(shut_down=True)

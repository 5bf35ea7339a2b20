"""The job layer on a real Ray cluster: a head started on loopback inside a network namespace of
this test's own (tests/raycluster.py, tests/netns.py), and in there every job-layer test again on
the "ray" backend (every kind: start, pause, resume, step and retune, stop, finish; the board's
rules) and what only a cluster has (tests/in_cluster.py). A cluster class as students meet it is
tests/test_cluster_class.py's (another file: pytest-xdist runs the two side by side)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PATIENCE_S, ROOT
from netns import prefix

JOB_LAYER = ["tests/test_jobs.py", "tests/test_train_job.py", "tests/test_harmonic_job.py", "tests/test_pictures.py"]
# The inner run waits for states the product reports, each for at most PATIENCE_S; this bound is
# for a run that hangs altogether (a busy machine makes it slower, never this slow).
INNER_RUN_S = 10 * PATIENCE_S


def run_in_a_cluster(tmp_path, *args: str) -> None:
    """pytest `args` inside a network namespace with a Ray head on loopback; its output is kept in a
    file (a pipe nobody reads can fill up) and shown when it fails."""
    pytest.importorskip("ray", reason="Ray is in requirements-test.txt")
    enter = prefix()
    if enter is None:
        pytest.skip("this machine allows no network namespace (unshare): the cluster would be reachable from outside")
    log = tmp_path / "inner.log"
    with log.open("w") as out:
        done = subprocess.run(
            [*enter, sys.executable, "tests/raycluster.py", *args, "-q", "-s", "-p", "no:cacheprovider"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=INNER_RUN_S,
        )
    said = "\n".join(line for line in log.read_text().splitlines() if "network_util" not in line)
    print(said[-12000:])
    assert done.returncode == 0, said[-12000:]


def test_the_job_layer_passes_on_a_ray_cluster(tmp_path):
    run_in_a_cluster(tmp_path, *JOB_LAYER, "-k", "ray or cluster", "tests/in_cluster.py")

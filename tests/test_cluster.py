"""The job layer on a real Ray cluster: a head started on loopback inside a network namespace of
this test's own (tests/raycluster.py, tests/netns.py), and in there every job-layer test again on
the "ray" backend (every kind: start, pause, resume, step and retune, stop, finish; the board's
rules), what only a cluster has (tests/in_cluster.py), and a cluster class as students meet it:
`python -m explorer cluster`, two replicas behind the real nginx, and browsers (tests/in_cluster_class.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from netns import prefix

JOB_LAYER = ["tests/test_jobs.py", "tests/test_train_job.py", "tests/test_harmonic_job.py", "tests/test_pictures.py"]


def test_the_job_layer_passes_on_a_ray_cluster():
    pytest.importorskip("ray", reason="Ray is in requirements-test.txt")
    enter = prefix()
    if enter is None:
        pytest.skip("this machine allows no network namespace (unshare): the cluster would be reachable from outside")
    inner = [*JOB_LAYER, "-k", "ray or cluster or class", "tests/in_cluster.py", "tests/in_cluster_class.py"]
    inner += ["-q", "-s", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*enter, sys.executable, "tests/raycluster.py", *inner],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(done.stdout[-6000:], done.stderr[-3000:])
    assert done.returncode == 0, done.stdout[-6000:]

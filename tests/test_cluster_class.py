"""A cluster class as students meet it: `python -m explorer cluster`, two replicas behind the real
nginx, and browsers that know only the balancer's address (tests/in_cluster_class.py), inside a
network namespace of this test's own."""

from __future__ import annotations

from test_cluster import run_in_a_cluster


def test_a_cluster_class_through_nginx(tmp_path):
    run_in_a_cluster(tmp_path, "--bare", "tests/in_cluster_class.py")

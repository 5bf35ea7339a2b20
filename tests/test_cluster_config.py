"""A cluster class's configuration, without a cluster: the lanes a node declares and a job asks Ray
for, the board's rules where a cluster differs, the load balancer's nginx configuration (checked by
the real nginx) and the commands that print them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from explorer.cli import main as cli
from explorer.cluster import nginx
from explorer.jobs import LIGHT, PAUSED, Resources
from explorer.jobs.board import JobBoard
from explorer.jobs.cluster.resources import actor_options, cluster_lanes, largest_node, node_resources, threads_for

SHIPPED = ROOT / "explorer" / "cluster" / "nginx-two-replicas.conf"
NGINX = Path("/usr/sbin/nginx")


def test_a_node_declares_its_lanes_as_one_server_splits_its_cores():
    assert node_resources(2) == {"gx_light_q": 2, "gx_heavy_q": 6}  # half a core for light jobs, 1.5 for heavy
    assert node_resources(16, gpu_gib=60.8) == {"gx_light_q": 16, "gx_heavy_q": 48, "gx_gpu_mib": 62259}
    lanes = cluster_lanes({"gx_light_q": 2 + 16, "gx_heavy_q": 6 + 48, "gx_gpu_mib": 4096})
    assert lanes == {"light": Resources(cpu=4.5), "heavy": Resources(cpu=13.5, gpu_gib=4.0)}


def test_a_job_asks_ray_for_its_lane_and_at_most_what_one_node_has():
    largest = largest_node(
        [
            {"Alive": True, "Resources": {"gx_heavy_q": 6.0, "gx_light_q": 2.0}},
            {"Alive": False, "Resources": {"gx_heavy_q": 64.0}},  # a node that left counts for nothing
        ]
    )
    training = actor_options("heavy", Resources(cpu=1.5), largest)
    assert training == {"num_cpus": 0, "resources": {"gx_heavy_q": 6}}
    huge = actor_options("heavy", Resources(cpu=40), largest)  # larger than any node: runs alone on the largest
    assert huge["resources"] == {"gx_heavy_q": 6.0}
    game = actor_options("light", LIGHT, largest)  # a sliver: a paused game holds no cores
    assert 0 < game["resources"]["gx_light_q"] < 1
    on_gpu = actor_options("heavy", Resources(cpu=1, gpu_gib=1.5), {"gx_heavy_q": 8, "gx_gpu_mib": 4096})
    assert on_gpu["resources"] == {"gx_heavy_q": 4, "gx_gpu_mib": 1536} and 0 < on_gpu["num_gpus"] < 1


def test_a_job_on_a_smaller_node_than_its_page_s_runs_fewer_threads():
    """A page sizes a CPU training by its own machine (every core but half of one, a thread per
    core); Ray gives it at most the largest node's heavy lane, and it runs as many threads as that."""
    on_2_cores, on_16_cores = Resources(cpu=1.5), Resources(cpu=15.5)
    assert threads_for(2, on_2_cores, {"gx_heavy_q": 6}) == 2  # a 2-core page's training on a 2-core node
    assert threads_for(16, on_16_cores, {"gx_heavy_q": 6}) == 2  # a 16-core page's training, on a 2-core node
    assert threads_for(16, on_16_cores, {"gx_heavy_q": 62}) == 16  # … on a node as large
    assert threads_for(1, Resources(cpu=1, gpu_gib=1.5), {"gx_heavy_q": 4, "gx_gpu_mib": 1536}) == 1  # on a GPU
    assert threads_for(1, LIGHT, {"gx_light_q": 0.1}) == 1  # a light job: one thread


def test_a_replica_without_a_gpu_makes_and_describes_a_cluster_s_gpu_training(tiny_cfg):
    """On a cluster whose nodes offer GPU memory the pages make trainings for "cuda" (Ray places them
    on a GPU node); the replica itself may have no GPU: nothing here may ask it for one."""
    import torch

    from explorer.device import describe, elsewhere
    from explorer.gan.job import TrainJob

    if torch.cuda.is_available():
        pytest.skip("a machine without a GPU")
    assert elsewhere("cuda") == torch.device("cuda") and elsewhere("cpu") == torch.device("cpu")
    assert describe(torch.device("cuda")) == "GPU"
    job = TrainJob(tiny_cfg, "mnist", elsewhere("cuda"))
    assert job.cost.gpu_gib > 0 and job.cost.cpu == 1 and job.threads == 1  # sized for a GPU, not this CPU
    assert job.snapshot().device == "GPU"  # until its worker says which GPU it runs on


def test_on_a_cluster_a_paused_training_keeps_its_cores_and_a_paused_game_does_not(tmp_path):
    """A cluster's paused training keeps its actor (and its Ray resources); a paused game asks Ray for
    a sliver only. On one server a paused job of either lane holds no cores."""
    from test_board import Paper

    for keep, expected in (((), Resources()), (("heavy",), Resources(cpu=1.5))):
        board = JobBoard(Resources(cpu=2), root=tmp_path / str(keep), watch_every_s=3600, paused_keep_cores=keep)
        training, game = Paper(Resources(cpu=1.5)), Paper(LIGHT)
        board.submit(training, "a")
        board.submit(game, "b")
        for job in (training, game):
            job._set_state_if(("running",), PAUSED)
        assert board.used() == expected
        board.close()


def test_the_shipped_nginx_configuration_is_what_the_command_prints(capsys):
    assert cli(["nginx-config", "--listen", "80", "--replica", "10.0.0.11:8501", "--replica", "10.0.0.12:8501"]) == 0
    printed = capsys.readouterr().out
    shipped = SHIPPED.read_text()
    assert shipped.split("\n", 3)[3] == printed.split("\n", 1)[1]  # the same, below the header that says how
    assert "ip_hash" not in printed and "proxy_set_header Upgrade" in printed and "backup" in printed


def test_nginx_accepts_both_configurations(tmp_path):
    assert NGINX.exists(), "nginx is missing: the README's test command installs it (tests/install-debian.sh)"
    whole = tmp_path / "whole.conf"
    whole.write_text(nginx.render("127.0.0.1:8600", ["127.0.0.1:8601", "127.0.0.1:8602"], folder=tmp_path))
    include = tmp_path / "include.conf"
    include.write_text(
        f"pid {tmp_path / 'i.pid'};\nerror_log stderr;\nevents {{}}\nhttp {{\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {SHIPPED};\n}}\n"
    )
    for conf in (whole, include):
        done = subprocess.run(
            [str(NGINX), "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_a_replica_address_that_is_not_host_and_port_is_refused(capsys):
    with pytest.raises(SystemExit):
        cli(["nginx-config", "--replica", "10.0.0.11"])
    assert "is not host:port" in capsys.readouterr().err
    with pytest.raises(ValueError, match="at least one replica"):
        nginx.render("80", [])

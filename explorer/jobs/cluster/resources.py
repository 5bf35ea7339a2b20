"""The board's lanes as Ray resources: how a node says what it offers, and what a job asks for.

A node declares its lanes as whole-number custom resources (Ray refuses fractions in a node's
totals): quarters of a core for light jobs and for heavy ones, split as one server splits its
cores (explorer/jobs/budget.py: a quarter of the cores, at least half of one, for light jobs), and
MiB of GPU memory. A job asks for its cost in the same units; Ray then places it on a node that
has them free. Whether a job may start at all is still the board's decision (teacher first, one
heavy job per browser, in order): the board's budget is the cluster's total (`cluster_lanes`).
"""

from __future__ import annotations

import math

from explorer.jobs.budget import Resources, lanes

LIGHT_Q, HEAVY_Q, GPU_MIB = "gx_light_q", "gx_heavy_q", "gx_gpu_mib"
PER_CORE = 4  # a lane's unit: a quarter of a core, a light job's cost
LIGHT_SLIVER = 0.1  # what a light job's actor holds of its node's light quarters (ten per quarter)


def node_resources(cores: int, gpu_gib: float = 0.0) -> dict[str, int]:
    """What `ray start --resources` declares for a node with `cores` and `gpu_gib` of GPU memory
    for jobs (80% of the GPU's: explorer/jobs/budget.py)."""
    split = lanes(Resources(cpu=cores, gpu_gib=gpu_gib))
    offered = {LIGHT_Q: int(split["light"].cpu * PER_CORE), HEAVY_Q: int(split["heavy"].cpu * PER_CORE)}
    if gpu_gib > 0:
        offered[GPU_MIB] = int(gpu_gib * 1024)
    return offered


def cluster_lanes(total: dict[str, float]) -> dict[str, Resources]:
    """Each lane's budget from the cluster's totals (`ray.cluster_resources()`)."""
    return {
        "light": Resources(cpu=total.get(LIGHT_Q, 0) / PER_CORE),
        "heavy": Resources(cpu=total.get(HEAVY_Q, 0) / PER_CORE, gpu_gib=total.get(GPU_MIB, 0) / 1024),
    }


def _units(value: float, per: float) -> int:
    return max(1, math.ceil(value * per - 1e-9))


def actor_options(lane: str, cost: Resources, largest: dict[str, float]) -> dict:
    """Ray's options for a job's actor: a heavy job's quarters of a core (a light job's sliver) and
    its GPU memory, at most what the largest node has of each (a job larger than its lane runs
    alone, as on one server, rather than wait forever). A job on a GPU also asks for a sliver of Ray's GPU, so that Ray
    shows it the node's GPU: the memory is what limits how many share one."""
    key = LIGHT_Q if lane == "light" else HEAVY_Q
    # a light job asks Ray for a sliver of its quarter: a paused game (thirty students who opened
    # the harmonic page) holds no cores, as on one server; the board's budget counts the running ones
    wanted = {key: LIGHT_SLIVER if lane == "light" else _units(cost.cpu, PER_CORE)}
    if cost.gpu_gib > 0:
        wanted[GPU_MIB] = _units(cost.gpu_gib, 1024)
    resources = {k: min(v, largest[k]) if largest.get(k) else v for k, v in wanted.items()}
    options = {"num_cpus": 0, "resources": resources}
    if cost.gpu_gib > 0:
        options["num_gpus"] = 0.01
    return options


def threads_for(threads: int, cost: Resources, assigned: dict[str, float]) -> int:
    """A job's torch threads in its actor. A page sizes a CPU training by its own machine (every
    core but half of one, a thread per core: explorer/jobs/budget.py), which is not the node that
    runs it; Ray gives it at most the largest node's heavy lane (`actor_options`). So a job that
    got less than it asked for runs as many fewer threads: `assigned` is the actor's resources."""
    asked, got = _units(cost.cpu, PER_CORE), assigned.get(HEAVY_Q, 0)
    if not got or got >= asked:
        return max(1, threads)
    return max(1, math.ceil(threads * got / asked - 1e-9))


def largest_node(nodes: list[dict]) -> dict[str, float]:
    """The most of each resource that one live node has (`ray.nodes()`)."""
    most: dict[str, float] = {}
    for node in nodes:
        if node.get("Alive"):
            for key, value in node.get("Resources", {}).items():
                most[key] = max(most.get(key, 0.0), value)
    return most

"""The job layer's second backend: the jobs on a Ray cluster, the pages on several Streamlit replicas.

Chosen by configuration: with `GAN_EXPLORER_RAY` set to the head's address (`host:6379`), every
replica's board is a `ClusterBoard` (replica.py) in front of the cluster's one board actor
(service.py), and each job runs in an actor of its own (host.py) on a node that has room for its
lane (resources.py). Without it nothing here is imported, and one server works as before.

Each replica's host runs a Ray node of its own beside it (`ray start --address=HEAD:6379
--num-cpus=0`): a driver connects through its local node, and a bare `ray.init()` would start a
private cluster instead. The head requires Ray's token authentication (`RAY_AUTH_MODE=token`,
`RAY_AUTH_TOKEN_PATH`), and so every node and replica needs the token.
"""

from __future__ import annotations

import os

ADDRESS_ENV = "GAN_EXPLORER_RAY"


class ClusterUnavailable(RuntimeError):
    """The cluster could not be joined; the message says why and what to set."""


def address() -> str:
    """The head's address this server is configured with, or "" (one server)."""
    return os.environ.get(ADDRESS_ENV, "").strip()


def connect(head: str, namespace: str) -> None:
    """Join the cluster at `head` as a driver (once per process)."""
    try:
        import ray
    except ImportError as error:
        raise ClusterUnavailable(
            f"{ADDRESS_ENV} is set, but Ray is not installed: pip install 'gan-explorer[cluster]'"
        ) from error
    if ray.is_initialized():
        return
    if os.environ.get("RAY_AUTH_MODE") != "token":
        raise ClusterUnavailable(
            "the cluster needs Ray's token authentication: set RAY_AUTH_MODE=token and "
            "RAY_AUTH_TOKEN_PATH (the file with the cluster's token) for this server"
        )
    try:
        ray.init(address=head, namespace=namespace, log_to_driver=False, logging_level="WARNING")
    except Exception as error:  # refused (a wrong token), or nobody there
        raise ClusterUnavailable(f"could not join the Ray cluster at {head}: {error}") from error

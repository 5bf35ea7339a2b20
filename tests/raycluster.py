"""A Ray cluster on loopback for the tests, inside the test's network namespace (tests/netns.py):
a head with token authentication, lanes as the tests need them, and its logs kept for a failure.

Run as a script it is the whole inner run: `python tests/raycluster.py [--bare] PYTEST-ARGS…` (under
`netns.prefix()`) brings loopback up, starts the head, runs pytest with GAN_EXPLORER_TEST_RAY set
to the head's address (the `backend` fixture then adds "ray" to "local"), and ends, and with it
every process of the namespace. `--bare`: no head (a test that starts its own cluster).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
RAY = Path(sys.executable).with_name("ray")
HEAD = "127.0.0.1:6379"
# Plenty of both lanes, so that a test's own budget (JobBoard's) decides what runs, as on one server;
# and a pretend GPU's memory (4 GiB) on the head, for the placement test.
HEAD_RESOURCES = {"gx_light_q": 64, "gx_heavy_q": 64}


def environment(folder: Path) -> dict[str, str]:
    """What every node and driver of the test cluster needs: the token, and tests/ on the path
    (the test kinds of job are imported by the actors)."""
    token = folder / "token"
    if not token.exists():
        token.write_text(secrets.token_hex(32))
        token.chmod(0o600)
    path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH", "")]))
    return {
        **os.environ,
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN_PATH": str(token),
        "PYTHONPATH": path,
        "RAY_worker_niceness": "5",  # as `python -m explorer cluster` starts its head
    }


def start_node(folder: Path, *, head: bool, resources: dict, cpus: int = 2, gpus: int = 0) -> None:
    """`ray start` for a head on 127.0.0.1 or a node that joins it; raises with Ray's words if it fails."""
    command = [str(RAY), "start", "--node-ip-address=127.0.0.1", f"--num-cpus={cpus}", "--disable-usage-stats"]
    command += ["--object-store-memory=100000000", f"--resources={json.dumps(resources)}"]
    if gpus:
        command.append(f"--num-gpus={gpus}")
    if head:
        command += ["--head", "--port=6379", "--include-dashboard=false", f"--temp-dir={folder / 'ray'}"]
    else:
        command.append(f"--address={HEAD}")
    done = subprocess.run(command, env=environment(folder), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"ray start failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")


def main(args: list[str]) -> int:
    sys.path.insert(0, str(TESTS))
    import netns

    netns.loopback_up()
    folder = Path(tempfile.mkdtemp(prefix="gxray-", dir="/tmp"))  # short: Ray's socket paths have a limit
    bare = args[:1] == ["--bare"]  # no head here: the test starts its own cluster (the launcher)
    args = args[1:] if bare else args
    try:
        if not bare:
            start_node(folder, head=True, resources=HEAD_RESOURCES)
        env = {**environment(folder), "GAN_EXPLORER_TEST_RAY": HEAD, "GAN_EXPLORER_TEST_RAY_DIR": str(folder)}
        return subprocess.run([sys.executable, "-m", "pytest", "-n", "0", *args], env=env).returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m explorer cluster`: a cluster class on this machine, in one command, to try it out or
to run a class bigger than one Streamlit process answers quickly.

It starts, as children it watches:
- a Ray head with token authentication (a new token in this run's folder, readable only by this
  user, unless RAY_AUTH_TOKEN_PATH names one), this machine's lanes declared as its resources
  (explorer/jobs/cluster/resources.py), its dashboard off and its object store capped;
- `replicas` Streamlit servers, each a class server (explorer/classroom.py) on 127.0.0.1 only, with
  the same cookie secret and teacher password, and GAN_EXPLORER_RAY set: their jobs run on Ray;
- nginx on the students' port, in front of them (explorer/cluster/nginx.py);
and prints one address, its QR code and the teacher's password. Whatever dies is started again:
- a replica: its students reconnect to another one meanwhile, and find their jobs by the URL;
- the head: the jobs that ran on it are lost (the replicas, whose Ray driver went with it, are
  started again too); until it is back the job pages say the service cannot be reached, and the
  other pages work;
- nginx.
One that dies again and again (RESTARTS times within RESTARTS_WITHIN_S) stops the class, with the
reason. Ctrl-C (or SIGTERM) stops it all at once.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from explorer import classroom
from explorer.cluster import nginx
from explorer.jobs.budget import NICE
from explorer.jobs.cluster import ADDRESS_ENV
from explorer.jobs.cluster.resources import node_resources
from explorer.network import lan_address

OBJECT_STORE_BYTES = 500 * 2**20  # jobs pass configs and small reports; pictures go as bytes in calls
READY_S = 120.0  # the head, the replicas and nginx must be up within this
RESTARTS, RESTARTS_WITHIN_S = 3, 120.0  # a child that dies more often than this is not starting again


class LaunchError(RuntimeError):
    """The cluster class could not start: the message says what is missing."""


def tools() -> tuple[str, str]:
    """The `ray` and `nginx` commands, or a LaunchError that says how to install them."""
    ray = Path(sys.executable).with_name("ray")
    if not ray.exists():
        found = shutil.which("ray")
        if found is None:
            raise LaunchError("Ray is not installed: pip install 'gan-explorer[cluster]' (or ray==2.60.0)")
        ray = Path(found)
    balancer = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if balancer is None:
        raise LaunchError("nginx is not installed: on Debian or Ubuntu, sudo apt install nginx-light")
    return str(ray), balancer


def _cores_and_gpu() -> tuple[int, float]:
    """This machine's budget for jobs (explorer/jobs/budget.py), asked in a process of its own: it
    imports torch to see the GPU, and the launcher itself stays small while the class runs."""
    ask = (
        "from explorer.device import pick_device; from explorer.jobs.budget import device_budget; "
        "b = device_budget(pick_device('auto')); print(int(b.cpu), b.gpu_gib)"
    )
    cores, gpu_gib = subprocess.run(
        [sys.executable, "-c", ask], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(cores), float(gpu_gib)


def this_machine() -> dict[str, int]:
    """The lanes this machine offers a cluster's jobs (`ray start --resources`)."""
    return node_resources(*_cores_and_gpu())


@dataclass
class Child:
    """A process the launcher starts, and starts again when it dies: `what` it is (for messages),
    its command and environment, and the address it answers on once it is up."""

    what: str
    argv: list[str]
    env: dict[str, str] | None
    address: tuple[str, int]

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(self.argv, env=self.env)

    def wait_until_up(self, process: subprocess.Popen) -> None:
        host, port = self.address
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise LaunchError(f"{self.what} exited at start (code {process.returncode}); its output is above")
            try:
                with socket.create_connection((host, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise LaunchError(f"{self.what} did not open {host}:{port} within {READY_S:.0f} s")


def serve(
    port: int, replicas: int, upload_mb: int, *, host: str = "", first_replica_port: int = 8601, ray_port: int = 6379
) -> int:
    ray, balancer = tools()
    host = host or lan_address()
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: the same clean end as Ctrl-C
    folder = Path(tempfile.mkdtemp(prefix="gx-cluster-"))  # short: Ray's socket paths have a limit
    folder.chmod(0o711)  # nginx's workers (`nobody` under root) reach their temporary folders in it
    children: dict[str, subprocess.Popen] = {}
    try:
        env = _environment(folder, host, port, ray_port)
        head = [ray, "start", "--head", "--block", f"--node-ip-address={host}", f"--port={ray_port}"]
        head += [f"--resources={json.dumps(this_machine())}", "--include-dashboard=false", "--disable-usage-stats"]
        head += [f"--object-store-memory={OBJECT_STORE_BYTES}", f"--temp-dir={folder / 'ray'}"]
        ports = [first_replica_port + i for i in range(replicas)]
        conf = folder / "nginx.conf"
        user = "root" if _in_a_user_namespace() else ""  # there `nobody` does not exist: stay the mapped user
        upstreams = [f"127.0.0.1:{p}" for p in ports]
        conf.write_text(nginx.render(f"0.0.0.0:{port}", upstreams, upload_mb=upload_mb, folder=folder, user=user))
        run_nginx = [balancer, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), "-g", "daemon off;"]
        plan = {"head": Child("The Ray head", head, env, (host, ray_port))}
        for i, replica_port in enumerate(ports):
            argv = classroom.command(replica_port, upload_mb, address="127.0.0.1")
            plan[f"replica {i + 1}"] = Child(f"Replica {i + 1}", argv, env, ("127.0.0.1", replica_port))
        plan["nginx"] = Child("nginx", run_nginx, None, ("127.0.0.1", port))
        children["head"] = plan["head"].start()
        plan["head"].wait_until_up(children["head"])
        names = [name for name in plan if name.startswith("replica")]
        for name in names:
            children[name] = plan[name].start()
        for name in names:
            plan[name].wait_until_up(children[name])
        children["nginx"] = plan["nginx"].start()
        plan["nginx"].wait_until_up(children["nginx"])
        generated = classroom.PASSWORD_ENV not in os.environ
        print(classroom.announce(env[classroom.URL_ENV], env[classroom.PASSWORD_ENV], generated), file=sys.stderr)
        where = f"  {replicas} replicas on 127.0.0.1:{ports[0]}…{ports[-1]}, jobs on Ray at {host}:{ray_port}"
        print(where, file=sys.stderr, flush=True)
        return _supervise(children, plan)
    except LaunchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(children)
        shutil.rmtree(folder, ignore_errors=True)


def _in_a_user_namespace() -> bool:
    """Whether this process runs in a user namespace (`unshare --user --map-root-user`): its root is
    an ordinary user outside, and nginx, started as that root, cannot switch its workers to
    `nobody`, who is not mapped there."""
    try:
        return Path("/proc/self/uid_map").read_text().split() != ["0", "0", "4294967295"]
    except OSError:
        return False


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _environment(folder: Path, host: str, port: int, ray_port: int) -> dict[str, str]:
    token = os.environ.get("RAY_AUTH_TOKEN_PATH", "")
    if not token:
        token = str(folder / "ray-token")
        Path(token).write_text(secrets.token_hex(32))
        Path(token).chmod(0o600)
    password = os.environ.get(classroom.PASSWORD_ENV) or classroom.new_password()
    return {
        **os.environ,
        # Ray starts its workers at niceness 15, where beside the pages a training got a few percent
        # of a core and the class saw it stand still (bench/class_load.py --cluster): the jobs' own
        # niceness, as on one server (explorer/jobs/budget.py)
        "RAY_worker_niceness": str(NICE["heavy"]),
        # the head stops at once when the class ends (by default it first drains for 30 s, for
        # services that hand their traffic over: a class's jobs end with the class)
        "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0",
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN_PATH": token,
        ADDRESS_ENV: f"{host}:{ray_port}",
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32),
        classroom.PASSWORD_ENV: password,
        classroom.URL_ENV: os.environ.get(classroom.URL_ENV) or f"http://{host}:{port}",
    }


def _supervise(children: dict[str, subprocess.Popen], plan: dict[str, Child]) -> int:
    """Start again whatever dies; stop the class (1) when one keeps dying."""
    deaths: dict[str, list[float]] = {name: [] for name in children}
    while True:
        time.sleep(1.0)
        for name, child in list(children.items()):
            if child.poll() is None:
                continue
            now = time.monotonic()
            deaths[name] = [t for t in deaths[name] if now - t < RESTARTS_WITHIN_S] + [now]
            if len(deaths[name]) > RESTARTS:
                print(
                    f"error: {name} exited {len(deaths[name])} times within {RESTARTS_WITHIN_S:.0f} s "
                    f"(last code {child.returncode}): stopping the class",
                    file=sys.stderr,
                    flush=True,
                )
                return 1
            lost = "; the jobs that ran on it are lost" if name == "head" else ""
            print(f"{name} exited (code {child.returncode}): starting it again{lost}", file=sys.stderr, flush=True)
            children[name] = plan[name].start()
            if name == "head":  # the replicas need it before anything else
                try:
                    plan[name].wait_until_up(children[name])
                except LaunchError as error:
                    print(f"{name}: {error}", file=sys.stderr, flush=True)


def _stop(children: dict[str, subprocess.Popen]) -> None:
    for child in reversed(list(children.values())):  # nginx first, the head last
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()

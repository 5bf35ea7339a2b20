"""Thirty students and a teacher against one class server (issue 16).

The server is started as the README's class command starts it (`python -m explorer classroom`'s
options: XSRF on, error details hidden, smaller uploads, sessions freed soon after a tab closes).
The students are websocket clients that speak Streamlit's protocol as a browser does
(tests/classclient.py): each opens every page, then for --seconds the teacher trains, 9 students
move the server-drawn latent slider (the browser-drawn page sends the server nothing while a slider
moves, so this is the worst case), 6 play harmonic games, 6 watch the teacher's run, 3 start
trainings, 3 paintings, 3 upload a digit photo and a zip of pictures (tests/classload.py). Then
they all close their tabs, and the server is watched for --after seconds.

Prints: errors, sessions that got every answer, answer times (p50 / p95 / max) by kind, latent
slider answers while the teacher's training runs, the server's memory (PSS of it and its workers)
at the start, the peak and after everyone left, its worker processes, and CPU seconds by process
kind (the server, heavy jobs, light jobs).

    python bench/class_load.py [--students 30] [--seconds 60] [--after 75] [--profile server.txt]
    python bench/class_load.py --cluster 2    # then the same class through nginx to 2 replicas, jobs on Ray

--cluster N runs, in the same run and inside a network namespace of its own (tests/netns.py), the one
server and then `python -m explorer cluster --replicas N` on this machine: the students reach its
nginx, and its jobs run on the Ray head it starts. Memory and CPU are then every process of the
cluster class's (the replicas, nginx, the Ray node and its job actors).

--profile samples the server's threads with py-spy while the class works; bench/profile_summary.py
sums the samples by the app's function they were in.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import ROOT, machine

sys.path.insert(0, str(ROOT / "tests"))
from classclient import Student  # noqa: E402
from classload import PAGES, Lesson, Sampler, percentiles, sample  # noqa: E402

from explorer import classroom  # noqa: E402

CLUSTER_LOG = "/tmp/class_load_cluster.log"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, upload_mb: int, abandon_s: float | None) -> subprocess.Popen:
    env = {**os.environ, classroom.PASSWORD_ENV: "bench", classroom.URL_ENV: f"http://127.0.0.1:{port}"}
    if abandon_s is not None:
        env["GAN_EXPLORER_ABANDON_S"] = str(abandon_s)
    server = subprocess.Popen(
        classroom.command(port, upload_mb),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open("/tmp/class_load_server.log", "w"),
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start (see /tmp/class_load_server.log)")


async def warm_up(url: str) -> None:
    """The teacher opens every page before the class comes in: the first visit of a page fills the
    server's caches (the Latent page's first visit takes ~3.6 s here, later ones ~0.1 s)."""
    teacher = Student(url, "teacher, before the class")
    for page, query in [(p, "") for p in PAGES] + [("latent", "engine=server")]:
        await teacher.open(page, query)
    await teacher.close()


def row(name: str, values: list[float]) -> str:
    p50, p95, worst = percentiles(values)
    return f"  {name:<28} n={len(values):<4} p50 {p50:6.2f} s   p95 {p95:6.2f} s   max {worst:6.2f} s"


async def class_on(url: str, root: int, args, label: str, replicas: int = 1) -> None:
    """The lesson against the server at `url` whose processes all descend from `root`; prints it all."""
    sampler = Sampler(root)
    await warm_up(url)
    for _ in range(replicas - 1):  # through the balancer, each replica gets its own first visit
        await warm_up(url)
    before = sample(root)
    sampler.start()
    lesson = Lesson(url, students=args.students, seconds=args.seconds, seed=args.seed, password="bench")
    spy = (
        subprocess.Popen(
            ["py-spy", "record", "--pid", str(root), "--duration", str(int(args.seconds)), "--format", "raw"]
            + ["--output", args.profile, "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if args.profile
        else None
    )
    start = time.perf_counter()
    await lesson.run()
    busy = time.perf_counter() - start
    during = sampler.take()
    cpu = sampler.cpu()
    await lesson.leave()
    if spy is not None:
        spy.wait(60)
    left = time.perf_counter()
    freed_at = None
    while time.perf_counter() - left < args.after:
        await asyncio.sleep(1)
        if freed_at is None and sample(root)["workers"] == 0:
            freed_at = time.perf_counter() - left
    after = sample(root)
    await sampler.stop()

    print(f"# {args.students} students and a teacher, {args.seconds:.0f} s of work ({busy:.0f} s in all), {label}")
    print(f"# {machine()}; the students' clients run on the same machine")
    errors = lesson.errors()
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print(f"  {error}")
    print(f"sessions that got every answer: {lesson.answered()}/{len(lesson.everyone())}")
    undone = lesson.undone()
    print(f"asked for but not done: {len(undone)}" + "".join(f"\n  {u}" for u in undone))
    print("answer times (from the message sent to the run's end):")
    for kind in (
        "open home",
        "open train",
        "open latent",
        "open harmonic",
        "open style",
        "latent slider",
        "start a training",
        "play a harmonic game",
        "start a painting",
        "upload a digit photo",
        "upload a zip of pictures",
    ):
        print(row(kind, lesson.times(kind)))
    print(
        row("latent slider, training on", [t for s in lesson.everyone() for w, t in s.answers if w == "latent slider"])
    )
    print("first rush, every page open of the first minute (p50 / p95):")
    rush = [t for s in lesson.everyone() for w, t in s.answers if w.startswith("open ")]
    print(row("page opens", rush))
    print("memory (PSS: resident memory, shared library pages divided among the processes sharing them):")
    idle = ", ".join(f"{kind} {mib:.0f}" for kind, mib in sorted(before.get("mib_by_kind", {}).items()))
    print(f"  idle, after the first visits: {before['mib']:.0f} MiB ({idle})")
    peak = sampler.peak()
    parts = ", ".join(f"{kind} {mib:.0f}" for kind, mib in sorted(peak.get("mib_by_kind", {}).items()))
    print(
        f"  peak {peak['mib']:.0f} MiB ({parts}; "
        f"{peak.get('workers', 0)} workers); "
        f"at the end of the work {during['mib']:.0f} MiB with {during['workers']} workers; "
        f"{args.after:.0f} s after everyone left {after['mib']:.0f} MiB with {after['workers']} workers"
    )
    print(
        f"  every job freed {freed_at:.0f} s after the tabs closed"
        if freed_at is not None
        else f"  jobs still running {args.after:.0f} s after the tabs closed"
    )
    print("where the CPU went during the class (CPU seconds; 2 cores give 2 per second):")
    for kind, spent in sorted(cpu.items()):
        print(f"  {kind:<18} {spent:7.1f} CPU-s  ({spent / busy:.2f} cores on average)")
    print(flush=True)


def start_cluster(port: int, replicas: int, abandon_s: float | None) -> subprocess.Popen:
    """`python -m explorer cluster` on loopback (inside this bench's network namespace)."""
    env = {**os.environ, classroom.PASSWORD_ENV: "bench"}
    if abandon_s is not None:
        env["GAN_EXPLORER_ABANDON_S"] = str(abandon_s)
    command = [sys.executable, "-m", "explorer", "cluster", "--replicas", str(replicas), "--port", str(port)]
    launcher = subprocess.Popen(
        [*command, "--host", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(CLUSTER_LOG, "w")
    )
    for _ in range(480):
        if "Students open:" in Path(CLUSTER_LOG).read_text():
            return launcher
        if launcher.poll() is not None:
            break
        time.sleep(0.5)
    launcher.kill()
    raise RuntimeError(f"the cluster class did not start (see {CLUSTER_LOG})")


async def main(args) -> None:
    port = free_port()
    server = start_server(port, 50, args.abandon_s)
    try:
        await class_on(f"http://127.0.0.1:{port}", server.pid, args, "one server")
    finally:
        server.terminate()
        server.wait(20)
    if not args.cluster:
        return
    port = free_port()
    launcher = start_cluster(port, args.cluster, args.abandon_s)
    try:
        await class_on(
            f"http://127.0.0.1:{port}", launcher.pid, args, f"{args.cluster} replicas behind nginx, jobs on Ray"
        )
    finally:
        launcher.terminate()  # stops the replicas, nginx and the Ray head
        launcher.wait(60)


def in_a_network_namespace(argv: list[str]) -> int:
    """Run this bench again inside a network and PID namespace (tests/netns.py): Ray binds loopback
    there, and every process it starts ends with it."""
    from netns import prefix

    enter = prefix()
    if enter is None:
        raise SystemExit("--cluster needs a network namespace (unshare), which this machine does not allow")
    env = {**os.environ, "GX_BENCH_IN_NETNS": "1"}
    return subprocess.run([*enter, sys.executable, __file__, *argv], env=env).returncode


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--after", type=float, default=75.0)
    parser.add_argument("--abandon-s", type=float, default=None, help="the server's GAN_EXPLORER_ABANDON_S")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cluster", type=int, default=0, help="then the same class through nginx to this many replicas, jobs on Ray"
    )
    parser.add_argument(
        "--profile", help="write py-spy's raw samples of the server's threads here (where its time goes)"
    )
    arguments = parser.parse_args()
    if arguments.cluster and not os.environ.get("GX_BENCH_IN_NETNS"):
        sys.exit(in_a_network_namespace(sys.argv[1:]))
    if arguments.cluster:
        from netns import loopback_up

        loopback_up()
    asyncio.run(main(arguments))

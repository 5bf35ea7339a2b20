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

from common import ROOT, machine

sys.path.insert(0, str(ROOT / "tests"))
from classclient import Student  # noqa: E402
from classload import PAGES, Lesson, Sampler, percentiles, sample  # noqa: E402

from explorer import classroom  # noqa: E402


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


async def main(args) -> None:
    port = free_port()
    server = start_server(port, 50, args.abandon_s)
    url = f"http://127.0.0.1:{port}"
    sampler = Sampler(server.pid)
    try:
        await warm_up(url)
        before = sample(server.pid)
        sampler.start()
        lesson = Lesson(url, students=args.students, seconds=args.seconds, seed=args.seed, password="bench")
        spy = (
            subprocess.Popen(
                [
                    "py-spy",
                    "record",
                    "--pid",
                    str(server.pid),
                    "--duration",
                    str(int(args.seconds)),
                    "--format",
                    "raw",
                    "--output",
                    args.profile,
                    "--nonblocking",
                ],
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
            if freed_at is None and sample(server.pid)["workers"] == 0:
                freed_at = time.perf_counter() - left
        after = sample(server.pid)
        await sampler.stop()
    finally:
        server.terminate()
        server.wait(20)

    print(f"# {args.students} students and a teacher, {args.seconds:.0f} s of work ({busy:.0f} s in all), one server")
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
    print("server memory (PSS: resident memory, shared library pages divided among the processes sharing them):")
    peak = sampler.peak()
    parts = ", ".join(f"{kind} {mib:.0f}" for kind, mib in sorted(peak.get("mib_by_kind", {}).items()))
    print(
        f"  before the class {before['mib']:.0f} MiB; peak {peak['mib']:.0f} MiB ({parts}; "
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
        print(f"  {kind:<12} {spent:7.1f} CPU-s  ({spent / busy:.2f} cores on average)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--after", type=float, default=75.0)
    parser.add_argument("--abandon-s", type=float, default=None, help="the server's GAN_EXPLORER_ABANDON_S")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile", help="write py-spy's raw samples of the server's threads here (where its time goes)"
    )
    asyncio.run(main(parser.parse_args()))

"""A class against one server: every student opens every page, then does one thing for the lesson's
length: the teacher trains, students move latent sliders (on the server-drawn page: the browser-drawn
one sends the server nothing while a slider moves), play harmonic games, watch the teacher's run,
start trainings and paintings of their own, upload pictures. Then they all close their tabs.
Used by tests/test_load.py (a few students) and bench/class_load.py (thirty).
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import statistics
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from classclient import NoAnswer, Student
from PIL import Image

PAGES = ["", "train", "latent", "harmonic", "style"]
ROLES = ["latent", "harmonic", "watch", "latent", "train", "upload", "harmonic", "style", "latent", "watch"]


def digit_png(seed: int) -> bytes:
    """A photo-like picture of a digit: a dark stroke on light paper."""
    rng = np.random.default_rng(seed)
    picture = np.full((120, 90), 230, np.uint8)
    picture[20:100, 40:52] = rng.integers(10, 60)  # a "1"
    out = io.BytesIO()
    Image.fromarray(picture).save(out, format="PNG")
    return out.getvalue()


def pictures_zip(n: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(n):
            picture = io.BytesIO()
            Image.fromarray(rng.integers(0, 255, (40, 40, 3), dtype=np.uint8)).save(picture, format="PNG")
            z.writestr(f"p{i}.png", picture.getvalue())
    return out.getvalue()


@dataclass
class Lesson:
    url: str
    students: int = 30  # besides the teacher
    seconds: float = 60.0  # how long they work once everyone is in
    slider_moves: int = 5  # at least, per latent student
    seed: int = 0
    log: list[str] = field(default_factory=list)
    teacher: Student | None = None
    class_: list[Student] = field(default_factory=list)
    password: str = ""  # teacher mode's, when the server has one: the teacher unlocks it first
    class_in: float | None = None  # when the class started work (the teacher's training already started)
    roles: dict[str, str] = field(default_factory=dict)
    stalled: Callable[[str], None] | None = None  # each student's (Student.stalled)

    async def run(self) -> None:
        self.teacher = Student(self.url, "teacher", stalled=self.stalled)
        await self.teacher.open("train")
        if self.password:
            await self.teacher.set("teacher_password", "unlock teacher mode", string_value=self.password)
        await self.teacher.click("train_start", "start a training")
        run_id = dict(p.split("=", 1) for p in self.teacher.query.split("&") if "=" in p).get("run", "")
        self.class_in = time.perf_counter()
        self.class_ = [Student(self.url, f"student{i + 1}", stalled=self.stalled) for i in range(self.students)]
        for i, student in enumerate(self.class_):
            self.roles[student.name] = ROLES[i % len(ROLES)]
        end = time.perf_counter() + self.seconds
        await asyncio.gather(
            self._watch(self.teacher, end),
            *(self._student(s, self.roles[s.name], run_id, end, i) for i, s in enumerate(self.class_)),
        )

    async def settle(self, timeout_s: float) -> None:
        """Keep the tabs open until what was asked for has happened (`undone()` is empty), or for
        `timeout_s`: on a busy machine a training may start later than the lesson's seconds."""
        end = time.perf_counter() + timeout_s
        while self.undone() and time.perf_counter() < end:
            await asyncio.sleep(0.5)

    async def leave(self) -> None:
        for student in [self.teacher, *self.class_]:
            if student is not None:
                await student.close()

    # --- what each does ----------------------------------------------------------------------------
    async def _student(self, s: Student, role: str, run_id: str, end: float, i: int) -> None:
        rng = random.Random(self.seed * 1000 + i)
        try:
            await asyncio.sleep(rng.uniform(0, 3))  # the class does not click at the same millisecond
            for page in PAGES:  # every page once, as a curious student does
                await s.open(page)
            if role == "latent":
                await s.open("latent", "engine=server")
                moves = 0
                while moves < self.slider_moves or time.perf_counter() < end:
                    await s.slide("latent_t", round(rng.uniform(0, 1) / 0.05) * 0.05, "latent slider")
                    moves += 1
                    await asyncio.sleep(rng.uniform(0.5, 1.5))
            elif role == "harmonic":
                await s.open("harmonic")
                await s.click("harm_play", "play a harmonic game")
                await self._watch(s, end)
            elif role == "watch":
                await s.open("train", f"run={run_id}")
                await self._watch(s, end)
            elif role == "train":
                await s.open("train")
                await s.click("train_start", "start a training")
                await self._watch(s, end)
            elif role == "style":
                await s.open("style")
                await s.click("st_paint", "start a painting")
                await self._watch(s, end)
            elif role == "upload":
                await s.open("latent", "engine=server")
                await s.upload("latent_upload", "digit.png", digit_png(i), "upload a digit photo")
                await s.open("train")
                await s.set("train_dataset", "choose own pictures", string_value="Your own pictures")
                sent = time.perf_counter()
                await s.upload("train_upload", "pictures.zip", pictures_zip(80, i), "upload a zip of pictures")
                await s.until("centre-cropped to", "read the uploaded pictures", since=sent)
                await s.click("train_start", "start a training on own pictures")
                await self._watch(s, end)
        except NoAnswer:
            pass  # recorded in s.errors
        except Exception as error:  # a widget that was not there, a broken upload: the page did not answer as it should
            s.errors.append(f"{s.name} ({role}): {type(error).__name__}: {error}")

    @staticmethod
    async def _watch(s: Student, end: float) -> None:
        """Keep the tab open on the page (its fragments rerun on their timers) until the lesson ends."""
        await asyncio.sleep(max(0.0, end - time.perf_counter()))

    # --- what came of it ---------------------------------------------------------------------------
    def everyone(self) -> list[Student]:
        return [s for s in [self.teacher, *self.class_] if s is not None]

    def errors(self) -> list[str]:
        """Exceptions, lost connections, answers that never came, and the app's error sentences (a
        refused upload, a setting it would not take): none belongs in a lesson."""
        said = [
            f"{s.name} ({self.roles.get(s.name, 'teacher')}): the page said: {e}"
            for s in self.everyone()
            for e in s.said
        ]
        return [e for s in self.everyone() for e in s.errors] + said

    def answered(self) -> int:
        """Sessions that got an answer to everything they asked, with no error."""
        return sum(1 for s in self.everyone() if not s.errors and not s.said)

    def undone(self) -> list[str]:
        """What the lesson asked for that did not happen, though every page answered: teacher mode
        not on, the teacher's training not going on while the class worked, a watcher who did not
        see it move, a game or a training neither running nor waiting its turn in the queue."""
        out = []
        if self.password and not self.teacher.saw("Teacher mode: you can show"):
            out.append("the teacher is not in teacher mode")
        if len(set(self.teacher.steps(since=self.class_in))) < 2:
            out.append("the teacher's training did not go on while the class worked")
        for s in self.class_:
            role = self.roles[s.name]
            moving = len(set(s.steps(since=self.class_in))) >= 2
            if role == "watch" and not moving:
                out.append(f"{s.name} ({role}): the teacher's run did not move on the page")
            if role in ("train", "upload", "harmonic") and not (moving or s.saw("Waiting for a free slot")):
                said = [shown for _, shown in s.shown if len(shown) < 200 and not shown.startswith("$$")]
                last = " | ".join(said[-15:])  # the run's status lines, not the page's long explanations
                out.append(f"{s.name} ({role}): the job neither ran nor waited in the queue; the page said {last}")
        return out

    def times(self, what: str) -> list[float]:
        return [seconds for s in self.everyone() for w, seconds in s.answers if w == what or w.startswith(what)]


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) in seconds; NaNs for no values."""
    if not values:
        return float("nan"), float("nan"), float("nan")
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, ordered[-1]


# --- the server, seen from outside: memory, processes, CPU ------------------------------------------
def tree(pid: int) -> list[int]:
    """The server's pid and its descendants' (the job workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _pss_kib(pid: int) -> int:
    """A process's proportional set size: its resident memory with the pages it shares (torch's
    libraries, mapped by every worker) divided among the processes that share them, so that the
    sum over the server and its workers is the memory they take, not a multiple of the libraries."""
    try:
        return next(
            int(line.split()[1])
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            if line.startswith("Pss:")
        )
    except (OSError, StopIteration):  # no smaps_rollup (an old kernel): resident memory
        return next(
            int(line.split()[1])
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("VmRSS:")
        )


def sample(pid: int) -> dict:
    """Memory (PSS, MiB) of the server and its workers, how many workers, and each process's CPU
    seconds and kind (by the name a worker gives its process: gx-heavy-…, gx-light-…)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {"mib": 0.0, "workers": 0, "cpu": {}, "mib_by_kind": {}}
    kinds = {"gx-heavy": "heavy jobs", "gx-light": "light jobs"}
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            name = Path(f"/proc/{p}/comm").read_text().strip()
            command = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            kib = _pss_kib(p)
        except (OSError, StopIteration, ValueError):
            continue
        kind = kinds.get(name[:8]) or _cluster_kind(command)
        if p == pid:
            kind = "launcher" if "explorer.cluster.launch" in command else "server"
        out["mib"] += kib / 1024
        out["mib_by_kind"][kind] = out["mib_by_kind"].get(kind, 0.0) + kib / 1024
        out["workers"] += kind in ("heavy jobs", "light jobs", "jobs (Ray actors)")
        out["cpu"][p] = (kind, (int(fields[11]) + int(fields[12])) / tick)
    return out


def _cluster_kind(command: str) -> str:
    """A process of a cluster class (`python -m explorer cluster`), by its command line."""
    if command.startswith("ray::JobHost"):
        return "jobs (Ray actors)"
    if "streamlit" in command:
        return "replicas"
    if command.startswith("nginx"):
        return "nginx"
    if command.startswith("ray::") or "/ray/" in command or "ray start" in command:
        return "ray node"
    return "other"


class Sampler:
    """Samples the server every `every_s` (an asyncio task): memory, and CPU seconds by kind of
    process, counted per process so that a worker that ended keeps what it spent."""

    def __init__(self, pid: int, every_s: float = 0.5) -> None:
        self.pid, self.every_s, self.samples = pid, every_s, []
        self._cpu: dict[int, tuple[str, float]] = {}
        self._start: dict[int, float] = {}
        self._task: asyncio.Task | None = None

    def take(self) -> dict:
        now = sample(self.pid)
        for p, (kind, cpu) in now["cpu"].items():
            self._start.setdefault(p, cpu if not self.samples else 0.0)  # what it had spent before we looked
            self._cpu[p] = (kind, cpu)
        self.samples.append((time.perf_counter(), now))
        return now

    def cpu(self) -> dict[str, float]:
        """CPU seconds spent since sampling began, by kind of process."""
        spent: dict[str, float] = {}
        for p, (kind, cpu) in self._cpu.items():
            spent[kind] = spent.get(kind, 0.0) + cpu - self._start.get(p, 0.0)
        return spent

    async def _loop(self) -> None:
        while True:
            self.take()
            await asyncio.sleep(self.every_s)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def peak(self) -> dict:
        """The sample with the most memory."""
        return max((s for _, s in self.samples), key=lambda s: s["mib"], default={"mib": float("nan")})

"""The words a page and a job's worker process say to each other: frozen dataclasses, pickled
through a multiprocessing queue. Commands go to the worker, reports come back. The commands and
reports every kind of job knows are here; a kind adds its own next to its worker (a training's
epochs, a harmonic game's frames and its step / retune commands).

A job's life: queued → starting → running ⇄ paused → finished | stopped | failed. A job waits in
the board's queue (queued), its worker spawns and loads (starting), and it ends exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

QUEUED, STARTING, RUNNING, PAUSED = "queued", "starting", "running", "paused"
FINISHED, STOPPED, FAILED = "finished", "stopped", "failed"
ACTIVE = (QUEUED, STARTING, RUNNING, PAUSED)
ENDED = (FINISHED, STOPPED, FAILED)


@dataclass(frozen=True)
class Command:
    """Page → worker; obeyed between two steps of the work."""


@dataclass(frozen=True)
class Pause(Command):
    pass


@dataclass(frozen=True)
class Resume(Command):
    pass


@dataclass(frozen=True)
class Stop(Command):
    pass


@dataclass(frozen=True)
class Report:
    """Worker → page; folded into the job's state by its collector thread."""


@dataclass(frozen=True)
class Status(Report):
    """Where the job is in its life, and a sentence for the page (where the data came from, a
    download's progress, or what went wrong). An ENDED status is the worker's last word."""

    state: str
    message: str = ""

"""The job layer: everything that runs longer than a click (a training, a harmonic game, a
painting, reading uploaded pictures) runs as a job: a spawned worker process that a page talks to
only through typed messages (`messages.py`), seen through one frozen snapshot (`job.py`), obeying
the page in the one worker loop (`worker.py`), and owned by the one process-wide `JobBoard`
(`board.py`): ids, owners, one compute budget, a queue, reaping and file clean-up.
"""

from explorer.jobs.board import JobBoard
from explorer.jobs.budget import LIGHT, Resources, device_budget, training_cost
from explorer.jobs.job import Job, Snapshot
from explorer.jobs.messages import (
    ACTIVE,
    ENDED,
    FAILED,
    FINISHED,
    PAUSED,
    QUEUED,
    RUNNING,
    STARTING,
    STOPPED,
    Command,
    Pause,
    Report,
    Resume,
    Status,
    Stop,
)
from explorer.jobs.process import Channel
from explorer.jobs.worker import Refused, Work, run

__all__ = [
    "ACTIVE",
    "ENDED",
    "FAILED",
    "FINISHED",
    "PAUSED",
    "QUEUED",
    "RUNNING",
    "STARTING",
    "STOPPED",
    "Channel",
    "Command",
    "Job",
    "JobBoard",
    "Pause",
    "Report",
    "Refused",
    "Resources",
    "Resume",
    "Snapshot",
    "Status",
    "Stop",
    "device_budget",
    "LIGHT",
    "training_cost",
    "Work",
    "run",
]

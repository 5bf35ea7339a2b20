"""The one worker loop: how every kind of job obeys the page in its worker process.

A kind supplies its `Work` — a piece of work at a time, what it reports, its own commands — and
`run()` does the rest, the same way for every kind: Pause, Resume and Stop obeyed between two
pieces, reports sent at most every `report_every_s` while running and always before a status
(so a page that sees "paused" also has the last picture), a pause that holds until Resume or Stop,
and exactly one ending: finished, stopped, or failed with a sentence.

    running ──Pause──▶ paused ──Resume──▶ running          (report, then the status)
       │                  │
       └──────Stop────────┴──▶ stopped                       (finish(), then the status)
    done ──▶ finished;  an error the work names (failed()) ──▶ failed, its last good state kept
"""

from __future__ import annotations

import time
from collections.abc import Callable

from explorer.jobs.messages import FAILED, FINISHED, PAUSED, RUNNING, STOPPED, Command, Pause, Resume, Stop


class Work:
    """One kind's work in its worker process. `run()` calls `advance()` while the job runs."""

    report_every_s = 0.25  # reports at most this often while running
    message = ""  # the sentence sent with every status (e.g. where the data came from)

    def advance(self, interrupted: Callable[[], bool]) -> bool:
        """Do one piece of the work; True when the whole work is done. A long piece (an epoch)
        asks `interrupted()` between its steps and returns early when it is true: a command is
        waiting, or a report is due."""
        raise NotImplementedError

    def report(self) -> None:
        """Send what the page has not seen yet (the pieces since the last report, a picture)."""

    def apply(self, command: Command) -> bool | None:
        """Obey one of the kind's own commands (not Pause, Resume or Stop). Return False to be
        paused after it (a report and a PAUSED status follow, as after a Pause), True to run,
        None to go on as before. Raise `Refused` to keep going with a sentence for the page."""
        raise Refused(f"unknown command {type(command).__name__}")

    def paused(self) -> None:
        """Called once the page has been told it is paused (e.g. save a checkpoint)."""

    def resumed(self) -> None:
        """Called when a pause ends with Resume."""

    def finish(self, state: str) -> str:
        """The last words before the ending `state` (FINISHED, STOPPED or FAILED): e.g. save the
        work. Returns the ending's sentence."""
        return self.message

    def failed(self, error: Exception) -> str | None:
        """The sentence for an error that ends the job as failed with its work kept (a diverged
        training), or None for an error the work does not expect (then it propagates, and the job
        layer reports it as a crash)."""
        return None


class Refused(Exception):
    """A command the work cannot obey now; its sentence goes to the page, the work goes on."""


def run(channel, work: Work, *, running: bool = True) -> None:
    """Run `work` in this worker process until it is done, stopped or failed, obeying the page's
    commands from `channel` (explorer/jobs/process.py) between two pieces of it."""
    last_report = time.monotonic()

    def report() -> None:
        nonlocal last_report
        work.report()
        last_report = time.monotonic()

    def due() -> bool:
        return time.monotonic() - last_report >= work.report_every_s

    def end(state: str, message: str | None = None) -> None:
        report()
        said = work.finish(state)
        channel.status(state, said if message is None else message)

    def pause(was_running: bool) -> None:  # the page sees the last report, then "paused"
        report()
        channel.status(PAUSED, work.message)
        if was_running:
            work.paused()

    def resume() -> None:
        channel.status(RUNNING, work.message)
        work.resumed()

    report()
    channel.status(RUNNING if running else PAUSED, work.message)
    try:
        while True:
            command = channel.poll() if running else channel.wait(0.2)
            while command is not None:
                if isinstance(command, Stop):
                    end(STOPPED)
                    return
                if isinstance(command, (Pause, Resume)):
                    want = isinstance(command, Resume)
                else:  # one of the kind's own: False, paused after it (e.g. "n steps, then paused")
                    want = _apply(channel, work, command, running)
                if want is False and (running or not isinstance(command, Pause)):
                    pause(running)
                elif want is True and not running:
                    resume()
                running = running if want is None else want
                command = channel.poll()
            if not running:
                continue
            if work.advance(lambda: channel.waiting() or due()):
                end(FINISHED)
                return
            if due():
                report()
    except Exception as error:
        sentence = work.failed(error)
        if sentence is None:
            raise
        end(FAILED, sentence)


def _apply(channel, work: Work, command: Command, running: bool) -> bool | None:
    """One of the kind's own commands: what `work.apply` says (a refusal: its sentence, and None)."""
    try:
        return work.apply(command)
    except Refused as refusal:
        channel.status(RUNNING if running else PAUSED, str(refusal))
        return None

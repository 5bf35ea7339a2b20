"""How a model was made, said once for every file that keeps it: a checkpoint's "extra", a
recording's info, a shipped generator's JSON. A resumed run goes on from its checkpoint's: the
commands chained, the seconds added up, each device named once per stretch."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from explorer.i18n import Message, to_json


@dataclass(frozen=True)
class RunInfo:
    command: str = ""  # the command line (or the page) that trained it
    preset: str = ""
    device: str = ""  # "CPU (2 threads), then GPU …" for a run resumed elsewhere
    data: str = ""  # where the pictures came from, in English …
    data_said: dict | None = None  # … and as its message (explorer/i18n `to_json`), for a page in any language
    train_seconds: float = 0.0
    outcome: str = ""  # finished | diverged | interrupted | snapshot

    @classmethod
    def of(cls, *, command: str, preset: str, device: str, data, earlier: dict | None = None) -> RunInfo:
        """A run's info from its command and data (a `Message`, kept to be rendered in any language), after `earlier`'s
        (the "extra" of the checkpoint it resumed from)."""
        earlier = earlier or {}
        return cls(
            command=" && ".join(filter(None, [earlier.get("command"), command])),
            preset=preset,
            device=device_chain(earlier.get("device", ""), device),
            data=str(data),
            data_said=to_json(data) if isinstance(data, Message) else None,
            train_seconds=earlier.get("train_seconds") or 0.0,
        )

    def ended(self, seconds: float, outcome: str) -> RunInfo:
        """This info once the run has trained `seconds` more and ended so."""
        return dataclasses.replace(self, train_seconds=round(self.train_seconds + seconds, 2), outcome=outcome)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def device_chain(*parts: str) -> str:
    """Where a run trained, resumes and all: "CPU (2 threads), then CPU (1 thread)", each device
    named once per stretch (resuming on the machine it was already on adds nothing)."""
    chain: list[str] = []
    for part in parts:
        for where in filter(None, part.split(", then ")):
            if not chain or chain[-1] != where:
                chain.append(where)
    return ", then ".join(chain)

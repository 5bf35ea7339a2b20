"""Keeping a long record short: a job's frames and grids are thinned at a cap, not cut."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def thin(items: list[T], cap: int) -> list[T]:
    """`items` if within `cap`; else the first, every other one between, and the latest (so a
    record of any length keeps its start, its end and an even spread between)."""
    if len(items) <= cap:
        return items
    return items[:1] + items[1:-1][1::2] + items[-1:]

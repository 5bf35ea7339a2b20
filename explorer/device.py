"""Choosing the device: `auto` prefers CUDA, then Apple's MPS, then the CPU."""

from __future__ import annotations

import torch

from explorer.words import say

DEVICES = ("auto", "cuda", "mps", "cpu")


def pick_device(name: str = "auto") -> torch.device:
    if name not in DEVICES and not name.startswith("cuda:"):
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {name!r}")
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("CUDA was asked for but no CUDA GPU is visible; use --device auto or cpu")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError("MPS was asked for but this machine has no Apple GPU; use --device auto or cpu")
    return device


def elsewhere(name: str) -> torch.device:
    """The device a job will compute on, named by whoever places it (a cluster's board: "cuda"
    when its nodes have GPUs), without asking this machine: "auto" is this machine's choice."""
    return pick_device("auto") if name == "auto" else torch.device(name)


def describe(device: torch.device) -> str:
    if device.type == "cuda":  # (a replica without a GPU describes a cluster's training before it starts)
        return f"GPU: {torch.cuda.get_device_name(device)}" if torch.cuda.is_available() else "GPU"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    return say("cpu", n=torch.get_num_threads())

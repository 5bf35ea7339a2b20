"""Helpers shared by the benchmark scripts (run from the repository root: python bench/NAME.py)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root, for `explorer`


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    gpu = f", GPU {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ""
    return f"{cpu}, {torch.get_num_threads()} torch threads{gpu}; torch {torch.__version__}"


def parse_overrides(pairs: list[str]) -> dict:
    """["lr_d=1e-4", "half_batch_d=true", "g_hidden=256,512"] → typed config overrides."""
    out = {}
    for pair in pairs:
        key, _, text = pair.partition("=")
        if text.lower() in ("true", "false"):
            out[key] = text.lower() == "true"
        elif "," in text:
            out[key] = tuple(int(v) for v in text.split(","))
        else:
            try:
                out[key] = int(text)
            except ValueError:
                try:
                    out[key] = float(text)
                except ValueError:
                    out[key] = text
    return out

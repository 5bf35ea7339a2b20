"""Helpers shared by the benchmark scripts (run from the repository root: python bench/NAME.py)."""

from __future__ import annotations

import platform
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
# A process that keeps a core busy for {limit} seconds (a tight Python loop, nice 0: another user's work)
BUSY = "import time\nend = time.time() + {limit}\nwhile time.time() < end:\n    sum(i * i for i in range(10_000))\n"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


@contextmanager
def served_app(root: Path = ROOT):
    """`streamlit run` of the app in `root` on a free port: yields (the server's process, its URL)
    once it answers."""
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "explorer/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield server, url
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def app_page(viewport=(1400, 1000), root: Path = ROOT):
    """The app served by `streamlit run` on a free port and opened in Debian's headless Chromium
    on this machine; yields the Playwright page at the home page. `root`: another checkout of the
    app to serve (a baseline's, for before/after numbers)."""
    from playwright.sync_api import sync_playwright

    with served_app(root) as (_, url), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        page.goto(url)
        yield page
        browser.close()

"""End to end in a real headless Chromium: the app starts, renders and navigates.

Needs Debian's chromium (the README's test command installs it) and Playwright's Python package.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "explorer/app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited: {proc.stdout.read()}")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start listening within 60 s")
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run the README's test command (it installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM,
                               args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def test_home_page_renders_in_chromium(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    page.get_by_text("GAN Explorer", exact=True).first.wait_for(timeout=60_000)
    page.get_by_text("What a GAN is").wait_for(timeout=30_000)
    # the real digits grid is an <img> that actually loaded
    img = page.locator("[data-testid='stImage'] img").first
    img.wait_for(timeout=30_000)
    assert page.evaluate("(el) => el.naturalWidth", img.element_handle()) > 100
    page.locator(".st-key-lang").get_by_text("Русский").click()
    page.get_by_text("Что такое GAN").wait_for(timeout=30_000)
    page.get_by_text("Тот же движок из терминала").wait_for(timeout=30_000)  # the last section, rerun too
    shots = os.environ.get("E2E_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "home.png"), full_page=True)
    page.close()

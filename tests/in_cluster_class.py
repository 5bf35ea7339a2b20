"""A cluster class as students meet it: `python -m explorer cluster` (a Ray head, two Streamlit
replicas, the real nginx in front) and browsers that only know the balancer's address. Run by
tests/test_cluster.py inside a network namespace of its own; not collected on its own.

Times are printed (what a class would wait), never asserted: bench/cluster_class.py measures them.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import PATIENCE_S, ROOT
from test_e2e import CHROMIUM, PATIENCE_MS, _wait_for_more_steps, _wait_until, _zip_of_pictures

from explorer.classroom import PASSWORD_ENV
from explorer.jobs.budget import NICE

if not os.environ.get("GAN_EXPLORER_TEST_RAY"):
    pytest.skip("runs inside a network namespace (tests/test_cluster.py)", allow_module_level=True)

PORT, REPLICA_PORTS, RAY_PORT = 8600, (8601, 8602), 6390
URL = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def cluster_class(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("cluster") / "launch.log"
    log = log_path.open("w")
    # Jobs go 30 s after their last tab, as in a class: a page whose replica died is looked at again
    # only once it has reconnected to the other one and run there, which beside two busy processes
    # took longer than the 10 s a dead replica's tabs still count plus the 5 s this once allowed
    env = {**os.environ, PASSWORD_ENV: "chalk", "PYTHONUNBUFFERED": "1", "GAN_EXPLORER_ABANDON_S": "30"}
    # on one core (its trainings too: one thread each, Ray's lanes sized by it), beside the suite's
    # other tests on the rest: a training here is something to watch, and at two threads it took
    # most of the machine while the test waited for its next step
    one_core = ["taskset", "--cpu-list", str(min(os.sched_getaffinity(0)))]
    command = [*one_core, sys.executable, "-m", "explorer", "cluster", "--replicas", "2", "--port", str(PORT)]
    command += ["--host", "127.0.0.1", "--ray-port", str(RAY_PORT)]
    launcher = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + PATIENCE_S
    while "Students open:" not in log_path.read_text():
        assert launcher.poll() is None, log_path.read_text()[-3000:]
        assert time.monotonic() < deadline, log_path.read_text()[-3000:]
        time.sleep(0.2)
    assert f"Students open:  {URL}" in log_path.read_text() and "chalk" in log_path.read_text()
    launcher.log = log_path
    yield launcher
    launcher.send_signal(signal.SIGTERM)  # stops the replicas, nginx and the head
    launcher.wait(60)
    log.close()


@pytest.fixture(scope="module")
def browser(cluster_class):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _served_by(response: http.client.HTTPResponse) -> str:
    cookie = response.getheader("Set-Cookie") or ""
    return re.search(r"lb=(\w*)", cookie).group(1) if "lb=" in cookie else ""


def test_each_browser_sticks_to_one_replica(cluster_class):
    """30 tabs, 5 times: each new browser is given a replica in turn, and every later request
    with its cookie (a page, the health check, a static file) goes to that replica."""
    for run in range(5):
        pinned = []
        for _ in range(30):
            first = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            first.request("GET", "/")
            response = first.getresponse()
            response.read()
            replica = _served_by(response)
            assert replica in ("r1", "r2")
            for path in ("/_stcore/health", "/", "/_stcore/host-config"):
                again = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                again.request("GET", path, headers={"Cookie": f"lb={replica}"})
                answer = again.getresponse()
                answer.read()
                assert _served_by(answer) == replica, f"{path} went elsewhere"
            pinned.append(replica)
        split = Counter(pinned)
        print(f"run {run + 1}: {split['r1']}/{split['r2']} tabs on r1/r2, every one sticky")
        assert min(split.values()) >= 10  # round-robin: an even split
    forged = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    forged.request("GET", "/", headers={"Cookie": "lb=../../etc"})  # a cookie naming no replica: round-robin
    answer = forged.getresponse()
    answer.read()
    assert answer.status == 200 and _served_by(answer) in ("r1", "r2")


def _open(browser, path: str = "/train"):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(URL + path)
    return page


def _replica_of(page) -> int:
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "lb")
    return REPLICA_PORTS[int(cookie[1:]) - 1]


def _pids(matches) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if matches([part.decode(errors="replace") for part in command]):
                found.append(int(entry.name))
    return found


def _job_processes() -> list[int]:
    """The Ray actors that run jobs (Ray names an actor's process after its class)."""
    return _pids(lambda command: command[0].startswith("ray::JobHost"))


def test_an_upload_goes_through_the_balancer(browser, tmp_path):
    """A zip of pictures given to the Train page's uploader in Chromium, through nginx to the replica
    that holds the session (the `lb` cookie): Streamlit's websocket asks for the upload's URL, the
    browser PUTs the file there, and the replica reads it. (In an earlier version it never started
    while the job-layer cluster run computed beside it: no PUT, no word. The replicas then left the
    cluster when a call to a busy head timed out, and their browsers reconnected elsewhere; since
    they leave only a cluster that is gone, it passed 3 of 3 times beside that run.)"""
    page = _open(browser)
    for _ in range(3):  # a click that lands while the page is still being drawn can be lost: try again
        page.locator(".st-key-train_dataset").get_by_text("Your own pictures").click()
        try:
            page.locator(".st-key-train_picture_size").wait_for(timeout=20_000)
            break
        except Exception:
            continue
    page.locator(".st-key-train_picture_size").get_by_text("32×32 px").click()
    page.locator(".st-key-train_upload input[type=file]").set_input_files(str(_zip_of_pictures(tmp_path / "c.zip", 40)))
    page.get_by_text(re.compile(r"40 pictures, centre-cropped to 32×32 px")).wait_for()
    page.context.close()


def test_the_owners_replica_dies_and_the_run_goes_on_on_the_other(browser):
    page = _open(browser)
    page.locator(".st-key-train_start button").click()
    before = _wait_for_more_steps(page, 0)
    _wait_until(page, lambda: "run=" in page.url, PATIENCE_S, "the run in the link")
    link, port = page.url, _replica_of(page)
    (replica,) = _pids(lambda command: "streamlit" in " ".join(command) and str(port) in command)
    os.kill(replica, signal.SIGKILL)  # the replica dies; the launcher starts it again, later
    killed = time.monotonic()
    # the same page reconnects: to the other replica, or to the killed one started again by the
    # launcher; either way a new session in a process that never had the job
    after = _wait_for_more_steps(page, before)
    print(f"the run shown again, still advancing, {time.monotonic() - killed:.1f} s after its replica was killed")
    assert page.url == link and after > before
    pause = page.locator(".st-key-train_pause button")
    _wait_until(page, pause.is_enabled, PATIENCE_S, "the owner's Pause button")
    paused = page.get_by_text(re.compile(r"Paused")).first
    for _ in range(2):  # its owner still controls it. Beside two busy processes the browser drew steps
        pause.click()  # it had before the kill late, and a click while it reconnected was lost: a
        try:  # student clicks again (Pause twice is Pause: the button was drawn for a running job)
            paused.wait_for(timeout=60_000)
            break
        except Exception:
            continue
    paused.wait_for()
    _stop(page)
    page.context.close()


def _stop(page) -> None:
    """Stop the page's training once the test has seen what it needed: a training left to its tab's
    closing computes on until the board abandons it, beside the suite's other tests."""
    page.locator(".st-key-train_stop button").click()
    page.get_by_text("Stopped.").wait_for()


def test_a_killed_job_is_said_the_next_starts_and_closing_every_tab_ends_it(browser, cluster_class):
    """A training's actor is killed: its page says so, and the training queued behind it starts.
    Then every tab closes: the jobs are stopped and their actors gone (abandoned after 30 s, as in a class)."""
    first, second = _open(browser), _open(browser)
    first.locator(".st-key-train_start button").click()
    _wait_for_more_steps(first, 0)
    second.locator(".st-key-train_start button").click()  # one training at a time on one core: it waits
    second.get_by_text(re.compile(r"number 1 in the queue")).wait_for()
    (worker,) = _job_processes()
    below = os.getpriority(os.PRIO_PROCESS, worker) - os.getpriority(os.PRIO_PROCESS, cluster_class.pid)
    assert below == NICE["heavy"]  # below the pages, as on one server
    os.kill(worker, signal.SIGKILL)  # out of memory, or an administrator's kill
    killed = time.monotonic()
    first.get_by_text(re.compile(r"The training process ended unexpectedly")).wait_for()
    said = time.monotonic() - killed
    _wait_for_more_steps(second, 0)
    print(
        f"the failure said {said:.1f} s after the kill; the next training ran {time.monotonic() - killed:.1f} s after"
    )
    first.context.close()
    second.context.close()  # its training running: nobody looks at it any more
    closed = time.monotonic()
    deadline = closed + 3 * PATIENCE_S
    while _job_processes():
        assert time.monotonic() < deadline, "jobs outlived every tab"
        time.sleep(0.5)
    print(f"every job stopped and its actor gone {time.monotonic() - closed:.1f} s after the last tab closed")


def test_the_head_dies_and_the_class_goes_on_with_a_new_one(browser, cluster_class):
    """The head's Ray dies (its machine, or an administrator): the launcher starts it again, and the
    replicas, whose Ray driver went with it. The run was on the head and is lost: the same tab,
    reconnected, says so, and a new training runs on the new head."""
    page = _open(browser)
    page.locator(".st-key-train_start button").click()
    _wait_until(page, lambda: "run=" in page.url, PATIENCE_S, "the run in the link")  # starting, or running
    for pid in _pids(lambda command: command[0].endswith(("/gcs_server", "/raylet"))):
        os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    page.get_by_text("The training in this link is no longer on the server").wait_for()
    print(f"the lost run said {time.monotonic() - killed:.1f} s after the head died")
    assert "run=" not in page.url
    log = cluster_class.log.read_text()
    assert "head exited" in log and "starting it again; the jobs that ran on it are lost" in log
    page.locator(".st-key-train_start button").click()
    _wait_for_more_steps(page, 0)
    print(f"a new training ran {time.monotonic() - killed:.1f} s after the head died")
    _stop(page)
    page.context.close()

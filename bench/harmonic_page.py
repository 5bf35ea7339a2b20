"""The Harmonic GAN page in Chromium: from a click on Play, how long until the points reach the
curve, and how often does the page redraw meanwhile?

The app runs under `streamlit run` on this machine and Debian's headless Chromium opens the page;
after Play, the page's own status line and fit metrics (2,000 generated points, explorer/harmonic.py)
are read every 100 ms; a script in the page counts redraws: new status lines (each frame carries a
new step count), looked for every 20 ms.
"Reached" = distance <= 0.05, within 0.1 >= 90%, coverage <= 0.1, as the page shows them.

    python bench/harmonic_page.py --runs 3
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from common import ROOT, app_page, machine


def read(page) -> tuple[str, list[str]]:
    status = page.locator("[data-testid='stMarkdownContainer']", has_text="s of training").first.inner_text()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    return status, values


def one_run(page, timeout_s: float) -> dict:
    page.get_by_role("button", name="New game with these settings").click()
    confirm = page.get_by_role("button", name="Start a new game")  # a trained game is thrown away only when confirmed
    try:
        confirm.wait_for(timeout=3000)
        confirm.click()
    except Exception:
        pass  # an untrained game: no question (an older app never asked)
    page.get_by_text("Paused", exact=True).wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    # count redraws in the page itself (a Playwright round trip per look would miss some)
    page.evaluate("""() => {
        window.__seen = new Set();
        clearInterval(window.__watch);
        window.__watch = setInterval(() => {
            for (const el of document.querySelectorAll("[data-testid='stMarkdownContainer']")) {
                if (el.innerText.includes("s of training")) { window.__seen.add(el.innerText); break; }
            }
        }, 20);
    }""")
    page.get_by_role("button", name="Play").click()
    start = time.perf_counter()
    reached, values, status = None, [], ""
    while time.perf_counter() - start < timeout_s:
        try:
            status, values = read(page)
        except Exception:  # the element is being replaced by a redraw
            page.wait_for_timeout(50)
            continue
        if len(values) >= 3 and "epoch 0 " not in status:
            distance, within, coverage = float(values[0]), float(values[1].rstrip("%")) / 100, float(values[2])
            if distance <= 0.05 and within >= 0.9 and coverage <= 0.1:
                trained = float(re.search(r"([\d.]+) s of training", status).group(1))
                reached = {
                    "wall_s": time.perf_counter() - start,
                    "train_s": trained,
                    "epoch": int(re.search(r"epoch (\d+)", status).group(1)),
                }
                break
        page.wait_for_timeout(100)
    wall = time.perf_counter() - start
    if reached is None:
        print(f"# not reached: last seen {status!r} {values}")
    if page.get_by_role("button", name="Pause").count():
        page.get_by_role("button", name="Pause").click()
    redraws = page.evaluate("() => window.__seen.size") - 1  # less the paused status before the click
    return {"reached": reached, "redraws_per_s": redraws / wall, "wall_s": wall}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app to serve (default: this one)")
    args = p.parse_args()
    print(f"# {machine()} (this script's process); the app's trainer runs in its own 1-thread process")
    print(f"{'run':>3} {'reached':>7} {'wall_s':>7} {'train_s':>7} {'epoch':>6} {'redraws/s':>9}")
    rows = []
    with app_page(root=args.root) as page:
        page.get_by_role("link", name="Harmonic GAN").click()
        for i in range(args.runs):
            r = one_run(page, args.timeout)
            rows.append(r)
            hit = r["reached"]
            print(
                f"{i:3d} {'yes' if hit else 'no':>7} {hit['wall_s'] if hit else r['wall_s']:7.1f} "
                f"{hit['train_s'] if hit else float('nan'):7.1f} {hit['epoch'] if hit else '-':>6} "
                f"{r['redraws_per_s']:9.1f}",
                flush=True,
            )
    hits = [r["reached"] for r in rows if r["reached"]]
    if hits:
        print(
            f"# reached in {len(hits)}/{len(rows)} runs; median {statistics.median(h['wall_s'] for h in hits):.1f} s "
            f"after the click ({statistics.median(h['train_s'] for h in hits):.1f} s of training); "
            f"median {statistics.median(r['redraws_per_s'] for r in rows):.1f} redraws/s"
        )


if __name__ == "__main__":
    main()
